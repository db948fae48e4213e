/**
 * Reading back what EasyCars knows of the leads it has (GetLeadDetail), compared three-way with the last synced
 * snapshot: changes made only there are applied, changes on both sides open a conflict, and a status changed only
 * here is sent out (status-push.ts). Only leads of the connection's current account are read.
 */
import { ValidationError, isEasyCarsError } from '../../easycars';
import { conflicts } from '../../conflicts/service';
import { recordStates } from '../../record-state/repository';
import { LEAD_COLUMNS, RunStop, isConnectionProblem, leadRows, pick, type LeadRun } from './lead-run';
import { localView, planRefresh, viewOfDetail, type LeadRow, type LeadView } from './mapping';
import { pushStatus } from './status-push';

/** Leads read per query while refreshing. */
const READ_BATCH = 100;

export async function refreshKnownLeads(lr: LeadRun) {
  const { run, settings, accountKey } = lr;
  const { connectionId } = run;
  const leads = () => leadRows(lr.strapi);
  const known = (await leads().findMany({
    // Leads of an account the connection used before stay as they are: their numbers mean other leads here.
    where: {
      connectionId,
      easycarsAccount: accountKey,
      syncReview: null,
      pushStatus: 'pushed',
      easycarsLeadNumber: { $notNull: true },
    },
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

  for (let i = 0; i < chosen.length && !lr.unavailable; i += READ_BATCH) {
    const ids = chosen.slice(i, i + READ_BATCH);
    const rows = (await leads().findMany({ where: { id: { $in: ids } }, select: LEAD_COLUMNS })) as LeadRow[];
    const numbers = rows.map((r) => r.easycarsLeadNumber as string);
    const stateRows = await recordStates(lr.strapi).snapshots(connectionId, 'lead', numbers);
    // A record state or conflict of the same number but another local lead belongs to another account's lead.
    const ownerOf = new Map(rows.map((r) => [r.easycarsLeadNumber as string, r.documentId]));
    const baseOf = new Map<string, LeadView>(
      stateRows
        .filter((s) => !s.localId || s.localId === ownerOf.get(s.externalKey))
        .map((s) => [s.externalKey, s.remoteSnapshot as LeadView])
    );
    const frozenOf = new Map<string, Set<string>>();
    for (const c of await conflicts(lr.strapi).openFields(connectionId, 'lead', numbers)) {
      if (c.localId && c.localId !== ownerOf.get(c.externalKey)) continue;
      const set = frozenOf.get(c.externalKey) ?? new Set<string>();
      for (const f of c.fields) set.add(f);
      frozenOf.set(c.externalKey, set);
    }
    await run.progress(
      50 + Math.floor((i / Math.max(1, chosen.length)) * 45),
      `Reading ${chosen.length} leads back from EasyCars`
    );
    const order = new Map(ids.map((id, n) => [id, n]));
    rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    for (const lead of rows) {
      const number = lead.easycarsLeadNumber as string;
      await refreshOne(lr, lead, baseOf.get(number) ?? null, frozenOf.get(number) ?? new Set());
      await run.checkpoint();
      if (lr.unavailable) break;
    }
    await run.flush();
  }
}

async function refreshOne(lr: LeadRun, lead: LeadRow, base: LeadView | null, frozen: Set<string>) {
  const { run, client } = lr;
  const { connectionId, runId } = run;
  const leads = () => leadRows(lr.strapi);
  const leadNumber = lead.easycarsLeadNumber as string;
  const key = leadNumber;
  let detail;
  try {
    detail = await client.getLeadDetail(leadNumber);
  } catch (error) {
    if (isConnectionProblem(error)) throw new RunStop(error);
    if (error instanceof ValidationError) {
      run.counts.failed += 1;
      run.item({
        externalKey: key,
        localId: lead.documentId,
        action: 'failed',
        error: `EasyCars could not read lead ${leadNumber}: ${error.vendorMessage ?? error.message}`,
      });
      // To the back of the line, so an unreadable lead does not hold up the others.
      await leads().update({ where: { id: lead.id }, data: { lastRefreshedAt: new Date() } });
      return;
    }
    if (isEasyCarsError(error) && error.retryable) {
      lr.unavailable = error;
      return;
    }
    throw error;
  }
  run.counts.fetched += 1;
  if (detail.warning) run.warnings.push(`EasyCars warning for lead ${leadNumber}: ${detail.warning}`);
  if (detail.ExternalID && detail.ExternalID !== lead.documentId) {
    // Another lead's data (another customer, perhaps): nothing of it is applied. The lead waits for someone to
    // check its lead number instead of failing again on every run.
    const message =
      `Lead ${leadNumber} in EasyCars carries ExternalID ${detail.ExternalID}, not this lead's id ${lead.documentId}: ` +
      `nothing was changed; check the lead number entered, then clear Sync review`;
    run.counts.failed += 1;
    run.item({ externalKey: key, localId: lead.documentId, action: 'failed', error: message });
    await leads().update({ where: { id: lead.id }, data: { syncReview: message, lastRefreshedAt: new Date() } });
    return;
  }

  const local = localView(lead);
  const remote = viewOfDetail(detail);
  // an open conflict both sides now agree on is closed "resolved by sync"; its fields sync again from the next run
  if (frozen.size > 0) await conflicts(lr.strapi).settle(connectionId, 'lead', new Map([[key, { local, remote }]]));
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
    await conflicts(lr.strapi).open({
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
    });
    run.counts.conflicts += 1;
    touched = true;
    run.item({
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
    run.item({
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
    run.item({
      externalKey: key,
      localId: lead.documentId,
      action: 'skipped',
      before: { status: plan.remoteStatus },
      after: { status: lead.status },
      changedFields: ['status'],
      error: plan.blocked,
    });
  } else if (plan.pushStatus) {
    const outcome = await pushStatus(lr, lead, { status: plan.pushStatus, remoteStatus: plan.remoteStatus }, write);
    if (outcome === 'sent') {
      nextBase.status = plan.pushStatus;
      changed = true;
    }
    if (outcome !== 'waiting') touched = true;
  }

  if (changed) run.counts.updated += 1;
  if (!touched) run.counts.unchanged += 1;
  else lr.progressMade = true;
  await leads().update({ where: { id: lead.id }, data: write });
  await recordStates(lr.strapi).save({
    connectionId,
    entity: 'lead',
    externalKey: leadNumber,
    localId: lead.documentId,
    remote: nextBase,
    local: localView({ ...lead, ...(write as Partial<LeadRow>) }),
    runId,
  });
}
