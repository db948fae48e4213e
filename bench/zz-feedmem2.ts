import { request } from 'undici';
import { createHash } from 'crypto';
import { startSandboxProcess, startRssSampler, idleRss } from './common';
async function token(url: string, demo: any) {
  const r = await fetch(`${url}/TestService/RequestToken?ClientID=${demo.ClientID}&ClientSecret=${demo.ClientSecret}`, { method: 'POST' }).catch(() => null);
  return r;
}
async function main() {
  const sandbox = await startSandboxProcess(50000);
  // get a token through the client to know the URL pattern
  const { sandboxClient } = await import('./common');
  const { allowBaseUrl } = await import('../tests/helpers/sandbox');
  allowBaseUrl(sandbox.url);
  let seen: any = null;
  const client = sandboxClient(sandbox);
  const mode = process.argv[2];
  const idle = await idleRss();
  const sampler = startRssSampler();
  // capture URL and headers via a fetch override
  const { createEasyCarsClient } = await import('../plugins/easycars/server/src/easycars');
  for (let round = 0; round < 3; round++) {
    (globalThis as any).gc?.();
    await sampler.reset();
    const t = Date.now();
    let info = '';
    const c = createEasyCarsClient({
      environment: 'test', baseUrl: sandbox.url,
      credentials: { clientId: sandbox.demo.ClientID, clientSecret: sandbox.demo.ClientSecret, accountNumber: sandbox.demo.AccountNumber, accountSecret: sandbox.demo.AccountSecret },
      fetch: mode === 'request' ? (async (url: string, init: any) => {
        const res = await request(url, { method: init.method, headers: init.headers, body: init.body, signal: init.signal });
        info = `cl=${res.headers['content-length']}`;
        const headers = new Headers(res.headers as any);
        return { status: res.statusCode, headers, body: { getReader() { const it = res.body[Symbol.asyncIterator](); return { read: async () => { const n = await it.next(); return n.done ? { done: true } : { done: false, value: n.value }; } }; } }, text: () => res.body.text() } as any;
      }) : undefined,
    });
    const feed = await c.getStockFeed({ knownItems: async () => () => true });
    const peak = await sampler.peak();
    console.log(`${mode} round ${round}: ${Date.now() - t} ms ${info} items ${feed.items.length} peak +${((peak - idle) / 1e6).toFixed(0)} MB now +${((process.memoryUsage.rss() - idle) / 1e6).toFixed(0)} ab ${(process.memoryUsage().arrayBuffers/1e6).toFixed(0)}`);
  }
  await sampler.stop();
  sandbox.process?.kill();
  process.exit(0);
}
main();
