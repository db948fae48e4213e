import { execFileSync } from 'child_process';
import { request } from 'undici';
import { startSandboxProcess, sandboxClient } from './common';
import { allowBaseUrl } from '../tests/helpers/sandbox';
async function main() {
  const sandbox = await startSandboxProcess(10000);
  allowBaseUrl(sandbox.url);
  const easycars = sandboxClient(sandbox);
  const token = await easycars.requestToken('StockService');
  const url = `${easycars.root}/StockService/GetAdvertisementStocks`;
  const body = JSON.stringify({ AccountNumber: sandbox.demo.AccountNumber, AccountSecret: sandbox.demo.AccountSecret });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  for (let i = 0; i < 4; i++) {
    let t = performance.now(); let c0 = process.cpuUsage();
    const r = await fetch(url, { method: 'POST', headers, body }); const b = await r.arrayBuffer();
    const fetchMs = performance.now() - t; const fetchCpu = process.cpuUsage(c0);
    t = performance.now(); c0 = process.cpuUsage();
    const q = await request(url, { method: 'POST', headers, body }); let n = 0; for await (const ch of q.body) n += ch.length;
    const reqMs = performance.now() - t; const reqCpu = process.cpuUsage(c0);
    t = performance.now();
    execFileSync('curl', ['-s', '-o', '/dev/null', '-X', 'POST', '-H', `authorization: Bearer ${token}`, '-H', 'content-type: application/json', '-d', body, url]);
    const curlMs = performance.now() - t;
    console.log(`fetch ${fetchMs.toFixed(0)} ms cpu ${((fetchCpu.user + fetchCpu.system) / 1000).toFixed(0)} | request ${reqMs.toFixed(0)} ms cpu ${((reqCpu.user + reqCpu.system) / 1000).toFixed(0)} | curl ${curlMs.toFixed(0)} ms | ${b.byteLength} ${n}`);
  }
  sandbox.process?.kill(); process.exit(0);
}
main();
