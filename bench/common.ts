/**
 * What the benchmarks that measure one database per process share: the sandbox in a process of its own, control
 * calls to it, timing, and the RSS of the process sampled from a worker thread.
 */
import { fork, spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import http from 'http';
import { Session } from 'inspector/promises';
import path from 'path';
import readline from 'readline';
import { Worker } from 'worker_threads';
import { createEasyCarsClient } from '../plugins/easycars/server/src/easycars';
import { allowBaseUrl } from '../tests/helpers/sandbox';

export type Credentials = { ClientID: string; ClientSecret: string; AccountNumber: string; AccountSecret: string };
export type Sandbox = { url: string; demo: Credentials; process?: ChildProcess };
export type Client = 'sqlite' | 'postgres';

/** Where the benchmark is, on stderr: the results come at the end, on stdout. */
export const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** EasyCars is another server: the sandbox runs in its own process, so serving the feed is not counted as our work. */
export async function startSandboxProcess(vehicles: number): Promise<Sandbox> {
  const root = path.resolve(__dirname, '..');
  const child = spawn(
    path.join(root, 'node_modules', '.bin', 'tsx'),
    ['sandbox/cli.ts', '--port', '0', '--vehicles', String(vehicles), '--seed', '1'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    }
  );
  const first = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the sandbox exited (${code})`)));
  });
  const started = JSON.parse(first);
  return { url: started.url, demo: started.demo, process: child };
}

/**
 * A control call to the sandbox on a socket of its own (no keep-alive): a socket kept from an earlier call may have
 * been closed by the sandbox meanwhile, and the next call on it would fail. Resolves with the answer's JSON, if any.
 */
export function control(sandbox: Sandbox, path: string, body?: unknown, method = 'POST'): Promise<any> {
  const payload = body === undefined ? '' : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${sandbox.url}${path}`,
      {
        method,
        agent: false,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (!response.statusCode || response.statusCode >= 300) {
            reject(new Error(`sandbox ${path}: HTTP ${response.statusCode} ${text.slice(0, 200)}`));
          } else resolve(text ? JSON.parse(text) : null);
        });
      }
    );
    request.once('error', reject);
    request.end(payload);
  });
}

/** An API client of the sandbox's demo account, as a connection to it would have. */
export function sandboxClient(sandbox: Sandbox) {
  return createEasyCarsClient({
    environment: 'test',
    baseUrl: sandbox.url,
    credentials: {
      clientId: sandbox.demo.ClientID,
      clientSecret: sandbox.demo.ClientSecret,
      accountNumber: sandbox.demo.AccountNumber,
      accountSecret: sandbox.demo.AccountSecret,
    },
  });
}

/**
 * The process's RSS sampled every 50 ms from a worker thread, whose timer keeps ticking while the work holds the
 * main thread (parsing the feed, planning). `reset()` restarts the peak; `peak()` reads it.
 */
export function startRssSampler() {
  const worker = new Worker(
    `const { parentPort } = require('worker_threads');
     let peak = 0;
     const sample = () => { peak = Math.max(peak, process.memoryUsage.rss()); };
     setInterval(sample, 50);
     parentPort.on('message', (m) => { sample(); parentPort.postMessage(peak); if (m === 'reset') peak = 0; });`,
    { eval: true }
  );
  const ask = (message: 'read' | 'reset') =>
    new Promise<number>((resolve) => {
      worker.once('message', resolve);
      worker.postMessage(message);
    });
  return {
    reset: () => ask('reset'),
    peak: () => ask('read'),
    stop: () => worker.terminate(),
  };
}

export type RssSampler = ReturnType<typeof startRssSampler>;

/**
 * RSS of the process doing nothing: the median of 20 samples over a second, after a full collection when the
 * process runs with --expose-gc (see `runChild`), so that garbage left by earlier work is not counted.
 */
export async function idleRss(): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  const samples: number[] = [];
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    samples.push(process.memoryUsage.rss());
  }
  return samples.sort((a, b) => a - b)[10];
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

/** The environment that points the tests' Strapi at one database. */
export function useDatabase(client: Client) {
  if (client === 'postgres') {
    Object.assign(process.env, {
      DATABASE_CLIENT: 'postgres',
      DATABASE_HOST: process.env.DATABASE_HOST ?? '127.0.0.1',
    });
    process.env.DATABASE_USERNAME ??= 'postgres';
  } else {
    process.env.DATABASE_CLIENT = 'sqlite';
  }
}

/**
 * Runs `file` again in a process of its own for one database (BENCH_CHILD), against the parent's sandbox, so that
 * the second database's idle RSS does not hold the heap the first one grew; resolves with what the child sent.
 * The child may force a full collection (`idleRss` does), to measure from the same state each time.
 */
export function runChild<T>(file: string, client: Client, sandbox: Sandbox): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = fork(file, [], {
      // --expose-gc: idle RSS after a collection, and a collection between steps that should not share garbage
      execArgv: ['--import', 'tsx', '--expose-gc'],
      env: {
        ...process.env,
        BENCH_CHILD: client,
        BENCH_SANDBOX: JSON.stringify({ url: sandbox.url, demo: sandbox.demo }),
      },
    });
    let result: T | undefined;
    worker.once('message', (message) => (result = message as T));
    worker.once('error', reject);
    worker.once('exit', (code) =>
      result ? resolve(result) : reject(new Error(`the ${client} benchmark exited (${code}) without a result`))
    );
  });
}

/** In the child: measures one database with `bench` and sends the result to the parent. */
export async function childMain<T>(client: Client, bench: (sandbox: Sandbox, rss: RssSampler) => Promise<T>) {
  const sandbox: Sandbox = JSON.parse(process.env.BENCH_SANDBOX as string);
  allowBaseUrl(sandbox.url);
  useDatabase(client);
  const rss = startRssSampler();
  try {
    const result = await bench(sandbox, rss);
    await new Promise((resolve) => process.send!(result, resolve));
  } finally {
    await rss.stop();
  }
  // the channel to the parent would keep this process alive
  process.exit(0);
}

export const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * With BENCH_PROFILE=<folder>, the CPU profile of `work` is written there as `<name>.cpuprofile` (open it in Chrome's
 * DevTools); without it, `work` simply runs.
 */
export async function profiled<T>(name: string, work: () => Promise<T>): Promise<T> {
  const folder = process.env.BENCH_PROFILE;
  if (!folder) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}
