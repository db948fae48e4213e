/**
 * The lead outbox, seen from the writing side. A document-service middleware puts every lead created through
 * Strapi (REST, the public form, GraphQL, the Content Manager, other plugins) into the outbox, re-queues a failed
 * lead when someone edits it, keeps Deleted final, and asks the job queue for a lead run once the write is
 * committed. The sync itself writes through the query engine, which bypasses this middleware.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { LEAD_UID, type LeadRow } from './mapping';
import { leadSettings } from './settings';

const CONNECTION_UID = 'plugin::easycars.connection';

/** Outbox columns a new lead starts with; anything a client sent for them is overwritten. */
const FRESH_PUSH_STATE = {
  pushAttempts: 0,
  pushLastError: null,
  pushStartedAt: null,
  pushedAt: null,
  nextPushAt: null,
  pushMaybeSent: false,
  pushRecovery: null,
  remoteStatusPushed: null,
  statusPushRejected: null,
  statusPushError: null,
  lastRefreshedAt: null,
  easycarsAccount: null,
  syncReview: null,
};

/** The connection a lead goes to when none is named: the first enabled one. */
export async function defaultConnectionId(strapi: Core.Strapi): Promise<string | null> {
  const row = await strapi.db.query(CONNECTION_UID as any).findOne({
    where: { $or: [{ enabled: true }, { enabled: null }] },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: ['documentId'],
  });
  return row?.documentId ?? null;
}

/**
 * Asks the job queue (when the plugin has one) for a lead run of the connection. A run already queued or running
 * (409) will see the lead: the engine keeps taking due leads until none is left. Never throws.
 */
export async function requestLeadRun(strapi: Core.Strapi, connectionId: string | null | undefined): Promise<void> {
  if (!connectionId || !leadSettings(strapi).pushOnCreate) return;
  const queue = strapi.plugin('easycars')?.service('queue') as
    | { trigger?: (input: Record<string, unknown>) => Promise<unknown> }
    | undefined;
  if (!queue || typeof queue.trigger !== 'function') return;
  try {
    await queue.trigger({ connectionId, kind: 'lead', trigger: 'manual', triggeredBy: 'lead outbox' });
  } catch (error) {
    const e = error as { status?: number; name?: string };
    // Already queued or running (that run takes the lead too), or the connection is disabled: nothing to do.
    if (e?.status === 409 || e?.name === 'ConflictError' || e instanceof errors.ValidationError) return;
    strapi.log.warn(`[easycars] could not queue a lead run: ${(error as Error)?.message ?? error}`);
  }
}

/** Runs `fn` once the current transaction (if any) has committed, so a worker can already read the lead. */
function afterCommit(strapi: Core.Strapi, fn: () => Promise<void>) {
  const run = () => void fn().catch(() => undefined);
  Promise.resolve()
    .then(() =>
      strapi.db.transaction(({ onCommit }) => {
        onCommit(run);
      })
    )
    .catch(() => setImmediate(run));
}

/** A connection named on a lead must exist, or the lead would wait for a run that never comes. */
async function assertConnection(strapi: Core.Strapi, connectionId: string) {
  const found = await strapi.db.query(CONNECTION_UID as any).findOne({ where: { documentId: connectionId }, select: ['id'] });
  if (!found) {
    const message = `connectionId: there is no EasyCars connection "${connectionId}"`;
    throw new errors.ValidationError(message, { errors: [{ path: ['connectionId'], message }] });
  }
}

async function prepareCreate(strapi: Core.Strapi, data: Record<string, any>) {
  if (data.connectionId) await assertConnection(strapi, data.connectionId);
  else data.connectionId = await defaultConnectionId(strapi);
  Object.assign(data, FRESH_PUSH_STATE);
  if (data.easycarsLeadNumber) {
    // Already in EasyCars (entered by hand): only its status and refresh are synced.
    data.pushStatus = 'pushed';
  } else if (data.status === 'deleted') {
    data.pushStatus = 'skipped';
    data.pushLastError = 'Deleted before it was sent to EasyCars: not sent';
  } else {
    data.pushStatus = 'pending';
  }
}

/** Columns only the sync writes: an edit form loaded before a push must not roll them back. */
const SYNC_OWNED = [
  'pushStatus', 'pushAttempts', 'pushLastError', 'pushStartedAt', 'pushedAt', 'nextPushAt', 'pushMaybeSent',
  'pushRecovery', 'remoteStatusPushed', 'statusPushRejected', 'statusPushError', 'lastRefreshedAt', 'easycarsAccount',
] as const;

/**
 * An edit of an existing lead. Sync-owned columns are dropped from the edit, with three deliberate exceptions:
 * setting a failed lead back to "pending" (a retry), linking a lead not yet in EasyCars to a lead number found
 * there, and moving such a lead to another connection. Returns whether a lead run should follow.
 */
async function prepareUpdate(strapi: Core.Strapi, documentId: string, data: Record<string, any>): Promise<boolean> {
  const current = (await strapi.db.query(LEAD_UID as any).findOne({
    where: { documentId },
    select: ['id', 'status', 'pushStatus', 'pushMaybeSent', 'easycarsLeadNumber', 'easycarsCustomerNo', 'connectionId'],
  })) as Pick<
    LeadRow,
    'status' | 'pushStatus' | 'pushMaybeSent' | 'easycarsLeadNumber' | 'easycarsCustomerNo' | 'connectionId'
  > | null;
  if (!current) return false;

  const wantsRetry = current.pushStatus === 'failed' && data.pushStatus === 'pending';
  for (const field of SYNC_OWNED) delete data[field];
  // Only the sync flags a lead for review; a person may clear the flag once the lead is checked.
  if ('syncReview' in data && data.syncReview !== null && data.syncReview !== '') delete data.syncReview;
  else if ('syncReview' in data) data.syncReview = null;
  const notInEasyCars = !current.easycarsLeadNumber && current.pushStatus !== 'pushing' && current.pushStatus !== 'pushed';
  for (const field of ['easycarsLeadNumber', 'easycarsCustomerNo', 'connectionId'] as const) {
    if (field in data && (!notInEasyCars || (data[field] ?? null) === (current[field] ?? null))) delete data[field];
  }

  if (data.connectionId) await assertConnection(strapi, data.connectionId);

  let runNeeded = false;
  if (data.status !== undefined && data.status !== current.status) {
    if (current.status === 'deleted') {
      throw new errors.ValidationError('status: a deleted lead cannot be reopened (Deleted is final in EasyCars)', {
        errors: [{ path: ['status'], message: 'a deleted lead cannot be reopened (Deleted is final in EasyCars)' }],
      });
    }
    Object.assign(data, { statusPushRejected: null, statusPushError: null });
    runNeeded = true;
  }

  if (data.easycarsLeadNumber) {
    // Linked by hand to a lead found in EasyCars: from now on only its status and refresh are synced.
    // The number was found in the connection's current account: the next run records that account on the lead.
    Object.assign(data, { pushStatus: 'pushed', pushLastError: null, nextPushAt: null, pushMaybeSent: false, pushRecovery: null, easycarsAccount: null });
    return true;
  }
  if (wantsRetry) {
    // An explicit retry by an administrator, who was told to check EasyCars first when the lead may be there.
    Object.assign(data, { pushStatus: 'pending', pushAttempts: 0, nextPushAt: null, pushLastError: null, pushMaybeSent: false, pushRecovery: null });
    return true;
  }
  if (current.pushStatus === 'failed' && !current.pushMaybeSent) {
    // Edited after a failure the edit may fix (missing vehicle data, a refused value): try again from scratch.
    Object.assign(data, { pushStatus: 'pending', pushAttempts: 0, nextPushAt: null, pushLastError: null });
    return true;
  }
  return runNeeded;
}

export function registerLeadOutbox(strapi: Core.Strapi): void {
  if (!strapi.contentType(LEAD_UID as any)) return;
  strapi.documents.use(async (ctx: any, next: () => Promise<any>) => {
    if (ctx.uid !== LEAD_UID) return next();

    if (ctx.action === 'create') {
      ctx.params.data = { ...(ctx.params.data ?? {}) };
      await prepareCreate(strapi, ctx.params.data);
      const result = await next();
      afterCommit(strapi, () => requestLeadRun(strapi, result?.connectionId ?? ctx.params.data.connectionId));
      return result;
    }

    if (ctx.action === 'update' && ctx.params?.documentId) {
      ctx.params.data = { ...(ctx.params.data ?? {}) };
      const runNeeded = await prepareUpdate(strapi, ctx.params.documentId, ctx.params.data);
      const result = await next();
      if (runNeeded) afterCommit(strapi, () => requestLeadRun(strapi, result?.connectionId));
      return result;
    }

    return next();
  });
}
