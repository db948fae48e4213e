/**
 * One lead run for one connection: push the due leads of the outbox (CreateLead), then read back the leads EasyCars
 * knows (GetLeadDetail), apply what changed there, and send local status changes (UpdateLead). Every push and
 * every change is a run item; the run ends succeeded, partial (some leads failed) or failed (the run could not do
 * its work: credentials, EasyCars unavailable, an unexpected error). Safe to run again at any point: a lead is
 * claimed ("pushing") before its CreateLead, and a claim left behind by a dead run is resolved by looking for the
 * lead in EasyCars before anything is sent again.
 */
import { createHash } from 'crypto';
import type { Core } from '@strapi/strapi';
import type { Contact } from '../../../../shared/easycars/api';
import {
  AuthenticationError,
  HttpError,
  ValidationError,
  createEasyCarsClient,
  isEasyCarsError,
  type EasyCarsClient,
  type EasyCarsError,
} from '../../easycars';
import { getService } from '../../utils/get-service';
import { stampNewRow } from '../../utils/rows';
import { createCallLog } from '../call-log';
import { describeRunError } from '../describe-error';
import { emptyCounts, type NewRunItem } from '../runs';
import { canonicalJson } from '../stock/hash';
import {
  LEAD_UID,
  STATUS_CODE,
  buildCreateLead,
  localView,
  planRefresh,
  viewAfterCreate,
  viewOfDetail,
  type LeadRow,
  type LeadView,
  type PushRecovery,
} from './mapping';
import { leadAccountKey, stampLeadsOfAccount } from './accounts';
import { defaultConnectionId } from './outbox';
import { findLostLead, parseLeadNumber, probeWith } from './recovery';
import { getConfig } from '../../config';
import { backoffMs } from './settings';

export interface LeadJobRef {
  runId: number;
  connectionId: string;
  kind: 'lead';
}

export interface LeadJobContext {
  heartbeat(): Promise<void>;
  /** Aborted when the worker stops: the run ends at the next lead, recorded as interrupted. */
  signal?: AbortSignal;
}

const RECORD_STATE_UID = 'plugin::easycars.record-state';
const CONFLICT_UID = 'plugin::easycars.conflict';

const LEAD_COLUMNS = [
  'id', 'documentId', 'name', 'email', 'phone', 'mobile', 'address', 'city', 'state', 'postCode', 'message',
  'vehicleMake', 'vehicleModel', 'vehicleYear', 'vehicleType', 'vehicleIsNew', 'interest', 'financeStatus', 'rating',
  'status', 'sourcePageUrl', 'connectionId', 'easycarsLeadNumber', 'easycarsCustomerNo', 'pushStatus', 'pushAttempts',
  'pushLastError', 'pushStartedAt', 'pushedAt', 'nextPushAt', 'pushMaybeSent', 'pushRecovery', 'remoteStatusPushed',
  'statusPushRejected', 'statusPushError', 'lastRefreshedAt', 'easycarsAccount',
];
const VEHICLE_COLUMNS = ['make', 'model', 'year', 'category', 'condition', 'price', 'specialPrice', 'stockNumber'];
/** Rounds of "take the due leads": leads created while a run pushes are taken by the same run. */
const MAX_PUSH_ROUNDS = 20;
const READ_BATCH = 100;

/** Ends the run at once: nothing more can be done with this connection now (credentials, configuration). */
class RunStop extends Error {
  constructor(readonly reason: unknown) {
    super(describeRunError(reason));
  }
}

/** Failures that are about the connection, not the lead: wrong credentials, a base URL that answers 404… */
function isConnectionProblem(error: unknown): boolean {
  return error instanceof AuthenticationError || (error instanceof HttpError && !error.retryable);
}

/** The worker was told to stop; thrown between two leads, never while one is claimed. */
class Interrupted extends Error {}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const sha256 = (value: unknown) => createHash('sha256').update(canonicalJson(value)).digest('hex');
const pick = (row: object, fields: string[]): Record<string, unknown> =>
  Object.fromEntries(fields.map((f) => [f, (row as Record<string, unknown>)[f] ?? null]));

export async function runLeadSync(strapi: Core.Strapi, job: LeadJobRef, ctx: LeadJobContext): Promise<void> {
  const runs = getService('runs');
  const { runId, connectionId } = job;
  await runs.markRunning(runId);
  const settings = getConfig(strapi, 'leads');
  const calls = createCallLog();
  const counts = emptyCounts();
  const warnings: string[] = [];
  const items: NewRunItem[] = [];
  const leads = () => strapi.db.query(LEAD_UID as any);
  const states = () => strapi.db.query(RECORD_STATE_UID as any);
  const conflictRows = () => strapi.db.query(CONFLICT_UID as any);

  /** Set when EasyCars stopped answering: the rest waits for the next run. */
  let unavailable: EasyCarsError | null = null;
  let progressMade = false;
  let client: EasyCarsClient;
  /** Highest lead number known for this connection's current account: the floor of a lost-lead search. */
  let floor = 0;
  /** The EasyCars account this run talks to (see accounts.ts): lead numbers only mean something within it. */
  let accountKey = '';

  /** Between two leads: keeps the queue's lock alive and stops when the worker is stopping. */
  async function checkpoint() {
    await ctx.heartbeat();
    if (ctx.signal?.aborted) throw new Interrupted();
  }

  const item = (entry: Omit<NewRunItem, 'runId' | 'connectionId' | 'entity'>) =>
    items.push({ runId, connectionId, entity: 'lead', ...entry });

  /** Items and counts so far: a run killed half-way still tells what it did. */
  async function flushItems() {
    if (items.length === 0) return;
    await runs.addItems(items.splice(0, items.length));
    await runs.saveCounts(runId, counts);
  }

  // ---- record state (the base of the three-way comparison) ---------------------------------------------------

  async function saveState(lead: LeadRow, leadNumber: string, base: LeadView, localAfter: LeadView) {
    const now = new Date();
    const where = { connectionId, entity: 'lead', externalKey: leadNumber };
    const data = {
      localDocumentId: lead.documentId,
      remoteSnapshot: base,
      remoteHash: sha256(base),
      localHash: sha256(localAfter),
      lastSeenAt: now,
      lastRunId: runId,
    };
    const existing = await states().findOne({ where, select: ['id'] });
    if (existing) await states().update({ where: { id: existing.id }, data });
    else await states().create({ data: stampNewRow({ ...where, ...data, firstSeenAt: now }, now) });
  }

  // ---- outbound: the outbox ------------------------------------------------------------------------------

  /** Takes the lead from "pending" to another state only if nobody else did in between. */
  async function transition(lead: LeadRow, from: LeadRow['pushStatus'], data: Record<string, unknown>): Promise<boolean> {
    const { count } = await leads().updateMany({ where: { id: lead.id, pushStatus: from }, data });
    return count > 0;
  }

  async function pushOne(lead: LeadRow): Promise<void> {
    const key = lead.documentId;
    const skipDeleted = async (from: LeadRow['pushStatus']) => {
      if (await transition(lead, from, { pushStatus: 'skipped', pushLastError: 'Deleted before it was sent to EasyCars: not sent', pushMaybeSent: false, pushRecovery: null })) {
        item({ externalKey: key, localId: key, action: 'skipped', before: { pushStatus: 'pending' }, after: { pushStatus: 'skipped' }, changedFields: ['pushStatus'], error: 'Deleted before it was sent to EasyCars' });
      }
    };
    // A deleted lead is not sent; one that may already be in EasyCars is looked for first (and then deleted there).
    if (lead.status === 'deleted' && !lead.pushMaybeSent) return skipDeleted('pending');

    if (lead.pushMaybeSent && lead.easycarsAccount && lead.easycarsAccount !== accountKey) {
      // The lost answer came from the account the connection used before. Searching the new account cannot find it
      // and sending it there could make a second lead: only an administrator can tell.
      const reason =
        `EasyCars may already have this lead in the account this connection used before: check that account for ` +
        `ExternalID ${lead.documentId}, then link its lead number here, or retry the lead to send it to the current account`;
      if (await transition(lead, 'pending', { pushStatus: 'failed', pushLastError: reason, nextPushAt: null })) {
        counts.failed += 1;
        item({ externalKey: key, localId: key, action: 'failed', before: { pushStatus: 'pending' }, after: { pushStatus: 'failed' }, changedFields: ['pushStatus'], error: reason });
      }
      return;
    }

    const plan = buildCreateLead(lead, settings.generalEnquiry.enabled ? settings.generalEnquiry : null);
    if (!plan.ok) {
      // Nothing to retry until someone edits the lead (the outbox middleware re-queues it then).
      if (await transition(lead, 'pending', { pushStatus: 'failed', pushLastError: plan.reason, nextPushAt: null })) {
        counts.failed += 1;
        item({ externalKey: key, localId: key, action: 'failed', before: { pushStatus: 'pending' }, after: { pushStatus: 'failed' }, changedFields: ['pushStatus'], error: plan.reason });
      }
      return;
    }

    const startedAt = new Date();
    const attempts = (lead.pushAttempts ?? 0) + 1;
    let maybeSent = Boolean(lead.pushMaybeSent);
    // The search window of a possibly delivered lead is kept from its first uncertain attempt; without one on
    // record, the widest window (no floor, no time limit) is the safe one.
    const recovery: PushRecovery = !maybeSent
      ? { since: startedAt.toISOString(), floor: floor > 0 ? String(floor) : null }
      : lead.pushRecovery?.since
        ? lead.pushRecovery
        : { since: new Date(lead.pushStartedAt ?? 0).toISOString(), floor: null };
    // The outbox record "push started" is written before any call, so a crash leaves a trace to recover from.
    const claimed = await transition(lead, 'pending', {
      pushStatus: 'pushing',
      pushStartedAt: startedAt,
      pushAttempts: attempts,
      pushRecovery: recovery,
      // This attempt goes to the current account: that is where the lead is, or may be, from now on.
      easycarsAccount: accountKey,
    });
    if (!claimed) return;

    let sent = false;
    let recovered = false;
    try {
      let answer: { LeadNumber: string; CustomerNo: string; warning?: string } | null = null;
      let reused: Contact | null = null;
      let base: LeadView | null = null;

      if (maybeSent) {
        const result = await findLostLead(probeWith(client), {
          externalId: lead.documentId,
          floor: parseLeadNumber(recovery.floor) ?? 0,
          since: new Date(recovery.since),
          maxProbes: settings.recoveryMaxProbes,
        });
        if (result.outcome === 'found') {
          answer = { LeadNumber: result.detail.LeadNumber, CustomerNo: result.detail.CustomerNo };
          base = { ...viewOfDetail(result.detail) };
          if (!base.status) base.status = 'new';
          recovered = true;
        } else if (result.outcome === 'unknown') {
          const reason =
            `EasyCars may already have this lead: check EasyCars for ExternalID ${lead.documentId} before retrying ` +
            `(could not tell: ${result.reason})`;
          await leads().update({ where: { id: lead.id }, data: { pushStatus: 'failed', pushLastError: reason, nextPushAt: null } });
          counts.failed += 1;
          item({ externalKey: key, localId: key, action: 'failed', before: { pushStatus: 'pending' }, after: { pushStatus: 'failed' }, changedFields: ['pushStatus'], error: reason });
          return;
        } else {
          maybeSent = false;
          if (lead.status === 'deleted') return skipDeleted('pushing');
        }
      }

      if (!answer) {
        let customer = plan.customer;
        const knownCustomer = lead.easycarsCustomerNo?.trim();
        if (knownCustomer) {
          customer = { CustomerNo: knownCustomer };
        } else if (plan.customer.Email) {
          const found = await client.searchContacts({ Email: plan.customer.Email });
          if (found.warning) warnings.push(`EasyCars warning on SearchContacts: ${found.warning}`);
          reused = found.contacts.find((c) => c.Email?.trim().toLowerCase() === plan.customer.Email?.toLowerCase()) ?? found.contacts[0] ?? null;
          if (reused) customer = { CustomerNo: reused.CustomerNo };
        }
        sent = true;
        answer = await client.createLead({ ...plan.request, LeadCustomer: customer });
        base = viewAfterCreate(plan.request, plan.customer, answer.CustomerNo, reused);
      }

      const leadNumber = answer.LeadNumber;
      const now = new Date();
      const data = {
        pushStatus: 'pushed',
        pushedAt: now,
        easycarsLeadNumber: leadNumber,
        easycarsCustomerNo: answer.CustomerNo,
        pushLastError: answer.warning ? `EasyCars warning: ${answer.warning}` : null,
        nextPushAt: null,
        pushMaybeSent: false,
        pushRecovery: null,
        remoteStatusPushed: base?.status ?? 'new',
        lastRefreshedAt: now,
      };
      await leads().update({ where: { id: lead.id }, data });
      await saveState(lead, leadNumber, base as LeadView, localView({ ...lead, ...(data as Partial<LeadRow>) }));
      floor = Math.max(floor, parseLeadNumber(leadNumber) ?? 0);
      if (answer.warning) warnings.push(`EasyCars warning for lead ${leadNumber}: ${answer.warning}`);
      counts.created += 1;
      progressMade = true;
      item({
        externalKey: leadNumber,
        localId: key,
        action: 'pushed',
        before: { pushStatus: 'pending', easycarsLeadNumber: null, easycarsCustomerNo: lead.easycarsCustomerNo ?? null },
        after: {
          pushStatus: 'pushed',
          easycarsLeadNumber: leadNumber,
          easycarsCustomerNo: answer.CustomerNo,
          customerReused: Boolean(reused),
          ...(recovered ? { recovered: true } : {}),
        },
        changedFields: ['pushStatus', 'easycarsLeadNumber', 'easycarsCustomerNo'],
        error: recovered ? 'The earlier answer was lost; the lead was found in EasyCars by its ExternalID and not sent again' : null,
      });
    } catch (error) {
      await pushFailed(lead, error, { attempts, sent, maybeSent });
    }
  }

  async function pushFailed(lead: LeadRow, error: unknown, at: { attempts: number; sent: boolean; maybeSent: boolean }) {
    const key = lead.documentId;
    const mayExist = at.maybeSent || (at.sent && (!isEasyCarsError(error) || error.maybeProcessed));
    const release = (data: Record<string, unknown>) =>
      leads().update({ where: { id: lead.id }, data: { pushMaybeSent: mayExist, ...data } });
    const failItem = (message: string, after: Record<string, unknown>) => {
      counts.failed += 1;
      item({ externalKey: key, localId: key, action: 'failed', before: { pushStatus: 'pending' }, after, changedFields: ['pushStatus'], error: message });
    };

    if (!isEasyCarsError(error)) {
      // Not EasyCars' doing (a bug, the database): hand the lead back and stop the run.
      await release({ pushStatus: 'pending', pushAttempts: at.attempts - 1 });
      throw error;
    }
    if (isConnectionProblem(error)) {
      // Not the lead's fault: the attempt does not count.
      await release({ pushStatus: 'pending', pushAttempts: at.attempts - 1 });
      throw new RunStop(error);
    }
    if (error instanceof ValidationError) {
      const message = `EasyCars rejected the lead: ${error.vendorMessage ?? error.message}`;
      await release({ pushStatus: 'failed', pushLastError: message, nextPushAt: null });
      failItem(message, { pushStatus: 'failed' });
      return;
    }
    if (!error.retryable) {
      await release({ pushStatus: 'failed', pushLastError: error.message, nextPushAt: null });
      failItem(error.message, { pushStatus: 'failed' });
      return;
    }

    // Transient: EasyCars is unreachable, overloaded or failing. Back off, and leave the other leads for later.
    unavailable = error;
    const caveat = mayExist
      ? ` EasyCars may already have this lead: it is looked for (ExternalID ${lead.documentId}) before sending again.`
      : '';
    if (at.attempts >= settings.maxAttempts) {
      const message = mayExist
        ? `Gave up after ${at.attempts} attempts: ${error.message}. EasyCars may already have this lead: check EasyCars for ExternalID ${lead.documentId} before retrying`
        : `Gave up after ${at.attempts} attempts: ${error.message}`;
      await release({ pushStatus: 'failed', pushLastError: message, nextPushAt: null });
      failItem(message, { pushStatus: 'failed', pushAttempts: at.attempts });
      return;
    }
    const retryAfter = error instanceof HttpError ? (error.retryAfterMs ?? 0) : 0;
    const next = new Date(Date.now() + Math.max(backoffMs(at.attempts, settings), retryAfter));
    const message = `${error.message}. Attempt ${at.attempts} of ${settings.maxAttempts}; next try after ${next.toISOString()}.${caveat}`;
    await release({ pushStatus: 'pending', pushLastError: message, nextPushAt: next });
    failItem(message, { pushStatus: 'pending', pushAttempts: at.attempts, nextPushAt: next.toISOString() });
  }

  /** Claims left by a run that died: the lead may or may not have reached EasyCars, so it is looked for first. */
  async function releaseStaleClaims() {
    const staleBefore = new Date(Date.now() - settings.staleAfterMs);
    const stale = (await leads().findMany({
      where: {
        connectionId,
        pushStatus: 'pushing',
        $or: [{ pushStartedAt: null }, { pushStartedAt: { $lt: staleBefore } }],
      },
      select: ['id', 'documentId', 'pushStartedAt', 'pushRecovery'],
    })) as LeadRow[];
    for (const lead of stale) {
      const recovery = lead.pushRecovery?.since
        ? lead.pushRecovery
        : { since: new Date(lead.pushStartedAt ?? 0).toISOString(), floor: null };
      const { count } = await leads().updateMany({
        where: { id: lead.id, pushStatus: 'pushing' },
        data: {
          pushStatus: 'pending',
          pushMaybeSent: true,
          pushRecovery: recovery,
          nextPushAt: null,
          pushLastError: 'An earlier push was interrupted; EasyCars may have received it, so it is looked for before sending again',
        },
      });
      if (count > 0) warnings.push(`Lead ${lead.documentId}: an interrupted push is checked in EasyCars before sending again`);
    }

    // Claims too recent to be taken as abandoned: they may belong to a run still working (or to one that just died).
    const claimed = (await leads().findMany({
      where: { connectionId, pushStatus: 'pushing', pushStartedAt: { $gte: staleBefore } },
      select: ['id', 'pushStartedAt'],
    })) as LeadRow[];
    if (claimed.length > 0) {
      const last = Math.max(...claimed.map((l) => new Date(l.pushStartedAt as string).getTime()));
      const retryAfter = new Date(last + settings.staleAfterMs).toISOString();
      const one = claimed.length === 1;
      warnings.push(
        `${plural(claimed.length, 'lead')} ${one ? 'is' : 'are'} still claimed by an interrupted push; ` +
          `${one ? 'it is' : 'they are'} checked in EasyCars and retried after ${retryAfter}`
      );
    }
  }

  async function pushDueLeads() {
    const handled: number[] = [];
    for (let round = 0; round < MAX_PUSH_ROUNDS && !unavailable; round++) {
      const where: Record<string, unknown> = {
        connectionId,
        pushStatus: 'pending',
        $or: [{ nextPushAt: null }, { nextPushAt: { $lte: new Date() } }],
      };
      if (handled.length > 0) where.id = { $notIn: handled };
      const due = (await leads().findMany({
        where,
        orderBy: { id: 'asc' },
        limit: settings.batchSize,
        select: LEAD_COLUMNS,
        populate: { vehicle: { select: VEHICLE_COLUMNS } },
      })) as LeadRow[];
      if (due.length === 0) return;
      await runs.progress(runId, Math.min(45, 5 + round * 5), `Pushing ${due.length} leads to EasyCars`);
      for (const lead of due) {
        handled.push(lead.id);
        await pushOne(lead);
        await checkpoint();
        if (unavailable) return;
      }
      await flushItems();
    }
  }

  // ---- inbound refresh and status out -----------------------------------------------------------------------

  async function refreshKnownLeads() {
    const known = (await leads().findMany({
      // Leads of an account the connection used before stay as they are: their numbers mean other leads here.
      where: { connectionId, easycarsAccount: accountKey, syncReview: null, pushStatus: 'pushed', easycarsLeadNumber: { $notNull: true } },
      select: ['id', 'status', 'remoteStatusPushed', 'statusPushRejected', 'lastRefreshedAt'],
    })) as Pick<LeadRow, 'id' | 'status' | 'remoteStatusPushed' | 'statusPushRejected' | 'lastRefreshedAt'>[];
    // Deleted on both sides is final: EasyCars accepts no change of it any more.
    const open = known.filter((l) => !(l.status === 'deleted' && l.remoteStatusPushed === 'deleted'));
    const dirty = open.filter((l) => l.status !== l.remoteStatusPushed && l.status !== l.statusPushRejected);
    const dirtyIds = new Set(dirty.map((l) => l.id));
    const time = (v: unknown) => (v ? new Date(v as string).getTime() : 0);
    const rest = open
      .filter((l) => !dirtyIds.has(l.id))
      .sort((a, b) => time(a.lastRefreshedAt) - time(b.lastRefreshedAt) || a.id - b.id)
      .slice(0, settings.refreshLimit);
    const chosen = [...dirty.map((l) => l.id), ...rest.map((l) => l.id)];

    for (let i = 0; i < chosen.length && !unavailable; i += READ_BATCH) {
      const ids = chosen.slice(i, i + READ_BATCH);
      const rows = (await leads().findMany({ where: { id: { $in: ids } }, select: LEAD_COLUMNS })) as LeadRow[];
      const numbers = rows.map((r) => r.easycarsLeadNumber as string);
      const stateRows = await states().findMany({
        where: { connectionId, entity: 'lead', externalKey: { $in: numbers } },
        select: ['externalKey', 'remoteSnapshot', 'localDocumentId'],
      });
      // A record state or conflict of the same number but another local lead belongs to another account's lead.
      const ownerOf = new Map(rows.map((r) => [r.easycarsLeadNumber as string, r.documentId]));
      const baseOf = new Map<string, LeadView>(
        stateRows
          .filter((s: any) => !s.localDocumentId || s.localDocumentId === ownerOf.get(s.externalKey))
          .map((s: any) => [s.externalKey, s.remoteSnapshot as LeadView])
      );
      const openConflicts = await conflictRows().findMany({
        where: { connectionId, entity: 'lead', status: 'open', externalKey: { $in: numbers } },
        select: ['externalKey', 'fields', 'localId'],
      });
      const frozenOf = new Map<string, Set<string>>();
      for (const c of openConflicts as any[]) {
        if (c.localId && c.localId !== ownerOf.get(c.externalKey)) continue;
        const set = frozenOf.get(c.externalKey) ?? new Set<string>();
        for (const f of (c.fields as string[]) ?? []) set.add(f);
        frozenOf.set(c.externalKey, set);
      }
      await runs.progress(runId, 50 + Math.floor((i / Math.max(1, chosen.length)) * 45), `Reading ${chosen.length} leads back from EasyCars`);
      const order = new Map(ids.map((id, n) => [id, n]));
      rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
      for (const lead of rows) {
        const number = lead.easycarsLeadNumber as string;
        await refreshOne(lead, baseOf.get(number) ?? null, frozenOf.get(number) ?? new Set());
        await checkpoint();
        if (unavailable) break;
      }
      await flushItems();
    }
  }

  async function refreshOne(lead: LeadRow, base: LeadView | null, frozen: Set<string>) {
    const leadNumber = lead.easycarsLeadNumber as string;
    const key = leadNumber;
    let detail;
    try {
      detail = await client.getLeadDetail(leadNumber);
    } catch (error) {
      if (isConnectionProblem(error)) throw new RunStop(error);
      if (error instanceof ValidationError) {
        counts.failed += 1;
        item({ externalKey: key, localId: lead.documentId, action: 'failed', error: `EasyCars could not read lead ${leadNumber}: ${error.vendorMessage ?? error.message}` });
        // To the back of the line, so an unreadable lead does not hold up the others.
        await leads().update({ where: { id: lead.id }, data: { lastRefreshedAt: new Date() } });
        return;
      }
      if (isEasyCarsError(error) && error.retryable) {
        unavailable = error;
        return;
      }
      throw error;
    }
    counts.fetched += 1;
    if (detail.warning) warnings.push(`EasyCars warning for lead ${leadNumber}: ${detail.warning}`);
    if (detail.ExternalID && detail.ExternalID !== lead.documentId) {
      // Another lead's data (another customer, perhaps): nothing of it is applied. The lead waits for someone to
      // check its lead number instead of failing again on every run.
      const message =
        `Lead ${leadNumber} in EasyCars carries ExternalID ${detail.ExternalID}, not this lead's id ${lead.documentId}: ` +
        `nothing was changed; check the lead number entered, then clear Sync review`;
      counts.failed += 1;
      item({ externalKey: key, localId: lead.documentId, action: 'failed', error: message });
      await leads().update({ where: { id: lead.id }, data: { syncReview: message, lastRefreshedAt: new Date() } });
      return;
    }

    const local = localView(lead);
    const remote = viewOfDetail(detail);
    const plan = planRefresh({
      base,
      local,
      remote,
      remoteStatusPushed: lead.remoteStatusPushed ?? null,
      statusPushRejected: lead.statusPushRejected ?? null,
      frozen,
    });
    const now = new Date();
    const write: Record<string, unknown> = { ...plan.apply, lastRefreshedAt: now };
    if (plan.remoteStatus !== (lead.remoteStatusPushed ?? null)) write.remoteStatusPushed = plan.remoteStatus;
    const nextBase: LeadView = { ...plan.nextBase };
    if (!nextBase.status && plan.remoteStatus) nextBase.status = plan.remoteStatus;
    let touched = false;

    if (plan.conflicts.length > 0) {
      await conflictRows().create({
        data: stampNewRow(
          {
            connectionId,
            entity: 'lead',
            externalKey: key,
            localId: lead.documentId,
            runId,
            fields: plan.conflicts,
            base: pick({ ...(base ?? {}), status: base?.status ?? lead.remoteStatusPushed ?? null }, plan.conflicts),
            local: pick(local, plan.conflicts),
            remote: pick(remote, plan.conflicts),
            strategy: 'manual',
            status: 'open',
          },
          now
        ),
      });
      counts.conflicts += 1;
      touched = true;
      item({
        externalKey: key,
        localId: lead.documentId,
        action: 'conflict',
        before: pick(base ?? {}, plan.conflicts),
        after: { local: pick(local, plan.conflicts), easycars: pick(remote, plan.conflicts) },
        changedFields: plan.conflicts,
        error: `Changed here and in EasyCars: ${plan.conflicts.join(', ')} (kept the local value, waiting for review)`,
      });
    }

    const applied = Object.keys(plan.apply);
    let changed = applied.length > 0;
    if (applied.length > 0) {
      write.updatedAt = now;
      touched = true;
      item({
        externalKey: key,
        localId: lead.documentId,
        action: 'refreshed',
        before: pick(local, applied),
        after: pick(plan.apply, applied),
        changedFields: applied,
      });
    }

    if (plan.blocked) {
      write.statusPushRejected = lead.status;
      write.statusPushError = plan.blocked;
      touched = true;
      item({ externalKey: key, localId: lead.documentId, action: 'skipped', before: { status: plan.remoteStatus }, after: { status: lead.status }, changedFields: ['status'], error: plan.blocked });
    } else if (plan.pushStatus) {
      const status = plan.pushStatus;
      try {
        const answer = await client.updateLead({ LeadNumber: leadNumber, LeadStatus: STATUS_CODE[status] });
        if (answer.warning) warnings.push(`EasyCars warning for lead ${leadNumber}: ${answer.warning}`);
        write.remoteStatusPushed = status;
        write.statusPushError = null;
        nextBase.status = status;
        changed = true;
        touched = true;
        progressMade = true;
        item({
          externalKey: key,
          localId: lead.documentId,
          action: 'updated',
          before: { status: plan.remoteStatus },
          after: { status },
          changedFields: ['status'],
        });
      } catch (error) {
        if (isConnectionProblem(error)) throw new RunStop(error);
        if (error instanceof ValidationError) {
          const message = `EasyCars refused the status "${status}": ${error.vendorMessage ?? error.message}`;
          write.statusPushRejected = status;
          write.statusPushError = message;
          counts.failed += 1;
          touched = true;
          item({ externalKey: key, localId: lead.documentId, action: 'failed', before: { status: plan.remoteStatus }, after: { status }, changedFields: ['status'], error: message });
        } else if (isEasyCarsError(error) && error.retryable) {
          unavailable = error;
        } else {
          throw error;
        }
      }
    }

    if (changed) counts.updated += 1;
    if (!touched) counts.unchanged += 1;
    else progressMade = true;
    await leads().update({ where: { id: lead.id }, data: write });
    await saveState(lead, leadNumber, nextBase, localView({ ...lead, ...(write as Partial<LeadRow>) }));
  }

  // ---- the run -------------------------------------------------------------------------------------------

  try {
    const options = await getService('connections').clientOptionsFor(connectionId);
    client = createEasyCarsClient({ ...options, onCall: calls.record });
    accountKey = leadAccountKey(options.credentials, client.root);
    // Leads pushed before accounts were recorded were pushed to the account in use until now.
    await stampLeadsOfAccount(strapi, connectionId, accountKey);

    if ((await defaultConnectionId(strapi)) === connectionId) {
      // Leads created before any connection existed go to the default one.
      await leads().updateMany({ where: { connectionId: null, pushStatus: 'pending' }, data: { connectionId } });
    }
    const numbers = await leads().findMany({
      where: { connectionId, easycarsAccount: accountKey, easycarsLeadNumber: { $notNull: true } },
      select: ['easycarsLeadNumber'],
    });
    floor = numbers.reduce((max: number, r: any) => Math.max(max, parseLeadNumber(r.easycarsLeadNumber) ?? 0), 0);

    await runs.progress(runId, 5, 'Pushing new leads to EasyCars');
    await releaseStaleClaims();
    await pushDueLeads();
    await flushItems();
    if (!unavailable) {
      await runs.progress(runId, 50, 'Reading leads back from EasyCars');
      await refreshKnownLeads();
    }
    await flushItems();

    const pending = await leads().count({ where: { connectionId, pushStatus: 'pending' } });
    let status: 'succeeded' | 'partial' | 'failed' = counts.failed > 0 ? 'partial' : 'succeeded';
    let errorMessage: string | null = counts.failed > 0 ? `${plural(counts.failed, 'lead')} could not be synced: see the items` : null;
    if (unavailable) {
      const stopped = unavailable as EasyCarsError;
      status = progressMade ? 'partial' : 'failed';
      errorMessage = `${describeRunError(stopped)} ${plural(pending, 'lead')} wait${pending === 1 ? 's' : ''} in the outbox; none is lost.`;
    }
    await runs.finish(runId, { status, counts, warnings, errorMessage, apiCalls: calls.entries() });
  } catch (error) {
    await flushItems().catch(() => undefined);
    if (error instanceof Interrupted || ctx.signal?.aborted) {
      const reason = ctx.signal?.reason instanceof Error ? ctx.signal.reason.message : 'the worker stopped';
      await runs.finish(runId, {
        status: 'interrupted',
        counts,
        warnings,
        errorMessage: `Interrupted (${reason}); the next run carries on where this one stopped`,
        apiCalls: calls.entries(),
      });
      return;
    }
    const cause = error instanceof RunStop ? error.reason : error;
    await runs.finish(runId, {
      status: 'failed',
      counts,
      warnings,
      errorMessage: describeRunError(cause),
      errorStack: cause instanceof Error && !isEasyCarsError(cause) ? (cause.stack ?? null) : null,
      apiCalls: calls.entries(),
    });
  }
}

