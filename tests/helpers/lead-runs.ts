/** Lead runs for API tests: the real engine, run to its end in the test's own process. */
import type { Core } from '@strapi/strapi';
import { runLeadSync } from '../../plugins/easycars/server/src/sync/lead/engine';

/** Lead settings for a test: no run is asked for at creation and backoffs are long, unless the test says otherwise. */
export const setLeadSettings = (strapi: Core.Strapi, values: Record<string, unknown>) =>
  strapi.config.set('plugin::easycars.leads', { pushOnCreate: false, backoffBaseMs: 60_000, ...values });

/** One lead run of the connection; its row and (up to 200) items. */
export async function leadRun(strapi: Core.Strapi, connectionId: string) {
  const runs = strapi.plugin('easycars').service('runs');
  const run = await runs.create({ connectionId, kind: 'lead', direction: 'outbound', trigger: 'manual' });
  await runLeadSync(strapi, { runId: run.id, connectionId, kind: 'lead' }, { heartbeat: async () => {} });
  const detail = await runs.findOne(run.id);
  const items = await runs.items(run.id, { page: 1, pageSize: 200 });
  return { run: detail, items: items.data as any[] };
}
