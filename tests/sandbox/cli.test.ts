import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { requestToken } from './helpers';

const ROOT = join(__dirname, '..', '..');

function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited early with ${code}`)));
  });
}

test('the CLI prints its address and credentials as the first stdout line, serves, and exits on SIGTERM', async () => {
  const child = spawn(
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    ['sandbox/cli.ts', '--port', '0', '--vehicles', '10'],
    { cwd: ROOT }
  );
  try {
    const info = JSON.parse(await firstLine(child));
    expect(Object.keys(info)).toEqual(['url', 'demo', 'other']);
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Object.keys(info.demo)).toEqual(['ClientID', 'ClientSecret', 'AccountNumber', 'AccountSecret']);

    expect(await (await fetch(`${info.url}/__sandbox/health`)).json()).toEqual({ ok: true });
    const sandbox = { ...info, close: async () => undefined };
    const token = await requestToken(sandbox, 'StockService');
    const res = await fetch(`${info.url}/TestECService/StockService/GetAdvertisementStocks`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ AccountNumber: info.demo.AccountNumber, AccountSecret: info.demo.AccountSecret }),
    });
    expect(((await res.json()) as { StockList: unknown[] }).StockList).toHaveLength(10);
  } finally {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }
});

test('the CLI refuses unknown arguments', async () => {
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['sandbox/cli.ts', '--bogus'], { cwd: ROOT });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(2);
  expect(stderr).toContain('unknown argument --bogus');
});
