/**
 * What an administrator does about discrepancies: Sync from EasyCars (pull), Push to EasyCars (leads only) and
 * Ignore. Vehicles are pulled through the stock writer, in one sync run of kind `stock` with trigger
 * `reconciliation` that touches only the chosen vehicles; leads are read from EasyCars again and written here, or
 * pushed through the outbox and UpdateLead. Every action leaves an audit entry and the outcome on its discrepancy.
 * A request is carried out at once; action-jobs.ts carries one out in the background, batch by batch.
 */
import type { Core } from '@strapi/strapi';
import {
  MAX_ACTION_MATCHING,
  VEHICLE_PUSH_REFUSED,
  type ActionOutcome,
  type DiscrepancyAction,
  type DiscrepancyActionInput,
} from '../../../shared/contracts/reconciliation';
import type { AuditAction } from '../../../shared/contracts/audit';
import type { Actor } from '../audit/service';
import { settleVehicleConflicts } from '../conflicts/records';
import { UID } from '../constants';
import { createEasyCarsClient, isEasyCarsError, ValidationError, type EasyCarsClient } from '../easycars';
import { getConfig } from '../config';
import { RunConflictError } from '../queue/errors';
import { recordStates } from '../record-state/repository';
import { createRunContext } from '../sync/run-context';
import { leadAccountKey } from '../sync/lead/accounts';
import { LEAD_COLUMNS } from '../sync/lead/lead-run';
import {
  FINANCE_CODE,
  INTEREST_CODE,
  RATING_CODE,
  REFRESH_FIELDS,
  STATUS_CODE,
  localView,
  viewOfDetail,
  type LeadRow,
} from '../sync/lead/mapping';
import { identityKey } from '../sync/stock/hash';
import { normaliseStockItem } from '../sync/stock/normalise';
import { planStockSync } from '../sync/stock/plan';
import { createStockWriter } from '../sync/stock/writer';
import type { StockFeedItem } from '../easycars/stock-list';
import { getService } from '../utils/get-service';
import { stampNewRow } from '../utils/rows';

type Row = Record<string, any>;

export interface Who {
  actor: Actor | null;
  email: string | null;
}

const AUDIT: Record<DiscrepancyAction, AuditAction> = {
  pull: 'discrepancy.pulled',
  push: 'discrepancy.pushed',
  ignore: 'discrepancy.ignored',
};

const outcome = (id: number, status: ActionOutcome['status'], statusCode: number, message: string | null) => ({
  id,
  status,
  statusCode,
  message,
});

const describe = (error: unknown) =>
  isEasyCarsError(error) ? error.message : error instanceof Error ? error.message : String(error);

/** The discrepancies a request names: its ids, or those of its report matching its filter. */
export async function idsOf(strapi: Core.Strapi, input: DiscrepancyActionInput): Promise<number[]> {
  if (input.ids) return input.ids;
  return getService('reconciliations', { strapi }).idsMatching(
    input.reconciliationId as number,
    input.filter ?? {},
    MAX_ACTION_MATCHING
  );
}

export async function applyAction(
  strapi: Core.Strapi,
  input: DiscrepancyActionInput,
  who: Who
): Promise<ActionOutcome[]> {
  return actOn(strapi, input.action, await idsOf(strapi, input), input.reason ?? null, who);
}

/** Applies one action to these discrepancies, in order; one outcome per id. */
export async function actOn(
  strapi: Core.Strapi,
  action: DiscrepancyAction,
  ids: number[],
  reason: string | null,
  who: Who
): Promise<ActionOutcome[]> {
  const input = { action, reason };
  const reports = getService('reconciliations', { strapi });
  const rows = await reports.rowsOf(ids);
  const byId = new Map(rows.map((r) => [r.id as number, r]));
  const results = new Map<number, ActionOutcome>();
  for (const id of ids) if (!byId.has(id)) results.set(id, outcome(id, 'failed', 404, `No discrepancy ${id}`));
  const found = ids.filter((id) => byId.has(id)).map((id) => byId.get(id) as Row);

  if (input.action === 'ignore') {
    for (const row of found) {
      await reports.ignore(row, input.reason, who.actor);
      results.set(row.id, outcome(row.id, 'done', 200, 'Ignored until its values change'));
    }
  } else if (input.action === 'push') {
    for (const row of found) {
      results.set(
        row.id,
        row.entity === 'vehicle' ? outcome(row.id, 'refused', 400, VEHICLE_PUSH_REFUSED) : await pushLead(strapi, row)
      );
    }
  } else {
    const vehicles = found.filter((r) => r.entity === 'vehicle');
    const byConnection = new Map<string, Row[]>();
    for (const row of vehicles)
      byConnection.set(row.connectionId, [...(byConnection.get(row.connectionId) ?? []), row]);
    for (const [connectionId, group] of byConnection) {
      for (const result of await pullVehicles(strapi, connectionId, group, who)) results.set(result.id, result);
    }
    for (const row of found.filter((r) => r.entity === 'lead')) results.set(row.id, await pullLead(strapi, row));
  }

  const audit = getService('audit', { strapi });
  for (const row of found) {
    const result = results.get(row.id) as ActionOutcome;
    await reports.recordOutcome(row.id, {
      action: input.action,
      status: result.status,
      message: result.message,
      at: new Date().toISOString(),
      by: who.actor?.name ?? null,
    });
    if (result.status === 'refused') continue;
    await audit.record({
      action: AUDIT[input.action],
      actor: who.actor,
      connectionId: row.connectionId,
      entity: row.entity,
      externalKey: row.externalKey ?? null,
      localId: row.localId ?? null,
      changes: [
        { field: 'discrepancyId', before: null, after: row.id },
        { field: 'outcome', before: null, after: result.status },
        ...(input.action === 'ignore'
          ? [{ field: 'reason', before: null, after: input.reason }]
          : (row.fields as Row[]).map((f) => ({ field: f.field, before: f.local, after: f.remote }))),
      ],
    });
  }
  return ids.map((id) => results.get(id) as ActionOutcome);
}

async function clientOf(strapi: Core.Strapi, connectionId: string, onCall?: (call: any) => void) {
  const options = await getService('connections', { strapi }).clientOptionsFor(connectionId);
  return { options, client: createEasyCarsClient({ ...options, ...(onCall ? { onCall } : {}) }) };
}

/**
 * Vehicles take EasyCars' values: created, updated (EasyCars' value over any local edit) or unlisted, by the stock
 * writer, in a stock run that covers only these vehicles. Refused while a stock sync of the connection runs.
 */
async function pullVehicles(strapi: Core.Strapi, connectionId: string, rows: Row[], who: Who) {
  try {
    return await getService('queue', { strapi }).exclusive(connectionId, 'stock', (attach) =>
      pullVehiclesNow(strapi, connectionId, rows, who, attach)
    );
  } catch (error) {
    if (!(error instanceof RunConflictError)) throw error;
    return rows.map((r) => outcome(r.id, 'failed', 409, `${error.message}: try again when it ends`));
  }
}

async function pullVehiclesNow(
  strapi: Core.Strapi,
  connectionId: string,
  rows: Row[],
  who: Who,
  attach: (runId: number) => Promise<void>
) {
  const runs = getService('runs', { strapi });
  const connection = await getService('connections', { strapi }).findOne(connectionId);
  const run = await runs.create({
    connectionId,
    connectionName: connection.name,
    kind: 'stock',
    direction: 'inbound',
    trigger: 'reconciliation',
    triggeredBy: who.email,
  });
  await attach(run.id);
  const context = createRunContext(
    strapi,
    { runId: run.id, connectionId, entity: 'vehicle' },
    { heartbeat: async () => {} }
  );
  await context.start();
  try {
    const { client } = await clientOf(strapi, connectionId, context.recordCall);
    const keys = new Set(rows.map((r) => r.externalKey as string));
    const feed = await client.getStockFeed();
    const chosen: StockFeedItem[] = feed.items.filter((entry) => {
      const result = normaliseStockItem(entry.known ? entry.read() : entry.value);
      const key = result.ok
        ? identityKey(result.item.YardCode || null, result.item.StockNumber)
        : result.stockNumber
          ? identityKey(result.yardCode, result.stockNumber)
          : null;
      return key !== null && keys.has(key);
    });
    const writer = createStockWriter(strapi);
    const states = (await writer.loadStates(connectionId)).filter((s) => keys.has(s.externalKey));
    // a vehicle deleted here by hand comes back: its state is taken as changed so the writer creates it again
    const localIds = states.map((s) => s.localId).filter((id): id is string => Boolean(id));
    const existing = new Set(
      localIds.length
        ? (
            (await strapi.db.query(UID.vehicle as any).findMany({
              where: { documentId: { $in: localIds } },
              select: ['documentId'],
            })) as Row[]
          ).map((r) => r.documentId as string)
        : []
    );
    const adjusted = states.map((s) => (s.localId && !existing.has(s.localId) ? { ...s, remoteHash: null } : s));
    context.counts.fetched = chosen.length;
    const plan = planStockSync(chosen, adjusted);
    const failedKeys = new Map(plan.failed.map((f) => [f.key, f.error]));
    const written = await writer.apply(plan, {
      runId: run.id,
      connectionId,
      strategy: 'easycars-wins',
      batchSize: getConfig(strapi, 'stock').writeBatchSize,
      onProgress: async () => {},
    });
    Object.assign(context.counts, written);
    await settleVehicleConflicts(strapi, connectionId);
    await context.finish({
      status: written.failed > 0 ? 'partial' : 'succeeded',
      message: `Sync from EasyCars of ${rows.length} vehicle${rows.length === 1 ? '' : 's'} from a reconciliation`,
    });
    return rows.map((r) => {
      const error = failedKeys.get(r.externalKey);
      return error
        ? { ...outcome(r.id, 'failed', 502, error), runId: run.id }
        : { ...outcome(r.id, 'done', 200, `Synced from EasyCars (run ${run.id})`), runId: run.id };
    });
  } catch (error) {
    await context.fail(error);
    return rows.map((r) => ({ ...outcome(r.id, 'failed', 502, describe(error)), runId: run.id }));
  }
}

async function leadOf(strapi: Core.Strapi, documentId: string | null): Promise<LeadRow | null> {
  if (!documentId) return null;
  return (await strapi.db.query(UID.lead as any).findOne({ where: { documentId }, select: LEAD_COLUMNS })) ?? null;
}

/** A lead takes EasyCars' values; a lead only EasyCars has is created here. */
async function pullLead(strapi: Core.Strapi, row: Row): Promise<ActionOutcome> {
  const leads = strapi.db.query(UID.lead as any);
  const number = row.externalKey as string | null;
  if (!number) return outcome(row.id, 'refused', 400, 'This lead is not in EasyCars: use Push to EasyCars');
  let client: EasyCarsClient;
  let options;
  try {
    ({ client, options } = await clientOf(strapi, row.connectionId));
  } catch (error) {
    return outcome(row.id, 'failed', 502, describe(error));
  }
  let detail;
  try {
    detail = await client.getLeadDetail(number);
  } catch (error) {
    if (error instanceof ValidationError)
      return outcome(row.id, 'refused', 400, `EasyCars does not have lead ${number} (any more): nothing to take`);
    return outcome(row.id, 'failed', 502, describe(error));
  }
  const remote = viewOfDetail(detail);
  const values: Row = { easycarsCustomerNo: remote.easycarsCustomerNo ?? null };
  for (const field of REFRESH_FIELDS) {
    const value = (remote as Row)[field];
    if (value !== undefined) values[field] = value;
  }
  if (remote.status) values.status = remote.status;
  const accountKey = leadAccountKey(options.credentials, client.root);
  const lead = await leadOf(strapi, row.localId);
  const now = new Date();
  if (!lead) {
    // only EasyCars had it: it becomes a lead here, already in EasyCars (never pushed again)
    await leads.create({
      data: stampNewRow(
        {
          ...values,
          name: values.name ?? `EasyCars lead ${number}`,
          status: values.status ?? 'new',
          interest: values.interest ?? 'buy',
          source: 'easycars',
          connectionId: row.connectionId,
          easycarsLeadNumber: detail.LeadNumber,
          easycarsAccount: accountKey,
          vehicleMake: detail.VehicleMake ?? null,
          vehicleModel: detail.VehicleModel ?? null,
          vehicleYear: detail.VehicleYear ?? null,
          vehicleIsNew: detail.IsVehicleNew ?? null,
          sourcePageUrl: detail.VehicleSourcePageURL ?? null,
          pushStatus: 'pushed',
          pushedAt: now,
          remoteStatusPushed: values.status ?? null,
          lastRefreshedAt: now,
        },
        now
      ),
    });
    return outcome(row.id, 'done', 200, `Lead ${number} added here from EasyCars`);
  }
  const data: Row = { ...values, lastRefreshedAt: now, updatedAt: now };
  if (!lead.easycarsLeadNumber)
    Object.assign(data, {
      easycarsLeadNumber: detail.LeadNumber,
      pushStatus: 'pushed',
      easycarsAccount: accountKey,
      pushedAt: now,
    });
  if (values.status) data.remoteStatusPushed = values.status;
  await leads.update({ where: { id: lead.id }, data });
  // the values both sides hold now are the base of the next three-way comparison
  await recordStates(strapi).recordResolution({
    connectionId: row.connectionId,
    entity: 'lead',
    externalKey: detail.LeadNumber,
    local: localView({ ...lead, ...data } as LeadRow),
    remote: remote as Row,
  });
  return outcome(row.id, 'done', 200, `Lead ${number} updated from EasyCars`);
}

const CUSTOMER_MEMBERS: Record<string, string> = {
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  mobile: 'Mobile',
  address: 'Address',
  city: 'City',
  state: 'State',
  postCode: 'PostCode',
};

/** The site's lead goes to EasyCars: a lead never sent (or failed) through the outbox, a changed one by UpdateLead. */
async function pushLead(strapi: Core.Strapi, row: Row): Promise<ActionOutcome> {
  const lead = await leadOf(strapi, row.localId);
  if (!lead) return outcome(row.id, 'refused', 400, 'This lead exists only in EasyCars: use Sync from EasyCars');
  const leads = strapi.db.query(UID.lead as any);
  if (row.category === 'missing_remote' && !lead.easycarsLeadNumber) {
    await leads.update({
      where: { id: lead.id },
      data: { pushStatus: 'pending', pushAttempts: 0, nextPushAt: null, pushLastError: null, updatedAt: new Date() },
    });
    try {
      const run = await getService('queue', { strapi }).trigger({
        connectionId: row.connectionId,
        kind: 'lead',
        trigger: 'reconciliation',
      });
      return outcome(row.id, 'done', 200, `Queued for EasyCars in lead run ${run.id}`);
    } catch (error) {
      if (error instanceof RunConflictError)
        return outcome(row.id, 'done', 200, 'Queued for EasyCars in the next lead run');
      return outcome(row.id, 'failed', 502, `Queued, but no lead run could start: ${describe(error)}`);
    }
  }
  if (row.category !== 'mismatch' || !lead.easycarsLeadNumber) {
    return outcome(
      row.id,
      'refused',
      400,
      `EasyCars does not know this lead's number: use Sync from EasyCars or check the lead`
    );
  }
  const fields = (row.fields as Row[]).map((f) => f.field as string);
  if (fields.includes('easycarsLeadNumber'))
    return outcome(row.id, 'refused', 400, 'The site does not know this lead is in EasyCars: use Sync from EasyCars');
  const local = localView(lead) as Row;
  const request: Row = { LeadNumber: lead.easycarsLeadNumber };
  const customer: Row = {};
  for (const field of fields) {
    const value = local[field];
    if (field in CUSTOMER_MEMBERS) customer[CUSTOMER_MEMBERS[field]] = value ?? '';
    else if (field === 'message') request.Notes = value ?? '';
    else if (field === 'status') request.LeadStatus = STATUS_CODE[value as keyof typeof STATUS_CODE];
    else if (field === 'interest' && value) request.VehicleInterest = INTEREST_CODE[value];
    else if (field === 'financeStatus' && value) request.FinanceStatus = FINANCE_CODE[value];
    else if (field === 'rating' && value) request.Rating = RATING_CODE[value];
  }
  if (Object.keys(customer).length > 0) request.LeadCustomer = customer;
  try {
    const { client } = await clientOf(strapi, row.connectionId);
    await client.updateLead(request as any);
    const detail = await client.getLeadDetail(lead.easycarsLeadNumber);
    const data: Row = { lastRefreshedAt: new Date() };
    if (request.LeadStatus !== undefined) data.remoteStatusPushed = lead.status;
    await leads.update({ where: { id: lead.id }, data });
    await recordStates(strapi).recordResolution({
      connectionId: row.connectionId,
      entity: 'lead',
      externalKey: lead.easycarsLeadNumber,
      local: localView(lead),
      remote: viewOfDetail(detail) as Row,
    });
    return outcome(row.id, 'done', 200, `Lead ${lead.easycarsLeadNumber} updated in EasyCars`);
  } catch (error) {
    if (error instanceof ValidationError) return outcome(row.id, 'refused', 400, describe(error));
    return outcome(row.id, 'failed', 502, describe(error));
  }
}
