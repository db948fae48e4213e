/**
 * The encryption key guards the start: in production a missing or malformed key stops Strapi with a clear message,
 * and a good key lets it start. So do the plugin's settings. Runs the real `strapi start` from the compiled app.
 */
import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { freePort } from '../helpers/net';

const root = path.resolve(__dirname, '..', '..');

/** Starts Strapi in production; resolves with its exit code and output, or 'healthy' once /_health answers. */
async function startProduction(
  key: string | undefined,
  extraEnv: NodeJS.ProcessEnv = {}
): Promise<{ outcome: number | 'healthy'; output: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'easycars-start-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: path.join(dir, 'start.db'),
    STRAPI_LOG_LEVEL: 'error',
    ...extraEnv,
  };
  // set even when "missing": an empty value stops Strapi's .env loader from supplying one (e.g. the demo's)
  env.EASYCARS_ENCRYPTION_KEY = key ?? '';
  const child = spawn(
    process.execPath,
    [path.join(root, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js'), 'start'],
    {
      cwd: root,
      env,
    }
  );
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let done = false;
  const exited = new Promise<number>((resolve) =>
    child.on('exit', (code) => {
      done = true;
      resolve(code ?? 1);
    })
  );
  const healthy = (async () => {
    // stops polling as soon as the process is gone, so nothing outlives the test
    for (let i = 0; i < 120 && !done; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const res = await fetch(`http://127.0.0.1:${port}/_health`).catch(() => null);
      if (res?.status === 204) return 'healthy' as const;
    }
    return 'healthy-timeout' as never;
  })();
  const outcome = await Promise.race([exited, healthy]);
  child.kill('SIGKILL');
  await exited;
  fs.rmSync(dir, { recursive: true, force: true });
  return { outcome, output };
}

it('refuses to start in production without EASYCARS_ENCRYPTION_KEY, saying why', async () => {
  const { outcome, output } = await startProduction(undefined);
  expect(outcome).not.toBe('healthy');
  expect(outcome).not.toBe(0);
  expect(output).toMatch(/EASYCARS_ENCRYPTION_KEY is not set/);
});

it('refuses to start with a malformed key, saying why', async () => {
  const { outcome, output } = await startProduction('too-short');
  expect(outcome).not.toBe('healthy');
  expect(output).toMatch(/EASYCARS_ENCRYPTION_KEY must be 32 random bytes/);
  expect(output).not.toContain('too-short');
});

it('starts in production with a well-formed key', async () => {
  const { outcome } = await startProduction(Buffer.alloc(32, 3).toString('base64'));
  expect(outcome).toBe('healthy');
});

describe('the plugin settings', () => {
  const goodKey = Buffer.alloc(32, 3).toString('base64');

  it.each([
    [{ leads: { maxAttempts: 0 } }, /easycars\.config\.leads\.maxAttempts must be a whole number, at least 1/],
    [{ retention: { days: 0 } }, /easycars\.config\.retention\.days must be a whole number, at least 1/],
  ])('refuses to start with a bad setting in config/plugins (%j), naming it', async (settings, message) => {
    // Strapi merges config/env/<NODE_ENV>/plugins.js over config/plugins: a made-up environment name keeps the file
    // to this test
    const envName = `config-test-${process.pid}`;
    const dir = path.join(root, 'dist', 'config', 'env', envName);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'plugins.js'),
      `module.exports = { easycars: { config: ${JSON.stringify(settings)} } };\n`
    );
    try {
      const { outcome, output } = await startProduction(goodKey, { NODE_ENV: envName });
      expect(outcome).not.toBe('healthy');
      expect(output).toMatch(message);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start with a malformed queue variable, naming it', async () => {
    const { outcome, output } = await startProduction(goodKey, { EASYCARS_WORKER_CONCURRENCY: 'two' });
    expect(outcome).not.toBe('healthy');
    expect(output).toMatch(/EASYCARS_WORKER_CONCURRENCY must be a whole number, at least 1 \(got "two"\)/);
  });
});
