/**
 * What every sync run keeps while it works and how it ends: its counts, warnings, the items it has not written yet,
 * its call log and its progress, then `finish`, `fail` or `interrupt`. The engines describe what they did; the
 * context records it the same way for every kind of run.
 */
import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { createCallLog } from './call-log';
import { recorderOf } from '../monitoring/recorder';
import { describeRunError } from './describe-error';
import { isEasyCarsError, type CallRecord } from '../easycars';
import type { RunCounts } from '../../../shared/contracts/sync';
import { emptyCounts, type NewRunItem, type RunOutcome } from './runs';

export interface RunJobContext {
  /** Keeps the queue's lock on the run alive. */
  heartbeat(): Promise<void>;
  /** Aborted when the worker stops: the run ends at its next checkpoint, recorded as interrupted. */
  signal?: AbortSignal;
  /** Frees the queue's lock once the run is recorded as ended. */
  release?(): Promise<void>;
}

/** The worker was told to stop; thrown at a checkpoint, between two records. */
export class Interrupted extends Error {}

export type RunItemEntry = Omit<NewRunItem, 'runId' | 'connectionId' | 'entity'>;

export function createRunContext(
  strapi: Core.Strapi,
  job: { runId: number; connectionId: string; entity: NewRunItem['entity'] },
  jobContext: RunJobContext
) {
  const runs = getService('runs', { strapi });
  const { runId, connectionId, entity } = job;
  const calls = createCallLog();
  const metrics = recorderOf(strapi);
  const scope = { connection: connectionId, kind: entity === 'vehicle' ? ('stock' as const) : ('lead' as const) };
  const counts = emptyCounts();
  const warnings: string[] = [];
  const items: NewRunItem[] = [];
  /** Ends the run in the run log, then writes its metrics with those of its calls (a failed write never fails it). */
  const end = async (outcome: RunOutcome) => {
    const ended = await runs.finish(runId, outcome);
    // the outcome is visible from here on: the next run of this pair may start while this one writes its metrics
    await jobContext.release?.();
    metrics.run(ended);
    await metrics.flush().catch((error) => strapi.log.warn(`[easycars] Metrics not written: ${error.message}`));
  };
  const stopReason = () =>
    jobContext.signal?.reason instanceof Error ? jobContext.signal.reason.message : 'the worker stopped';

  const run = {
    runId,
    connectionId,
    counts,
    warnings,
    /** Give to the EasyCars client as `onCall`. */
    recordCall(call: CallRecord) {
      calls.record(call);
      metrics.call(call, scope);
    },

    start: () => runs.markRunning(runId),
    progress: (percent: number, message: string) => runs.progress(runId, percent, message),

    item(entry: RunItemEntry) {
      items.push({ runId, connectionId, entity, ...entry });
    },

    /** Writes the items kept so far and the counts with them: a run killed half-way still tells what it did. */
    async flush() {
      if (items.length === 0) return;
      await runs.addItems(items.splice(0, items.length));
      await runs.saveCounts(runId, counts);
    },

    /** Between two records: keeps the lock alive and stops when the worker is stopping. */
    async checkpoint() {
      await jobContext.heartbeat();
      if (jobContext.signal?.aborted) throw new Interrupted();
    },

    async finish(outcome: Omit<RunOutcome, 'counts' | 'warnings' | 'apiCalls'>) {
      await run.flush();
      await end({ ...outcome, counts, warnings, apiCalls: calls.entries() });
    },

    async interrupt() {
      await run.flush().catch(() => undefined);
      await end({
        status: 'interrupted',
        counts,
        warnings,
        errorMessage: `Interrupted (${stopReason()}); the next run carries on where this one stopped`,
        apiCalls: calls.entries(),
      });
    },

    /**
     * Ends the run as failed with words an administrator understands; a stopping worker makes it interrupted.
     * `counts`: only these are written (a writer that saves its counts with each batch keeps what it committed).
     */
    async fail(error: unknown, options: { counts?: Partial<RunCounts> } = {}) {
      if (error instanceof Interrupted || jobContext.signal?.aborted) return run.interrupt();
      await run.flush().catch(() => undefined);
      await end({
        status: 'failed',
        counts: options.counts ?? counts,
        warnings,
        errorMessage: describeRunError(error),
        // a stack says nothing useful about an EasyCars answer, and only the admin ever sees it
        errorStack: error instanceof Error && !isEasyCarsError(error) ? (error.stack ?? null) : null,
        apiCalls: calls.entries(),
      });
    },
  };
  return run;
}

export type RunContext = ReturnType<typeof createRunContext>;
