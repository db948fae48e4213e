/**
 * The job of a run of kind `reconciliation`: read both sides of the connection, compare them (compare.ts), store
 * the discrepancies and the report. It writes nothing else: no vehicle, lead or record state changes here.
 */
import type { Core } from '@strapi/strapi';
import { emptyReconciliationCounts, type ReconciliationCounts } from '../../../shared/contracts/reconciliation';
import { getConfig } from '../config';
import { createEasyCarsClient, type EasyCarsClient } from '../easycars';
import type { SyncHandler } from '../queue/types';
import { createRunContext, type RunContext } from '../sync/run-context';
import { getService } from '../utils/get-service';
import { applyMutes, compareVehicles, type FoundDiscrepancy, type VehicleComparison } from './compare';
import { compareLeadsOf } from './leads';
import { notifyAfterReconciliation } from './notify';
import { readFeed, readLocalVehicles, readVehicleStates, readVehiclesById } from './sides';

function countsOf(listed: FoundDiscrepancy[], ignored: number): ReconciliationCounts {
  const counts = emptyReconciliationCounts();
  for (const d of listed) {
    counts[d.entity][d.category] += 1;
    counts.severity[d.severity] += 1;
  }
  counts.ignored = ignored;
  return counts;
}

/**
 * Both sides of the vehicles, compared. A function of its own so that the feed's bytes and the site's rows are
 * released when it returns, before the leads are read: only the discrepancies stay.
 */
async function reconcileVehicles(
  strapi: Core.Strapi,
  connectionId: string,
  client: EasyCarsClient,
  context: RunContext
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

    const vehicles = await reconcileVehicles(strapi, connectionId, client, context);
    const leads = await compareLeadsOf(strapi, {
      connectionId,
      client,
      options,
      settings: getConfig(strapi, 'reconciliation'),
      checkpoint: context.checkpoint,
      progress: (share, message) => context.progress(35 + Math.floor(share * 55), message),
    });

    await context.progress(92, 'Saving the report');
    const { listed, ignored } = applyMutes(
      [...vehicles.discrepancies, ...leads.discrepancies],
      await reports.mutes(connectionId)
    );
    await reports.addDiscrepancies(runId, connectionId, listed);
    const counts = countsOf(listed, ignored);
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
      listed.length === 0
        ? 'The site and EasyCars agree'
        : `${listed.length} discrepanc${listed.length === 1 ? 'y' : 'ies'} found`;
    await context.finish({
      status: 'succeeded',
      message: ignored > 0 ? `${summary} (${ignored} ignored)` : summary,
    });
    if ((await runs.findOne(runId)).trigger === 'scheduled') await notifyAfterReconciliation(strapi, runId);
  } catch (error) {
    // a stopping worker: the queue records the run as interrupted
    if (ctx.signal?.aborted) {
      await reports.closeReport(runId, { status: 'interrupted' });
      throw error;
    }
    await context.fail(error);
    await reports.closeReport(runId, { status: 'failed' });
  }
};
