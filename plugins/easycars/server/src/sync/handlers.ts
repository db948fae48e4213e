/**
 * The job handler of each sync kind. The queue runs them the same way with either driver; each one marks its run
 * running and finishes it through the runs service, and is safe to run again after an interruption.
 * Bootstrap hands them to the queue, which imports no engine itself.
 */
import { SYNC_KINDS, type RunKind, type SyncKind } from '../../../shared/contracts/sync';
import type { SyncHandler } from '../queue/types';
import { runReconciliation } from '../reconciliation/job';
import { runLeadSync } from './lead/engine';
import { runStockSync } from './stock/engine';

const HANDLERS: { [K in SyncKind]: SyncHandler<K> } = {
  stock: runStockSync,
  lead: runLeadSync,
};

/** The engine of a kind; the queue calls it only with jobs of that kind. */
export function defaultHandler(kind: SyncKind): SyncHandler {
  return HANDLERS[kind] as SyncHandler;
}

/** Gives the queue the engine of every kind; called before the queue starts. */
export function registerSyncHandlers(queue: { registerHandler(kind: RunKind, handler: SyncHandler): void }): void {
  for (const kind of SYNC_KINDS) queue.registerHandler(kind, defaultHandler(kind));
  // a reconciliation is queued like a sync (one per connection at a time) but compares only
  queue.registerHandler('reconciliation', runReconciliation);
}
