/**
 * Queue depth as every instance sees it: read from the run log, which both drivers keep (a queued run waits for a
 * worker, a running one has it), one line per sync kind; delayed and failed jobs as the queue driver counts them
 * (BullMQ: its queue in Redis, shared; in-process: this process since it started).
 */
import type { Core } from '@strapi/strapi';
import type { QueueFigures } from '../../../shared/contracts/monitoring';
import { SYNC_KINDS } from '../../../shared/contracts/sync';
import { UID } from '../constants';
import { getService } from '../utils/get-service';
import { columnsOf } from '../utils/tables';

const timeOf = (value: unknown): number | null => {
  if (value === null || value === undefined) return null;
  const at = typeof value === 'number' ? value : new Date(value as string).getTime();
  return Number.isFinite(at) ? at : null;
};

export async function queueFigures(strapi: Core.Strapi, now: Date = new Date()): Promise<QueueFigures[]> {
  const { table, column } = columnsOf(strapi, UID.run);
  const rows = await strapi.db
    .connection(table)
    .select(`${column('kind')} as kind`, `${column('status')} as status`)
    .count('* as runs')
    .min(`${column('queuedAt')} as oldest`)
    .whereIn(column('status'), ['queued', 'running'])
    .groupBy(column('kind'), column('status'));
  const jobs = await getService('queue', { strapi }).jobCounts();
  return SYNC_KINDS.map((queue) => {
    const of = (status: string) => rows.find((row: any) => row.kind === queue && row.status === status);
    const waiting = of('queued');
    const oldest = timeOf(waiting?.oldest);
    return {
      queue,
      waiting: Number(waiting?.runs ?? 0),
      active: Number(of('running')?.runs ?? 0),
      delayed: jobs ? jobs[queue].delayed : null,
      failed: jobs ? jobs[queue].failed : null,
      oldestWaitingSeconds: oldest === null ? null : Math.max(0, Math.round((now.getTime() - oldest) / 1000)),
    };
  });
}
