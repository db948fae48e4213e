/**
 * The `bulk-resolutions` service: Use Local or Use EasyCars on many conflicts, as a job in the background.
 *
 * A job is a row (bulk-resolution), so whichever instance is asked reports its progress; it runs on the instance
 * that took the request. Conflicts are resolved one by one exactly as from their own page (own transaction, own
 * audit entry), in batches: the progress is written after each batch, and the job steps aside between batches so
 * a sync's writes never wait behind a big bulk for long. Not a queue job: those are sync runs, one per (connection,
 * kind), and a bulk resolution spans connections and holds no such lock.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  isFinishedJob,
  MAX_BULK_MATCHING,
  type BulkFilters,
  type BulkResolveInput,
  type BulkResolveJob,
  type BulkResolveOutcome,
  type BulkStrategy,
} from '../../../shared/contracts/conflicts';
import type { Actor } from '../audit/service';
import { UID } from '../constants';
import { isoOf, stampNewRow } from '../utils/rows';
import { ConflictClosedError, EasyCarsRefusedError, RecordGoneError } from './errors';
import { badRequest, conflictInbox } from './resolve';
import { conflicts } from './service';

const BATCH = 10;
/** A job that has not moved on for this long lost the instance running it (stopped or crashed). */
const STALE_MS = 15 * 60_000;
/** Finished jobs are kept this long for their report, then dropped when another starts. */
const KEEP_MS = 30 * 86_400_000;

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

function viewOf(row: any, now = Date.now()): BulkResolveJob {
  const outcomes = (Array.isArray(row.outcomes) ? row.outcomes : []) as BulkResolveOutcome[];
  const lost = !isFinishedJob(row) && now - new Date(row.updatedAt).getTime() > STALE_MS;
  const status = lost ? 'failed' : row.status;
  const count = (outcome: BulkResolveOutcome['outcome']) => outcomes.filter((o) => o.outcome === outcome).length;
  return {
    id: row.id,
    status,
    strategy: row.strategy,
    total: row.total,
    done: row.done,
    percent: row.total === 0 ? 100 : Math.floor((row.done * 100) / row.total),
    counts: { resolved: count('resolved'), alreadyClosed: count('already-closed'), failed: count('failed') },
    ...(isFinishedJob({ status }) ? { outcomes } : {}),
    errorMessage: lost
      ? `Stopped after ${row.done} of ${row.total} conflicts: the server running it stopped. Select the rest again.`
      : (row.errorMessage ?? null),
    startedByName: row.startedByName ?? null,
    createdAt: isoOf(row.createdAt) as string,
    finishedAt: isoOf(row.finishedAt),
  };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = () => strapi.db.query(UID.bulkResolution as any);
  const inbox = () => conflictInbox(strapi);
  const running = new Set<Promise<void>>();
  let stopping = false;

  async function outcomeOf(id: number, strategy: BulkStrategy, actor: Actor | null): Promise<BulkResolveOutcome> {
    try {
      await inbox().resolve(id, { strategy }, actor);
      return { id, outcome: 'resolved', message: null };
    } catch (error) {
      if (error instanceof ConflictClosedError && !(error instanceof RecordGoneError))
        return { id, outcome: 'already-closed', message: error.message };
      const known =
        error instanceof RecordGoneError ||
        error instanceof errors.NotFoundError ||
        error instanceof EasyCarsRefusedError ||
        error instanceof errors.ValidationError;
      if (!known) strapi.log.error(`[easycars] Conflict ${id} could not be resolved: ${(error as Error).message}`);
      return {
        id,
        outcome: 'failed',
        message: known
          ? (error as Error).message
          : 'Could not be resolved because of a server error (see the server log)',
      };
    }
  }

  async function run(jobId: number, ids: number[], strategy: BulkStrategy, actor: Actor | null): Promise<void> {
    await rows().update({ where: { id: jobId }, data: { status: 'running', updatedAt: new Date() } });
    const outcomes: BulkResolveOutcome[] = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      if (stopping) throw new Error(`The server stopped after ${outcomes.length} of ${ids.length} conflicts`);
      for (const id of ids.slice(i, i + BATCH)) outcomes.push(await outcomeOf(id, strategy, actor));
      await rows().update({
        where: { id: jobId },
        data: { done: outcomes.length, outcomes, updatedAt: new Date() },
      });
      await pause();
    }
    const now = new Date();
    await rows().update({ where: { id: jobId }, data: { status: 'succeeded', finishedAt: now, updatedAt: now } });
  }

  function launch(jobId: number, ids: number[], strategy: BulkStrategy, actor: Actor | null) {
    const job = run(jobId, ids, strategy, actor)
      .catch(async (error) => {
        const message = (error as Error).message;
        strapi.log.error(`[easycars] Bulk resolution ${jobId} stopped: ${message}`);
        const now = new Date();
        await rows()
          .update({
            where: { id: jobId },
            data: { status: 'failed', errorMessage: message, finishedAt: now, updatedAt: now },
          })
          .catch(() => undefined);
      })
      .finally(() => running.delete(job));
    running.add(job);
  }

  async function matching(filters: BulkFilters): Promise<number[]> {
    const ids = await conflicts(strapi).openIdsMatching(filters, MAX_BULK_MATCHING);
    if (ids.length === 0) badRequest([{ path: ['filters'], message: 'filters match no open conflict' }]);
    if (ids.length > MAX_BULK_MATCHING)
      badRequest([
        {
          path: ['filters'],
          message: `filters match more than ${MAX_BULK_MATCHING} open conflicts: narrow them and resolve in parts`,
        },
      ]);
    return ids;
  }

  return {
    /** Queues the job and answers at once; the conflicts are taken as they are now (filters are not re-read). */
    async start(input: BulkResolveInput, actor: Actor | null): Promise<BulkResolveJob> {
      const ids = input.ids ? [...new Set(input.ids)] : await matching(input.filters as BulkFilters);
      const now = new Date();
      await rows().deleteMany({ where: { finishedAt: { $lt: new Date(now.getTime() - KEEP_MS) } } });
      const row = await rows().create({
        data: stampNewRow(
          {
            status: 'queued',
            strategy: input.strategy,
            conflictIds: ids,
            total: ids.length,
            done: 0,
            outcomes: [],
            startedById: actor?.id ?? null,
            startedByName: actor?.name ?? null,
          },
          now
        ),
      });
      launch(row.id, ids, input.strategy, actor);
      return viewOf(row);
    },

    async findOne(id: number): Promise<BulkResolveJob> {
      const row = await rows().findOne({ where: { id } });
      if (!row) throw new errors.NotFoundError(`Bulk resolution ${id} not found`);
      return viewOf(row);
    },

    /** At shutdown: each job ends after its current batch, recorded as failed with how far it got. */
    async stop(): Promise<void> {
      stopping = true;
      await Promise.allSettled([...running]);
    },
  };
};
