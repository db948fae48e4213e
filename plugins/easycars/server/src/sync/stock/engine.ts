/**
 * One stock sync run: fetch the whole feed, classify it against the record state, apply it in batches, and record
 * everything on the run. Safe to run again after any interruption: it always compares against what was committed.
 */
import type { Core } from '@strapi/strapi';
import { createEasyCarsClient } from '../../easycars';
import { getConfig } from '../../config';
import { settleVehicleConflicts } from '../../conflicts/records';
import { notifyAfterRun } from '../../notifications/service';
import { evaluateAfterRun } from '../../alerts/job';
import { restoresLocalEdits } from '../../settings/service';
import { getService } from '../../utils/get-service';
import { createRunContext, type RunJobContext } from '../run-context';
import { planStockSync, safetyStopReason, statesByDigest, type RecordStateRow } from './plan';
import { createStockWriter } from './writer';

export interface SyncJobRef {
  runId: number;
  connectionId: string;
  kind: 'stock' | 'lead';
}

export type JobContext = RunJobContext;

export async function runStockSync(strapi: Core.Strapi, job: SyncJobRef, ctx: JobContext): Promise<void> {
  try {
    await syncStock(strapi, job, ctx);
  } finally {
    // however the run ended (nothing to do, stopped by the safety check, failed), the rules watching it look again
    await evaluateAfterRun(strapi, job.connectionId);
  }
}

async function syncStock(strapi: Core.Strapi, job: SyncJobRef, ctx: JobContext): Promise<void> {
  const runs = getService('runs', { strapi });
  const { runId, connectionId } = job;
  const run = await runs.findOne(runId);
  const context = createRunContext(strapi, { runId, connectionId, entity: 'vehicle' }, ctx);
  const { counts, warnings } = context;
  await context.start();
  try {
    const connection = await getService('connections', { strapi }).findOne(connectionId);
    const options = await getService('connections', { strapi }).clientOptionsFor(connectionId);
    const client = createEasyCarsClient({ ...options, onCall: context.recordCall });

    await context.progress(5, 'Fetching stock from EasyCars');
    const writer = createStockWriter(strapi);
    // the admin's strategies (plugin store), else config/plugins.ts
    const strategies = await getService('settings', { strapi }).strategies();
    // The feed applied by the last run, if it succeeded: the same bytes again mean nothing to do.
    const last = run.force ? null : await runs.lastFinished(connectionId, 'stock', runId);
    const lastApplied =
      last?.status === 'succeeded' && last.feedHash && (await writer.listedCount(connectionId)) === last.fetched;
    const appliedHash = lastApplied ? (last.feedHash ?? undefined) : undefined;
    // Used once the answer is in and differs from the last one: items sent byte for byte as last synced are then not
    // read at all (see plan.ts). The states are read while EasyCars prepares its answer, most of a re-sync's time
    // (also on SQLite, whose driver reads on this thread: the wait for the first byte is longer than the read).
    const statesRead = writer.loadStates(connectionId);
    statesRead.catch(() => {}); // a failed read is reported where it is awaited, not as an unhandled rejection
    let known: { states: RecordStateRow[]; byDigest: Map<string, RecordStateRow> } | null = null;
    const readKnown = async () => {
      if (!known) {
        const states = await statesRead;
        known = { states, byDigest: statesByDigest(states) };
      }
      return known;
    };
    const knownItems = async () => {
      const { byDigest } = await readKnown();
      return (digest: string) => byDigest.has(digest);
    };
    const yardCode = connection.yardCode ?? undefined;
    let feed = await client.getStockFeed({ yardCode, unlessFeedHash: appliedHash, knownItems });
    if (feed.unchanged && restoresLocalEdits(strategies) && (await writer.hasLocalEdits(connectionId))) {
      // local edits to put back need the items themselves
      feed = await client.getStockFeed({ yardCode, knownItems });
    }
    if (feed.warning) warnings.push(`EasyCars warning: ${feed.warning}`);
    await ctx.heartbeat();
    if (feed.unchanged) {
      counts.fetched = last?.fetched ?? 0;
      counts.unchanged = counts.fetched;
      await settleVehicleConflicts(strapi, connectionId);
      await context.finish({
        status: 'succeeded',
        feedHash: feed.feedHash,
        message: 'Same stock as the last run applied: nothing to compare',
      });
      return;
    }
    counts.fetched = feed.items.length;

    await context.progress(20, `Comparing ${feed.items.length} vehicles`);
    let lastProgressAt = 0;
    const { states, byDigest } = await readKnown();
    const plan = planStockSync(feed.items, states, byDigest);
    // the plan holds every item it needs: the raw feed is let go before the long write phase
    feed = { ...feed, items: [] };
    const stop = run.force ? null : safetyStopReason(plan, getConfig(strapi, 'stock').unlistSafetyShare);
    if (stop) {
      await context.finish({ status: 'failed', errorMessage: stop, feedHash: feed.feedHash });
      return;
    }

    // A feed of which not one item could be read says nothing about which vehicles are gone: it unlists none.
    const nothingUsable = plan.fetched > 0 && plan.failed.length === plan.fetched;
    const written = await writer.apply(nothingUsable ? { ...plan, vanished: [] } : plan, {
      runId,
      connectionId,
      strategy: strategies.default,
      fieldStrategies: strategies.fields,
      batchSize: getConfig(strapi, 'stock').writeBatchSize,
      onProgress: async (share, message) => {
        await ctx.heartbeat();
        // one progress write a second is enough for a person watching, and each write is a commit
        if (Date.now() - lastProgressAt < 1000) return;
        lastProgressAt = Date.now();
        await context.progress(20 + Math.floor(share * 75), message);
      },
    });
    Object.assign(counts, written);
    // open conflicts whose sides agree again (EasyCars took the local value, or someone typed EasyCars' in) close
    await settleVehicleConflicts(strapi, connectionId);
    await context.finish({
      status: nothingUsable ? 'failed' : written.failed > 0 ? 'partial' : 'succeeded',
      errorMessage: nothingUsable
        ? `None of the ${counts.fetched} vehicles from EasyCars could be applied: every item failed (each reason is in the run's failed items)`
        : written.failed > 0
          ? `${written.failed} of ${counts.fetched} items could not be applied`
          : null,
      feedHash: feed.feedHash,
    });
  } catch (error) {
    // a stopping worker: the queue records the run as interrupted, keeping the counts saved so far
    if (ctx.signal?.aborted) throw error;
    // what was written is already on the run (saved with each batch): only what came before the writing
    await context.fail(error, { counts: { fetched: counts.fetched } });
  }
  // conflicts opened by the batches written before a failure wait for review all the same
  await notifyAfterRun(strapi, runId, connectionId);
}
