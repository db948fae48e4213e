/** Runs of the past for retention tests: recorded through the run log, then dated back. */
import type { Core } from '@strapi/strapi';
import type createRunService from '../../plugins/easycars/server/src/sync/runs';

const RUN_UID = 'plugin::easycars.sync-run';
export const DAY_MS = 24 * 60 * 60 * 1000;

const runsOf = (strapi: Core.Strapi) =>
  strapi.plugin('easycars').service('runs') as ReturnType<typeof createRunService>;

/** The run was created (queued and started) this many days ago; returns that time. */
export async function age(strapi: Core.Strapi, runId: number, daysAgo: number): Promise<Date> {
  const at = new Date(Date.now() - daysAgo * DAY_MS);
  await strapi.db.query(RUN_UID).update({ where: { id: runId }, data: { createdAt: at, queuedAt: at, startedAt: at } });
  return at;
}

/** A stock run with `items` updated vehicles, created `daysAgo` days ago, left in `status`; returns its id. */
export async function recordedRun(
  strapi: Core.Strapi,
  connectionId: string,
  daysAgo: number,
  { status = 'succeeded', items = 0 }: { status?: string; items?: number } = {}
): Promise<number> {
  const runs = runsOf(strapi);
  const run = await runs.create({ connectionId, kind: 'stock', direction: 'inbound', trigger: 'manual' });
  if (status !== 'queued') await runs.markRunning(run.id);
  if (status !== 'queued' && status !== 'running') await runs.finish(run.id, { status: status as any });
  await runs.addItems(
    Array.from({ length: items }, (_, i) => ({
      runId: run.id,
      connectionId,
      entity: 'vehicle' as const,
      externalKey: `S${run.id}-${i}`,
      action: 'updated' as const,
      before: { price: 1000 + i },
      after: { price: 900 + i },
      changedFields: ['price'],
    }))
  );
  await age(strapi, run.id, daysAgo);
  return run.id;
}
