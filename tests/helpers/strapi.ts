/**
 * Boots a real Strapi for one suite: a fresh SQLite file, or a fresh PostgreSQL database when
 * DATABASE_CLIENT=postgres (so suites never see each other's rows).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { createStrapi, type Core } from '@strapi/strapi';
import { Client } from 'pg';

const appDir = path.resolve(__dirname, '..', '..');

let instance: Core.Strapi | null = null;
let tmpDir: string | null = null;
let pgDatabase: string | null = null;

function pgAdminConfig() {
  return {
    host: process.env.DATABASE_HOST ?? '127.0.0.1',
    port: Number(process.env.DATABASE_PORT ?? 5432),
    user: process.env.DATABASE_USERNAME ?? 'postgres',
    password: process.env.DATABASE_PASSWORD,
    database: 'postgres',
  };
}

async function withPgAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(pgAdminConfig());
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function setupStrapi(env: Record<string, string> = {}): Promise<Core.Strapi> {
  Object.assign(process.env, env);
  if (process.env.DATABASE_CLIENT === 'postgres') {
    pgDatabase = `easycars_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    await withPgAdmin((c) => c.query(`CREATE DATABASE ${pgDatabase}`));
    process.env.DATABASE_NAME = pgDatabase;
  } else {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'easycars-test-'));
    process.env.DATABASE_CLIENT = 'sqlite';
    process.env.DATABASE_FILENAME = path.join(tmpDir, 'test.db');
  }
  instance = await createStrapi({ appDir, distDir: path.join(appDir, 'dist') }).load();
  instance.server.mount();
  return instance;
}

export async function teardownStrapi(): Promise<void> {
  if (instance) await instance.destroy();
  instance = null;
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  tmpDir = null;
  if (pgDatabase) {
    const name = pgDatabase;
    await withPgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    pgDatabase = null;
  }
}
