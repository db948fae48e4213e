import path from 'path';
import fs from 'fs';
import inspector from 'inspector';
import { compileStrapi } from '@strapi/strapi';
import { runStockSync } from '../plugins/easycars/server/src/sync/stock/engine';
import { sandboxConnection, allowBaseUrl } from '../tests/helpers/sandbox';
import { setupStrapi, teardownStrapi } from '../tests/helpers/strapi';
import { control, startSandboxProcess, timed, useDatabase, sandboxClient } from './common';
const session = new inspector.Session();
session.connect();
const post = (m: string, p?: any) => new Promise<any>((res, rej) => session.post(m, p, (e, r) => (e ? rej(e) : res(r))));
async function main() {
  process.env.STRAPI_LOG_LEVEL ??= 'error';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../tests/helpers/env.js');
  await compileStrapi({ appDir: path.resolve(__dirname, '..') });
  const sandbox = await startSandboxProcess(10000);
  allowBaseUrl(sandbox.url);
  useDatabase((process.env.PROF_DB as any) ?? 'sqlite');
  const strapi = await setupStrapi();
  const sync = async (connectionId: string) => {
    const runs = strapi.plugin('easycars').service('runs');
    const run = await runs.create({ connectionId, kind: 'stock', direction: 'inbound', trigger: 'manual' });
    await runStockSync(strapi, { runId: run.id, connectionId, kind: 'stock' }, { heartbeat: async () => {} });
    return runs.findOne(run.id);
  };
  const prepare = async () => { const e = sandboxClient(sandbox); const token = await e.requestToken('StockService'); await (await fetch(`${e.root}/StockService/GetAdvertisementStocks`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ AccountNumber: sandbox.demo.AccountNumber, AccountSecret: sandbox.demo.AccountSecret }) })).arrayBuffer(); };
  try {
    const c = await strapi.plugin('easycars').service('connections').create(sandboxConnection(sandbox, { name: 'B' }));
    await prepare();
    console.log('first', (await timed(() => sync(c.id))).ms.toFixed(0));
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 100 });
    for (let i = 0; i < 4; i++) {
      await control(sandbox, `/__sandbox/accounts/${sandbox.demo.AccountNumber}/stock/mutate`, { changeShare: 0.01 });
      await prepare();
      (globalThis as any).gc?.();
      const starts = new Map<string, number>(); const log: Array<[number, string]> = [];
      const onQ = (q: any) => starts.set(q.__knexQueryUid, performance.now());
      const onR = (_r: any, q: any) => log.push([performance.now() - (starts.get(q.__knexQueryUid) ?? 0), q.sql.slice(0, 110)]);
      if (i === 3) { strapi.db.connection.on('query', onQ); strapi.db.connection.on('query-response', onR); }
      const u = await timed(() => sync(c.id));

      console.log('changed', i, u.ms.toFixed(0));
      if (i === 3) { strapi.db.connection.removeListener('query', onQ); strapi.db.connection.removeListener('query-response', onR); console.log('queries', log.length, 'total ms', log.reduce((a, [m]) => a + m, 0).toFixed(0)); for (const [m, q] of log.sort((a, b) => b[0] - a[0]).slice(0, 15)) console.log(m.toFixed(1).padStart(7), q); }
    }
  } finally {
    await teardownStrapi();
    sandbox.process?.kill('SIGTERM');
  }
  process.exit(0);
}
void main();
