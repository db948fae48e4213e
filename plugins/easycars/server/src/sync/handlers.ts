/**
 * The job handler of each sync kind. The queue runs them the same way with either driver; each one marks its run
 * running and finishes it through the runs service, and is safe to run again after an interruption.
 */
import type { Core } from '@strapi/strapi';
import type { SyncKind } from '../../../shared/contracts/sync';
import type { SyncHandler } from '../queue/types';

type RunService = { finish(id: number, outcome: { status: 'failed'; errorMessage: string }): Promise<unknown> };
const runsOf = (strapi: Core.Strapi) => strapi.plugin('easycars').service('runs') as RunService;

/** Stands in for the stock engine while `sync/stock/engine.ts` does not exist. */
export const stockSyncNotAvailable: SyncHandler = async (strapi, job) => {
  await runsOf(strapi).finish(job.runId, { status: 'failed', errorMessage: 'Stock sync is not available yet' });
};

/** Stands in for the lead engine while `sync/lead/engine.ts` does not exist. */
export const leadSyncNotAvailable: SyncHandler = async (strapi, job) => {
  await runsOf(strapi).finish(job.runId, { status: 'failed', errorMessage: 'Lead sync is not available yet' });
};

/**
 * The engine's export when its module is there. The engines are looked up at run time so that each kind works as
 * soon as its engine exists; only a missing module falls back, any other load error is thrown.
 */
function engine(modulePath: string, exportName: string): SyncHandler | null {
  let loaded: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(modulePath);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'MODULE_NOT_FOUND' && message.includes(modulePath)) return null;
    throw error;
  }
  const handler = loaded[exportName];
  if (typeof handler !== 'function') throw new Error(`${modulePath} does not export a function ${exportName}`);
  return handler as SyncHandler;
}

const ENGINES: Record<SyncKind, { module: string; export: string; placeholder: SyncHandler }> = {
  stock: { module: './stock/engine', export: 'runStockSync', placeholder: stockSyncNotAvailable },
  lead: { module: './lead/engine', export: 'runLeadSync', placeholder: leadSyncNotAvailable },
};

/** The handler of a kind: its engine, or the placeholder until the engine exists. */
export function defaultHandler(kind: SyncKind): SyncHandler {
  const { module, export: name, placeholder } = ENGINES[kind];
  return engine(module, name) ?? placeholder;
}
