import { startSandboxProcess, sandboxClient, startRssSampler, idleRss, control } from './common';
import { allowBaseUrl } from '../tests/helpers/sandbox';
async function main() {
  const sandbox = await startSandboxProcess(50000);
  allowBaseUrl(sandbox.url);
  const client = sandboxClient(sandbox);
  const idle = await idleRss();
  const sampler = startRssSampler();
  for (let round = 0; round < 3; round++) {
    (globalThis as any).gc?.();
    const start = process.memoryUsage.rss();
    await sampler.reset();
    const t = Date.now();
    const feed = await client.getStockFeed({ knownItems: async () => () => true });
    const mid = await sampler.peak();
    let n = 0;
    for (const item of feed.items) { const v = item.known ? item.read() : item.value; if (v) n++; }
    const peak = await sampler.peak();
    console.log(`round ${round}: ${Date.now() - t} ms, items ${n}, start +${((start - idle) / 1e6).toFixed(0)} MB, peak after download +${((mid - idle) / 1e6).toFixed(0)} MB, after parse +${((peak - idle) / 1e6).toFixed(0)} MB, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB, ext ${(process.memoryUsage().external/1e6).toFixed(0)} MB ab ${(process.memoryUsage().arrayBuffers/1e6).toFixed(0)}`);
  }
  await sampler.stop();
  sandbox.process?.kill();
  process.exit(0);
}
main();
