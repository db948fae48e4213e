/**
 * The `discrepancy-actions` service: one action on many discrepancies as a job in the background, with its progress
 * and a per-row outcome. A job is a row, so any instance can report on it; it runs on the instance that took the
 * request, batch by batch (each batch exactly as a direct request: same writer, same audit entries), writing its
 * progress after each. Not a queue job: a Sync from EasyCars takes the connection's stock lock itself.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type {
  ActionOutcome,
  DiscrepancyAction,
  DiscrepancyActionInput,
  DiscrepancyActionJob,
} from '../../../shared/contracts/reconciliation';
import { UID } from '../constants';
import { isoOf, stampNewRow } from '../utils/rows';
import { actOn, idsOf, type Who } from './actions';

const BATCH = 25;
/** A job that has not moved on for this long lost the instance running it (stopped or crashed). */
const STALE_MS = 15 * 60_000;

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

function viewOf(row: any, now = Date.now()): DiscrepancyActionJob {
  const outcomes = (Array.isArray(row.outcomes) ? row.outcomes : []) as ActionOutcome[];
  const finished = row.status === 'succeeded' || row.status === 'failed';
  const lost = !finished && now - new Date(row.updatedAt).getTime() > STALE_MS;
  const status = lost ? 'failed' : row.status;
  const count = (s: ActionOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  return {
    id: row.id,
    status,
    action: row.action,
    total: row.total,
    done: row.done,
    percent: row.total === 0 ? 100 : Math.floor((row.done * 100) / row.total),
    counts: { done: count('done'), failed: count('failed'), refused: count('refused') },
    ...(status === 'succeeded' || status === 'failed' ? { outcomes } : {}),
    errorMessage: lost
      ? `Stopped after ${row.done} of ${row.total} discrepancies: the server running it stopped. Select the rest again.`
      : (row.errorMessage ?? null),
    startedByName: row.startedByName ?? null,
    createdAt: isoOf(row.createdAt) as string,
    finishedAt: isoOf(row.finishedAt),
  };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = () => strapi.db.query(UID.discrepancyAction as any);

  /** The newest report among these discrepancies (their ids were just read: they exist). */
  async function newestReportOf(ids: number[]): Promise<number | null> {
    const [newest] = (await strapi.db.query(UID.discrepancy as any).findMany({
      where: { id: { $in: ids } },
      select: ['reconciliationId'],
      orderBy: { reconciliationId: 'desc' },
      limit: 1,
    })) as Array<{ reconciliationId: number }>;
    return newest?.reconciliationId ?? null;
  }
  const running = new Set<Promise<void>>();
  let stopping = false;

  async function run(jobId: number, action: DiscrepancyAction, ids: number[], reason: string | null, who: Who) {
    await rows().update({ where: { id: jobId }, data: { status: 'running', updatedAt: new Date() } });
    const outcomes: ActionOutcome[] = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      if (stopping) throw new Error(`The server stopped after ${outcomes.length} of ${ids.length} discrepancies`);
      outcomes.push(...(await actOn(strapi, action, ids.slice(i, i + BATCH), reason, who)));
      await rows().update({ where: { id: jobId }, data: { done: outcomes.length, outcomes, updatedAt: new Date() } });
      await pause();
    }
    const now = new Date();
    await rows().update({ where: { id: jobId }, data: { status: 'succeeded', finishedAt: now, updatedAt: now } });
  }

  return {
    /** Creates the job and starts it here; answers at once with the job (queued). */
    async start(input: DiscrepancyActionInput, who: Who): Promise<DiscrepancyActionJob> {
      const ids = await idsOf(strapi, input);
      const now = new Date();
      const row = await rows().create({
        data: stampNewRow(
          {
            status: 'queued',
            action: input.action,
            reconciliationId: input.reconciliationId ?? (await newestReportOf(ids)),
            discrepancyIds: ids,
            reason: input.reason ?? null,
            total: ids.length,
            done: 0,
            outcomes: [],
            startedById: who.actor?.id ?? null,
            startedByName: who.actor?.name ?? null,
            startedByEmail: who.email,
          },
          now
        ),
      });
      const job = run(row.id, input.action, ids, input.reason ?? null, who)
        .catch(async (error) => {
          const message = (error as Error).message;
          strapi.log.error(`[easycars] Discrepancy action ${row.id} stopped: ${message}`);
          const at = new Date();
          await rows()
            .update({
              where: { id: row.id },
              data: { status: 'failed', errorMessage: message, finishedAt: at, updatedAt: at },
            })
            .catch(() => undefined);
        })
        .finally(() => running.delete(job));
      running.add(job);
      return viewOf(row);
    },

    async findOne(id: number): Promise<DiscrepancyActionJob> {
      const row = await rows().findOne({ where: { id } });
      if (!row) throw new errors.NotFoundError(`No discrepancy action ${id}`);
      return viewOf(row);
    },

    /** Strapi is stopping: running jobs end after their current batch. */
    async stop(): Promise<void> {
      stopping = true;
      await Promise.allSettled([...running]);
    },
  };
};
