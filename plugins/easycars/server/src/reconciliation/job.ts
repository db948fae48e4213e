/**
 * The job of a run of kind `reconciliation`: read both sides of the connection, compare them (compare.ts), store
 * the discrepancies and the report. It writes nothing else: no vehicle, lead or record state changes here.
 */
import type { Core } from '@strapi/strapi';
import { getConfig } from '../config';
import { createEasyCarsClient, type EasyCarsClient } from '../easycars';
import type { SyncHandler } from '../queue/types';
import { createRunContext, type RunContext } from '../sync/run-context';
import { getService } from '../utils/get-service';
import {
  applyMutes,
  compareVehicles,
  muteKey,
  type DiscrepancySink,
  type FoundDiscrepancy,
  type Mutes,
  type VehicleComparison,
} from './compare';
import { compareLeadsOf } from './leads';
import { notifyAfterReconciliation } from './notify';
import { readFeed, readLocalVehicles, readVehicleStates, readVehiclesById } from './sides';

/**
 * The report's discrepancies stored as they are found, those muted by Ignore left out and remembered (by record
 * and category) so that the report can say how many it muted.
 */
function reportSink(
  strapi: Core.Strapi,
  runId: number,
  connectionId: string,
  mutes: Mutes
): DiscrepancySink & { muted: Set<string> } {
  const reports = getService('reconciliations', { strapi });
  const muted = new Set<string>();
  return {
    muted,
    async add(found: FoundDiscrepancy[]) {
      const split = applyMutes(found, mutes);
      for (const d of split.muted) muted.add(muteKey(d.entity, d.category, d.recordKey));
      await reports.addDiscrepancies(runId, connectionId, split.listed);
    },
    async retract(keys: string[]) {
      for (const key of keys) {
        muted.delete(muteKey('vehicle', 'missing_local', key));
        muted.delete(muteKey('vehicle', 'mismatch', key));
      }
      await reports.removeDiscrepancies(runId, keys);
    },
  };
}

/**
 * Both sides of the vehicles, compared, the discrepancies stored as they are found. A function of its own so that
 * the feed's bytes and the site's entries are released when it returns, before the leads are read.
 */
async function reconcileVehicles(
  strapi: Core.Strapi,
  connectionId: string,
  client: EasyCarsClient,
  context: RunContext,
  sink: DiscrepancySink
): Promise<VehicleComparison & { localCount: number }> {
  await context.progress(5, 'Reading the stock from EasyCars');
  const feed = await readFeed(client);
  if (feed.warning) context.warnings.push(`EasyCars warning: ${feed.warning}`);
  await context.checkpoint();
  await context.progress(25, `Reading the site's vehicles to compare with ${feed.count} from EasyCars`);
  const [locals, states] = await Promise.all([
    readLocalVehicles(strapi, connectionId),
    readVehicleStates(strapi, connectionId),
  ]);
  const comparison = await compareVehicles({
    connectionId,
    feed: feed.items,
    locals,
    states,
    readVehicles: (ids) => readVehiclesById(strapi, connectionId, ids),
    sink,
  });
  await context.checkpoint();
  return { ...comparison, localCount: locals.length };
}

export const runReconciliation: SyncHandler = async (strapi: Core.Strapi, job, ctx) => {
  const { runId, connectionId } = job;
  const runs = getService('runs', { strapi });
  const reports = getService('reconciliations', { strapi });
  const context = createRunContext(strapi, { runId, connectionId, entity: 'vehicle' }, ctx);
  await context.start();
  await reports.openReport(await runs.findOne(runId));
  try {
    const options = await getService('connections', { strapi }).clientOptionsFor(connectionId);
    const client = createEasyCarsClient({ ...options, onCall: context.recordCall });

    const sink = reportSink(strapi, runId, connectionId, await reports.mutes(connectionId));
    const vehicles = await reconcileVehicles(strapi, connectionId, client, context, sink);
    const leads = await compareLeadsOf(strapi, {
      connectionId,
      client,
      options,
      settings: getConfig(strapi, 'reconciliation'),
      checkpoint: context.checkpoint,
      progress: (share, message) => context.progress(35 + Math.floor(share * 55), message),
    });

    await context.progress(92, 'Saving the report');
    await sink.add(leads.discrepancies);
    const counts = await reports.tally(runId);
    const ignored = sink.muted.size;
    counts.ignored = ignored;
    const listed = counts.severity.missing + counts.severity.outdated + counts.severity.conflicting;
    counts.compared = {
      vehicle: { easycars: vehicles.compared, local: vehicles.localCount },
      lead: { easycars: leads.walk.knownRead + leads.found, local: leads.localCount },
    };
    counts.unreadable = vehicles.unreadable;
    context.counts.fetched = vehicles.compared + vehicles.unreadable + leads.walk.knownRead + leads.found;
    context.counts.failed = vehicles.unreadable;
    context.counts.conflicts = counts.severity.conflicting;
    context.counts.unchanged = Math.max(0, vehicles.compared - counts.vehicle.mismatch - counts.vehicle.missing_local);
    await reports.closeReport(runId, { status: 'succeeded', counts, leadWalk: leads.walk });
    const summary =
      listed === 0 ? 'The site and EasyCars agree' : `${listed} discrepanc${listed === 1 ? 'y' : 'ies'} found`;
    await context.finish({
      status: 'succeeded',
      message: ignored > 0 ? `${summary} (${ignored} ignored)` : summary,
    });
    if ((await runs.findOne(runId)).trigger === 'scheduled') await notifyAfterReconciliation(strapi, runId);
  } catch (error) {
    // what was stored so far is part of a comparison that did not end: a report that failed lists nothing
    await reports.removeDiscrepancies(runId);
    // a stopping worker: the queue records the run as interrupted
    if (ctx.signal?.aborted) {
      await reports.closeReport(runId, { status: 'interrupted' });
      throw error;
    }
    await context.fail(error);
    await reports.closeReport(runId, { status: 'failed' });
  }
};
