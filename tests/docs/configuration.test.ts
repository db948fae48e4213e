/**
 * The configuration reference lists every plugin setting with a description and every environment variable the
 * runtime code reads (found here by reading the sources, so a new variable fails until it is documented).
 */
import fs from 'fs';
import path from 'path';
import { configOptions, ENV_VARS } from '../../scripts/docs/configuration';
import { QUEUE_ENV } from '../../plugins/easycars/server/src/config/schema';
import { expectFresh, root } from './generated';

/** Where the running app, the plugin and the scripts read the environment (not tests, benchmarks or the sandbox). */
const SOURCES = ['config', 'src', 'plugins/easycars/server/src', 'scripts'];
/** Strapi reads these itself (JWT_SECRET: users-permissions); the docs list them because a deployment sets them. */
const READ_BY_STRAPI = ['JWT_SECRET'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'admin' || entry.name === 'docs' ? [] : sourceFiles(file);
    return /\.(ts|js)$/.test(entry.name) ? [file] : [];
  });
}

/** `env('X')`, `env.int('X')`, `process.env.X`, `env.X`, `env[X_ENV]` with `X_ENV = 'X'`, and the queue's table. */
export function envReadIn(text: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /\benv(?:\.\w+)?\(\s*'([A-Z][A-Z0-9_]*)'/g,
    /\bprocess\.env\.([A-Z][A-Z0-9_]*)/g,
    /\benv\.([A-Z][A-Z0-9_]*)\b/g,
    /_ENV\s*=\s*'([A-Z][A-Z0-9_]*)'/g,
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.add(match[1]);
  return [...found];
}

describe('configuration reference', () => {
  it('describes every plugin setting', () => {
    const options = configOptions().flatMap((section) => section.options);
    expect(options.length).toBeGreaterThan(30);
    expect(options.filter((o) => !o.description).map((o) => o.key)).toEqual([]);
    expect(options.map((o) => o.key)).toEqual(expect.arrayContaining(['queue.redisUrl', 'leads.generalEnquiry.make']));
  });

  it('documents every environment variable the code reads, and only those', () => {
    const read = new Set<string>(Object.values(QUEUE_ENV).map(([name]) => name));
    for (const dir of SOURCES) {
      for (const file of sourceFiles(path.join(root, dir))) {
        for (const name of envReadIn(fs.readFileSync(file, 'utf8'))) read.add(name);
      }
    }
    // scripts set these for the processes they start; nobody configures them
    read.delete('STRAPI_TELEMETRY_DISABLED');
    expect([...read].filter((name) => !ENV_VARS[name]).sort()).toEqual([]);
    const documented = Object.keys(ENV_VARS).filter((name) => !READ_BY_STRAPI.includes(name));
    expect(documented.filter((name) => !read.has(name)).sort()).toEqual([]);
  });

  it('finds each way the code reads a variable', () => {
    const sample = "env('A_1'); env.int('B', 2); process.env.C; env.D; const X_ENV = 'E';";
    expect(envReadIn(sample).sort()).toEqual(['A_1', 'B', 'C', 'D', 'E']);
  });

  it('covers every variable of the README table', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Configure'), readme.indexOf('## Layout'));
    const named = [...section.matchAll(/`([A-Z][A-Z0-9_]{2,})`/g)].map((m) => m[1]);
    expect(named.filter((name) => !ENV_VARS[name])).toEqual([]);
  });

  it('is committed as generated', () => {
    expectFresh('docs/reference/configuration.md');
  });
});
