/**
 * `npm run demo`: the EasyCars sandbox plus Strapi on SQLite, a demo admin and a demo connection to the sandbox.
 * Safe to run again: it reuses the admin and updates the connection. Ctrl+C stops both.
 */
const { spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const { ensureAdminBuild } = require('./admin-build');

const root = path.resolve(__dirname, '..');
const STRAPI_PORT = Number(process.env.PORT || 1337);
const SANDBOX_PORT = Number(process.env.DEMO_SANDBOX_PORT || 4010);
const ADMIN = { email: 'demo@easycars.local', password: 'DemoPassw0rd!', firstname: 'Demo', lastname: 'Admin' };
const CONNECTION_NAME = 'EasyCars sandbox (demo)';
const children = [];

/** A fresh clone has no .env: write one with random secrets so the app starts. */
function ensureEnvFile() {
  const envFile = path.join(root, '.env');
  if (fs.existsSync(envFile)) return;
  const random = (n = 16) => crypto.randomBytes(n).toString('base64');
  const values = {
    HOST: '127.0.0.1',
    PORT: String(STRAPI_PORT),
    APP_KEYS: [random(), random(), random(), random()].join(','),
    API_TOKEN_SALT: random(),
    ADMIN_JWT_SECRET: random(),
    TRANSFER_TOKEN_SALT: random(),
    JWT_SECRET: random(),
    ENCRYPTION_KEY: random(),
    EASYCARS_ENCRYPTION_KEY: random(32),
  };
  fs.writeFileSync(
    envFile,
    Object.entries(values)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n'
  );
  console.log('Wrote .env with fresh random secrets.');
}

function startChild(command, args, { env = {}, pipeStdout = false } = {}) {
  const stdio = ['ignore', pipeStdout ? 'pipe' : 'inherit', 'inherit'];
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio });
  children.push(child);
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`${path.basename(command)} stopped (exit ${code}); stopping the demo.`);
      stop(1);
    }
  });
  return child;
}

function startSandbox() {
  const child = startChild(
    path.join(root, 'node_modules', '.bin', 'tsx'),
    ['sandbox/cli.ts', '--port', String(SANDBOX_PORT), '--vehicles', '200', '--seed', '1'],
    { pipeStdout: true }
  );
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line));
      } catch (error) {
        reject(new Error(`The sandbox did not start: ${line}`));
      }
    });
  });
}

async function waitForStrapi(base) {
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`${base}/_health`);
      if (res.status === 204) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('Strapi did not start within 60 s');
}

async function json(base, method, urlPath, body, token) {
  const res = await fetch(`${base}${urlPath}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${method} ${urlPath}: ${res.status} ${data?.error?.message ?? ''}`);
  return data;
}

async function adminToken(base) {
  const init = await json(base, 'GET', '/admin/init');
  if (!init.data.hasAdmin) return (await json(base, 'POST', '/admin/register-admin', ADMIN)).data.token;
  return (await json(base, 'POST', '/admin/login', { email: ADMIN.email, password: ADMIN.password })).data.token;
}

async function upsertDemoConnection(base, token, sandbox) {
  const fields = {
    name: CONNECTION_NAME,
    environment: 'test',
    baseUrl: sandbox.url,
    clientId: sandbox.demo.ClientID,
    clientSecret: sandbox.demo.ClientSecret,
    accountNumber: sandbox.demo.AccountNumber,
    accountSecret: sandbox.demo.AccountSecret,
  };
  const { data } = await json(base, 'GET', '/easycars/connections', null, token);
  const existing = data.find((c) => c.name === CONNECTION_NAME);
  const saved = existing
    ? await json(base, 'PUT', `/easycars/connections/${existing.id}`, fields, token)
    : await json(base, 'POST', '/easycars/connections', fields, token);
  const test = (await json(base, 'POST', `/easycars/connections/${saved.data.id}/test`, {}, token)).data;
  return { id: saved.data.id, test };
}

/** The first stock sync, so the demo site has vehicles; a run already going (409) is fine. */
async function startStockSync(base, token, connectionId) {
  const res = await fetch(`${base}/easycars/sync`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ connectionId, kind: 'stock' }),
  });
  const body = await res.json().catch(() => ({}));
  if (res.status === 202) return `stock sync started (run ${body.data.id})`;
  if (res.status === 409) return `a stock sync is already running (run ${body.error.details.runId})`;
  return `stock sync not started: ${body?.error?.message ?? res.status}`;
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
process.on('SIGHUP', () => stop(0));
// however this process ends, the sandbox and Strapi end with it
process.on('exit', () => children.forEach((child) => child.kill('SIGTERM')));

(async () => {
  ensureEnvFile();
  ensureAdminBuild();
  const sandbox = await startSandbox();
  console.log(`EasyCars sandbox: ${sandbox.url}`);
  const base = `http://127.0.0.1:${STRAPI_PORT}`;
  // the sandbox is on loopback: its origin has to be on the base URL allowlist, as for any non-EasyCars host
  const allowed = [process.env.EASYCARS_ALLOWED_BASE_URLS, new URL(sandbox.url).origin].filter(Boolean).join(',');
  startChild(path.join(root, 'node_modules', '.bin', 'strapi'), ['start'], {
    env: {
      PORT: String(STRAPI_PORT),
      HOST: '127.0.0.1',
      STRAPI_TELEMETRY_DISABLED: 'true',
      EASYCARS_ALLOWED_BASE_URLS: allowed,
    },
  });
  await waitForStrapi(base);
  const token = await adminToken(base);
  const connection = await upsertDemoConnection(base, token, sandbox);
  const sync = await startStockSync(base, token, connection.id);
  console.log('');
  console.log('EasyCars for Strapi demo is running.');
  console.log(`  Admin:    ${base}/admin`);
  console.log(`  Login:    ${ADMIN.email} / ${ADMIN.password}`);
  console.log(`  Sandbox:  ${sandbox.url} (control API: ${sandbox.url}/__sandbox/health)`);
  console.log(`  Demo connection "${CONNECTION_NAME}": ${connection.test.message}; ${sync}`);
  console.log(`  Vehicles: ${base}/api/vehicles needs an API token; browse them in the Content Manager.`);
  console.log('Press Ctrl+C to stop.');
})().catch((error) => {
  console.error(error.message);
  stop(1);
});
