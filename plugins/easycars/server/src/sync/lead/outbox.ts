/**
 * The lead outbox, seen from the writing side. A document-service middleware puts every lead created through
 * Strapi (REST, the public form, GraphQL, the Content Manager, other plugins) into the outbox, re-queues a failed
 * lead when someone edits it, keeps Deleted final, and asks the job queue for a lead run once the write is
 * committed. The sync itself writes through the query engine, which bypasses this middleware.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { SYNC_OWNED_COLUMNS } from './lead-run';
import { LEAD_UID, type LeadRow } from './mapping';
import { getConfig } from '../../config';
import { UID } from '../../constants';

const CONNECTION_UID = UID.connection;

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

type QueueLike = { trigger?: (input: Record<string, unknown>) => Promise<unknown>; status?: () => unknown };

/** How long a lead whose run request met a running run is watched: longer than any lead run should take. */
const FOLLOW_UP_FOR_MS = 10 * 60_000;
const FOLLOW_UP_FIRST_MS = 200;
const FOLLOW_UP_MAX_MS = 2_000;

/** Leads whose run request met a run already active, per connection, watched until a run takes them. */
interface FollowUp {
  leads: Map<string, number>;
  timer: NodeJS.Timeout | null;
  checking: boolean;
  delayMs: number;
}
const followUps = new WeakMap<Core.Strapi, Map<string, FollowUp>>();

function queueOf(strapi: Core.Strapi): QueueLike | null {
  const queue = strapi.plugin('easycars')?.service('queue') as QueueLike | undefined;
  return queue && typeof queue.trigger === 'function' ? queue : null;
}

/** Queues a lead run: "queued", "busy" (a run of the connection is queued or running), or "no" (nothing to do). */
async function triggerLeadRun(
  strapi: Core.Strapi,
  queue: QueueLike,
  connectionId: string
): Promise<'queued' | 'busy' | 'no'> {
  try {
    await queue.trigger!({ connectionId, kind: 'lead', trigger: 'manual', triggeredBy: 'lead outbox' });
    return 'queued';
  } catch (error) {
    const e = error as { status?: number; name?: string };
    if (e?.status === 409 || e?.name === 'ConflictError') return 'busy';
    // The connection is disabled (or gone): the lead waits until it is enabled and synced.
    if (e instanceof errors.ValidationError || e instanceof errors.NotFoundError) return 'no';
    strapi.log.warn(`[easycars] could not queue a lead run: ${(error as Error)?.message ?? error}`);
    return 'no';
  }
}

/**
 * Whether the lead still waits for a lead run: not yet sent and not backing off (EasyCars failing), or a status
 * change not yet sent.
 */
async function stillWaiting(strapi: Core.Strapi, documentId: string): Promise<boolean> {
  const lead = (await strapi.db.query(LEAD_UID as any).findOne({
    where: { documentId },
    select: ['pushStatus', 'nextPushAt', 'status', 'remoteStatusPushed', 'statusPushRejected'],
  })) as Pick<LeadRow, 'pushStatus' | 'nextPushAt' | 'status' | 'remoteStatusPushed' | 'statusPushRejected'> | null;
  if (!lead) return false;
  if (lead.pushStatus === 'pending') return !lead.nextPushAt || new Date(lead.nextPushAt).getTime() <= Date.now();
  if (lead.pushStatus === 'pushed')
    return lead.status !== lead.remoteStatusPushed && lead.status !== lead.statusPushRejected;
  return false;
}

/**
 * A run request that met an active run is not done: that run may already have looked for due leads for the last
 * time before this lead was committed. So the lead is watched: while it is still waiting, a run is requested again
 * (after a short, growing pause) until one is queued. A run queued after the lead was committed looks for due leads
 * after that, so it takes the lead; a run refused because another is active leaves the lead watched. Whatever the
 * order of the commit, the active run's last look and its end, the lead is either taken by that run or still
 * waiting when it ends, and then the next request is queued. Only a run lasting longer than FOLLOW_UP_FOR_MS
 * leaves the lead to the schedule.
 */
function followUp(strapi: Core.Strapi, connectionId: string, documentId: string) {
  let byConnection = followUps.get(strapi);
  if (!byConnection) followUps.set(strapi, (byConnection = new Map()));
  let watch = byConnection.get(connectionId);
  if (!watch)
    byConnection.set(
      connectionId,
      (watch = { leads: new Map(), timer: null, checking: false, delayMs: FOLLOW_UP_FIRST_MS })
    );
  watch.leads.set(documentId, Date.now() + FOLLOW_UP_FOR_MS);
  watch.delayMs = FOLLOW_UP_FIRST_MS;
  if (!watch.timer && !watch.checking) schedule(strapi, connectionId, watch);
}

function schedule(strapi: Core.Strapi, connectionId: string, watch: FollowUp) {
  watch.timer = setTimeout(() => {
    watch.timer = null;
    watch.checking = true;
    check(strapi, connectionId, watch)
      .catch((error) => {
        strapi.log.warn(
          `[easycars] could not check the leads waiting for a lead run: ${(error as Error)?.message ?? error}`
        );
        watch.leads.clear();
      })
      .finally(() => {
        watch.checking = false;
        // Leads added while checking were not covered by this check's request
        if (watch.leads.size > 0 && !watch.timer) schedule(strapi, connectionId, watch);
      });
  }, watch.delayMs);
  // Never keeps the process alive; stopLeadFollowUps clears it when Strapi stops.
  watch.timer.unref();
}

async function check(strapi: Core.Strapi, connectionId: string, watch: FollowUp) {
  const queue = queueOf(strapi);
  if (!queue || (typeof queue.status === 'function' && !queue.status())) return watch.leads.clear();
  for (const [documentId, until] of [...watch.leads]) {
    if (!(await stillWaiting(strapi, documentId))) {
      watch.leads.delete(documentId);
    } else if (Date.now() > until) {
      watch.leads.delete(documentId);
      strapi.log.warn(
        `[easycars] lead ${documentId} still waits for a lead run after ${FOLLOW_UP_FOR_MS / 60_000} min: the schedule takes it`
      );
    }
  }
  if (watch.leads.size === 0) return;
  // A run queued now covers the leads committed before the request, not a lead that comes in meanwhile
  const covered = [...watch.leads.keys()];
  const outcome = await triggerLeadRun(strapi, queue, connectionId);
  if (outcome !== 'busy') for (const documentId of covered) watch.leads.delete(documentId);
  else watch.delayMs = Math.min(FOLLOW_UP_MAX_MS, watch.delayMs * 2);
}

/** Stops watching leads (Strapi is stopping): the schedule, or the next start, takes what is left. */
export function stopLeadFollowUps(strapi: Core.Strapi): void {
  for (const watch of followUps.get(strapi)?.values() ?? []) {
    if (watch.timer) clearTimeout(watch.timer);
    watch.timer = null;
    watch.leads.clear();
  }
  followUps.delete(strapi);
}

/**
 * Asks the job queue (when the plugin has one) for a lead run of the connection, for the lead `documentId`. When a
 * run is already queued or running (409), the lead is watched until a run takes it (see followUp). Never throws.
 */
export async function requestLeadRun(
  strapi: Core.Strapi,
  connectionId: string | null | undefined,
  documentId?: string | null
): Promise<void> {
  if (!connectionId || !getConfig(strapi, 'leads').pushOnCreate) return;
  const queue = queueOf(strapi);
  if (!queue) return;
  const outcome = await triggerLeadRun(strapi, queue, connectionId);
  if (outcome === 'busy' && documentId) followUp(strapi, connectionId, documentId);
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
  const found = await strapi.db
    .query(CONNECTION_UID as any)
    .findOne({ where: { documentId: connectionId }, select: ['id'] });
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
  // columns only the sync writes: an edit form loaded before a push must not roll them back
  for (const field of SYNC_OWNED_COLUMNS) delete data[field];
  // Only the sync flags a lead for review; a person may clear the flag once the lead is checked.
  if ('syncReview' in data && data.syncReview !== null && data.syncReview !== '') delete data.syncReview;
  else if ('syncReview' in data) data.syncReview = null;
  const notInEasyCars =
    !current.easycarsLeadNumber && current.pushStatus !== 'pushing' && current.pushStatus !== 'pushed';
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
    Object.assign(data, {
      pushStatus: 'pushed',
      pushLastError: null,
      nextPushAt: null,
      pushMaybeSent: false,
      pushRecovery: null,
      easycarsAccount: null,
    });
    return true;
  }
  if (wantsRetry) {
    // An explicit retry by an administrator, who was told to check EasyCars first when the lead may be there.
    Object.assign(data, {
      pushStatus: 'pending',
      pushAttempts: 0,
      nextPushAt: null,
      pushLastError: null,
      pushMaybeSent: false,
      pushRecovery: null,
    });
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
      afterCommit(strapi, () =>
        requestLeadRun(strapi, result?.connectionId ?? ctx.params.data.connectionId, result?.documentId)
      );
      return result;
    }

    if (ctx.action === 'update' && ctx.params?.documentId) {
      ctx.params.data = { ...(ctx.params.data ?? {}) };
      const runNeeded = await prepareUpdate(strapi, ctx.params.documentId, ctx.params.data);
      const result = await next();
      if (runNeeded)
        afterCommit(strapi, () =>
          requestLeadRun(strapi, result?.connectionId, result?.documentId ?? ctx.params.documentId)
        );
      return result;
    }

    return next();
  });
}
