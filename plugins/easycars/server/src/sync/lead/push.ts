/**
 * The outbox, sending side: due leads are claimed ("pushing") before their CreateLead, so a run that dies leaves a
 * trace; a claim left by a dead run is resolved by looking for the lead in EasyCars (recovery.ts) before anything is
 * sent again; a failure backs off and never loses the lead.
 */
import type { Contact } from '../../../../shared/easycars/api';
import { HttpError, ValidationError, isEasyCarsError } from '../../easycars';
import { recordStates } from '../../record-state/repository';
import {
  LEAD_COLUMNS,
  RunStop,
  VEHICLE_COLUMNS,
  isConnectionProblem,
  leadRows,
  plural,
  type LeadRun,
} from './lead-run';
import {
  buildCreateLead,
  localView,
  viewAfterCreate,
  viewOfDetail,
  type LeadRow,
  type LeadView,
  type PushRecovery,
} from './mapping';
import { findLostLead, parseLeadNumber, probeWith } from './recovery';
import { backoffMs } from './settings';

/** Rounds of "take the due leads": leads created while a run pushes are taken by the same run. */
const MAX_PUSH_ROUNDS = 20;

/** A push that did not happen: counted as failed, and an item that says why. */
function failedPush(
  run: LeadRun['run'],
  localId: string,
  reason: string,
  after: Record<string, unknown> = { pushStatus: 'failed' }
) {
  run.counts.failed += 1;
  run.item({
    externalKey: null,
    localId,
    action: 'failed',
    before: { pushStatus: 'pending' },
    after,
    changedFields: ['pushStatus'],
    error: reason,
  });
}

/** Takes the lead from "pending" to another state only if nobody else did in between. */
async function transition(
  lr: LeadRun,
  lead: LeadRow,
  from: LeadRow['pushStatus'],
  data: Record<string, unknown>
): Promise<boolean> {
  const { count } = await leadRows(lr.strapi).updateMany({ where: { id: lead.id, pushStatus: from }, data });
  return count > 0;
}

async function pushOne(lr: LeadRun, lead: LeadRow): Promise<void> {
  const { run, client, settings, accountKey } = lr;
  const { connectionId, runId } = run;
  const leads = () => leadRows(lr.strapi);
  const key = lead.documentId;
  const skipDeleted = async (from: LeadRow['pushStatus']) => {
    if (
      await transition(lr, lead, from, {
        pushStatus: 'skipped',
        pushLastError: 'Deleted before it was sent to EasyCars: not sent',
        pushMaybeSent: false,
        pushRecovery: null,
      })
    ) {
      run.item({
        externalKey: null,
        localId: key,
        action: 'skipped',
        before: { pushStatus: 'pending' },
        after: { pushStatus: 'skipped' },
        changedFields: ['pushStatus'],
        error: 'Deleted before it was sent to EasyCars',
      });
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
    if (await transition(lr, lead, 'pending', { pushStatus: 'failed', pushLastError: reason, nextPushAt: null })) {
      failedPush(run, key, reason);
    }
    return;
  }

  const plan = buildCreateLead(lead, settings.generalEnquiry.enabled ? settings.generalEnquiry : null);
  if (!plan.ok) {
    // Nothing to retry until someone edits the lead (the outbox middleware re-queues it then).
    if (await transition(lr, lead, 'pending', { pushStatus: 'failed', pushLastError: plan.reason, nextPushAt: null })) {
      failedPush(run, key, plan.reason);
    }
    return;
  }

  const startedAt = new Date();
  const attempts = (lead.pushAttempts ?? 0) + 1;
  let maybeSent = Boolean(lead.pushMaybeSent);
  // The search window of a possibly delivered lead is kept from its first uncertain attempt; without one on
  // record, the widest window (no floor, no time limit) is the safe one.
  const recovery: PushRecovery = !maybeSent
    ? { since: startedAt.toISOString(), floor: lr.floor > 0 ? String(lr.floor) : null }
    : lead.pushRecovery?.since
      ? lead.pushRecovery
      : { since: new Date(lead.pushStartedAt ?? 0).toISOString(), floor: null };
  // The outbox record "push started" is written before any call, so a crash leaves a trace to recover from.
  const claimed = await transition(lr, lead, 'pending', {
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
        await leads().update({
          where: { id: lead.id },
          data: { pushStatus: 'failed', pushLastError: reason, nextPushAt: null },
        });
        failedPush(run, key, reason);
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
        if (found.warning) run.warnings.push(`EasyCars warning on SearchContacts: ${found.warning}`);
        reused =
          found.contacts.find((c) => c.Email?.trim().toLowerCase() === plan.customer.Email?.toLowerCase()) ??
          found.contacts[0] ??
          null;
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
    await recordStates(lr.strapi).save({
      connectionId,
      entity: 'lead',
      externalKey: leadNumber,
      localId: lead.documentId,
      remote: base,
      local: localView({ ...lead, ...(data as Partial<LeadRow>) }),
      runId,
    });
    lr.floor = Math.max(lr.floor, parseLeadNumber(leadNumber) ?? 0);
    if (answer.warning) run.warnings.push(`EasyCars warning for lead ${leadNumber}: ${answer.warning}`);
    run.counts.created += 1;
    lr.progressMade = true;
    run.item({
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
      error: recovered
        ? 'The earlier answer was lost; the lead was found in EasyCars by its ExternalID and not sent again'
        : null,
    });
  } catch (error) {
    await pushFailed(lr, lead, error, { attempts, sent, maybeSent });
  }
}

async function pushFailed(
  lr: LeadRun,
  lead: LeadRow,
  error: unknown,
  at: { attempts: number; sent: boolean; maybeSent: boolean }
) {
  const { run, settings } = lr;
  const leads = () => leadRows(lr.strapi);
  const key = lead.documentId;
  const mayExist = at.maybeSent || (at.sent && (!isEasyCarsError(error) || error.maybeProcessed));
  const release = (data: Record<string, unknown>) =>
    leads().update({ where: { id: lead.id }, data: { pushMaybeSent: mayExist, ...data } });
  const failItem = (message: string, after: Record<string, unknown>) => failedPush(run, key, message, after);

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
  lr.unavailable = error;
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
export async function releaseStaleClaims(lr: LeadRun) {
  const { run, settings } = lr;
  const { connectionId } = run;
  const leads = () => leadRows(lr.strapi);
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
        pushLastError:
          'An earlier push was interrupted; EasyCars may have received it, so it is looked for before sending again',
      },
    });
    if (count > 0)
      run.warnings.push(`Lead ${lead.documentId}: an interrupted push is checked in EasyCars before sending again`);
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
    run.warnings.push(
      `${plural(claimed.length, 'lead')} ${one ? 'is' : 'are'} still claimed by an interrupted push; ` +
        `${one ? 'it is' : 'they are'} checked in EasyCars and retried after ${retryAfter}`
    );
  }
}

export async function pushDueLeads(lr: LeadRun) {
  const { run, settings } = lr;
  const { connectionId } = run;
  const leads = () => leadRows(lr.strapi);
  const handled: number[] = [];
  for (let round = 0; round < MAX_PUSH_ROUNDS && !lr.unavailable; round++) {
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
    await run.progress(Math.min(45, 5 + round * 5), `Pushing ${due.length} leads to EasyCars`);
    for (const lead of due) {
      handled.push(lead.id);
      await pushOne(lr, lead);
      await run.checkpoint();
      if (lr.unavailable) return;
    }
    await run.flush();
  }
}
