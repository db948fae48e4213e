/**
 * Resolving conflicts from the inbox: the detail of one conflict, the preview of a resolution, and applying it —
 * the record written, the chosen values recorded as the new base (so the next sync raises nothing), the conflict
 * closed and an audit entry written, all in one transaction. A lead's chosen values go to EasyCars first
 * (UpdateLead): if EasyCars does not take them, nothing is written.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type {
  ConflictDetail,
  ConflictPreview,
  ConflictSide,
  ConflictSummary,
  ListConflictsQuery,
  ResolveConflictInput,
} from '../../../shared/contracts/conflicts';
import type { Pagination } from '../../../shared/contracts/sync';
import { UID } from '../constants';
import { createEasyCarsClient, isEasyCarsError, ValidationError as EasyCarsValidationError } from '../easycars';
import { recordStates } from '../record-state/repository';
import { changedFields } from '../sync/compare';
import { localView, type LeadRow } from '../sync/lead/mapping';
import { hashVehicleData } from '../sync/stock/hash';
import { MAPPED_VEHICLE_FIELDS } from '../sync/stock/map';
import { getService } from '../utils/get-service';
import type { Actor } from '../audit/service';
import { ConflictClosedError, EasyCarsRefusedError, RecordGoneError } from './errors';
import { RECORD_FIELDS, MODEL_OF, loadSides, type RecordSides } from './records';
import { leadPushOf, planResolution, type LeadPush, type ResolutionPlan } from './resolution';
import { conflicts, type ConflictRow } from './service';
import { checkValue, type Attribute } from './values';
import { isoOf } from '../utils/rows';

type Values = Record<string, unknown>;

export const EASYCARS_TIME_NOTE = 'EasyCars sends no modified time: this is when the sync first saw its current value.';
const STOCK_READ_ONLY =
  "EasyCars' stock API is read-only: a local value chosen here stays on the site until EasyCars changes that field again; EasyCars keeps its own value.";
const LEAD_PUSH =
  'Status, notes, interest, finance status, rating and the customer contact details go to EasyCars with UpdateLead; a cleared value cannot be sent (UpdateLead sets values, it never clears them).';

function vehicleLabel(row: Values | undefined, key: string): string {
  if (!row) return `Stock ${key.split('::').pop()}`;
  const name = [row.year, row.make, row.model].filter(Boolean).join(' ');
  return (row.title as string) || name || `Stock ${row.stockNumber}`;
}

export function badRequest(issues: Array<{ path: string[]; message: string }>): never {
  throw new errors.ValidationError(issues.map((i) => i.message).join('; '), {
    errors: issues.map((i) => ({ ...i, name: 'ValidationError' })),
  });
}

interface Prepared {
  conflict: ConflictRow;
  sides: RecordSides;
  plan: ResolutionPlan;
  push: LeadPush | null;
  preview: ConflictPreview;
}

export function conflictInbox(strapi: Core.Strapi) {
  const store = conflicts(strapi);

  async function summaries(rows: ConflictRow[]): Promise<ConflictSummary[]> {
    const connectionIds = [...new Set(rows.map((r) => r.connectionId))];
    const names = new Map<string, string>();
    if (connectionIds.length > 0) {
      const found = await strapi.db
        .query(UID.connection as any)
        .findMany({ where: { documentId: { $in: connectionIds } }, select: ['documentId', 'name'] });
      for (const c of found as any[]) names.set(c.documentId, c.name);
    }
    const vehicleIds = rows.filter((r) => r.entity === 'vehicle' && r.localId).map((r) => r.localId as string);
    const vehicles = new Map<string, Values>();
    if (vehicleIds.length > 0) {
      const found = await strapi.db.query(UID.vehicle as any).findMany({
        where: { documentId: { $in: vehicleIds } },
        select: ['documentId', 'title', 'make', 'model', 'year', 'stockNumber'],
      });
      for (const v of found as any[]) vehicles.set(v.documentId, v);
    }
    return rows.map((r) => ({
      id: r.id,
      connectionId: r.connectionId,
      connectionName: names.get(r.connectionId) ?? null,
      entity: r.entity,
      externalKey: r.externalKey,
      localId: r.localId ?? null,
      // a lead is named by its EasyCars number: the customer's name is personal data
      label:
        r.entity === 'vehicle'
          ? vehicleLabel(r.localId ? vehicles.get(r.localId) : undefined, r.externalKey)
          : `Lead ${r.externalKey}`,
      runId: r.runId ?? null,
      fields: r.fields,
      status: r.status,
      strategy: r.strategy,
      resolution: r.resolution ?? (r.status === 'resolved' ? 'automatic' : null),
      appliedValue: r.appliedValue ?? null,
      resolvedByName: r.resolvedByName ?? null,
      resolvedAt: isoOf(r.resolvedAt),
      openedAt: isoOf(r.createdAt) as string,
    }));
  }

  async function found(id: number): Promise<ConflictRow> {
    const row = await store.findOne(id);
    if (!row) throw new errors.NotFoundError(`Conflict ${id} not found`);
    return row;
  }

  const attributesOf = (entity: ConflictRow['entity']) =>
    (strapi.contentType(MODEL_OF[entity] as any) as unknown as { attributes: Record<string, Attribute> }).attributes;

  async function prepare(id: number, input: ResolveConflictInput): Promise<Prepared> {
    const conflict = await found(id);
    if (conflict.status !== 'open') throw new ConflictClosedError(id);
    const sides = await loadSides(strapi, conflict);
    if (!sides.row) throw new RecordGoneError(id, conflict.entity);
    const attributes = attributesOf(conflict.entity);
    const outcome = planResolution(conflict.fields, sides, input, (field, value) =>
      checkValue(field, attributes[field], value)
    );
    if (!outcome.ok) badRequest(outcome.issues);
    const { plan } = outcome;
    const notes: string[] = [];
    let push: LeadPush | null = null;
    let notChangeable: string[];
    if (conflict.entity === 'lead') {
      push = leadPushOf(plan.values, sides.easycars);
      notChangeable = push.notChangeable;
      if (push.pushed.length > 0) notes.push(`Sent to EasyCars with UpdateLead: ${push.pushed.join(', ')}.`);
      if (notChangeable.length > 0)
        notes.push(
          `EasyCars cannot take ${notChangeable.join(', ')}: the site keeps the chosen value, EasyCars keeps its own.`
        );
    } else {
      notChangeable = changedFields(sides.easycars, plan.values, conflict.fields);
      if (notChangeable.length > 0) notes.push(STOCK_READ_ONLY);
    }
    return {
      conflict,
      sides,
      plan,
      push,
      preview: {
        strategy: input.strategy,
        record: plan.record,
        changes: plan.changes,
        pushedToEasyCars: push?.pushed ?? [],
        notChangeableInEasyCars: notChangeable,
        notes,
      },
    };
  }

  async function pushLead(conflict: ConflictRow, push: LeadPush): Promise<void> {
    if (!push.request) return;
    const options = await getService('connections', { strapi }).clientOptionsFor(conflict.connectionId);
    const client = createEasyCarsClient(options);
    try {
      await client.updateLead({ LeadNumber: conflict.externalKey, ...push.request });
    } catch (error) {
      if (error instanceof EasyCarsValidationError)
        throw new EasyCarsRefusedError(
          `EasyCars refused the change: ${error.vendorMessage ?? error.message}. Nothing was written.`
        );
      if (isEasyCarsError(error))
        throw new EasyCarsRefusedError(
          `EasyCars could not be reached (${error.message}). Nothing was written; try again later.`
        );
      throw error;
    }
  }

  /** The record and its state as the resolution leaves them; in the caller's transaction. */
  async function write(prepared: Prepared, actor: Actor | null, now: Date): Promise<void> {
    const { conflict, sides, plan, push } = prepared;
    const row = sides.row as Values;
    const model = strapi.db.query(MODEL_OF[conflict.entity] as any);
    const data: Values = { ...plan.values, updatedAt: now, ...(actor ? { updatedBy: actor.id } : {}) };
    if (conflict.entity === 'vehicle') {
      await model.update({ where: { id: row.id }, data });
      await recordStates(strapi).recordResolution({
        connectionId: conflict.connectionId,
        entity: 'vehicle',
        externalKey: conflict.externalKey,
        localHash: hashVehicleData({ ...row, ...plan.values }, MAPPED_VEHICLE_FIELDS),
      });
      return;
    }
    // what EasyCars holds now, field by field: the value sent, or its own
    const pushed = new Set(push?.pushed ?? []);
    const remote = Object.fromEntries(
      conflict.fields.map((f) => [f, pushed.has(f) ? plan.values[f] : (sides.easycars[f] ?? null)])
    );
    if ('status' in plan.values) {
      data.remoteStatusPushed = remote.status ?? row.remoteStatusPushed ?? null;
      data.statusPushRejected = null;
      data.statusPushError = null;
    }
    await model.update({ where: { id: row.id }, data });
    await recordStates(strapi).recordResolution({
      connectionId: conflict.connectionId,
      entity: 'lead',
      externalKey: conflict.externalKey,
      local: localView({ ...row, ...data } as unknown as LeadRow),
      remote,
    });
  }

  const inbox = {
    async list(
      query: ListConflictsQuery
    ): Promise<{ data: ConflictSummary[]; pagination: Pagination; openCount: number }> {
      const { rows, pagination } = await store.list(query);
      return { data: await summaries(rows), pagination, openCount: await store.countOpen() };
    },

    countOpen: () => store.countOpen(),

    /** The inbox's view of these conflicts: each named by its vehicle title or lead number. */
    summaries,

    async detail(id: number): Promise<ConflictDetail> {
      const conflict = await found(id);
      const [summary] = await summaries([conflict]);
      const sides = await loadSides(strapi, conflict);
      const conflicting = new Set(conflict.fields);
      return {
        ...summary,
        rows: RECORD_FIELDS[conflict.entity].map((field) => ({
          field,
          local: sides.local[field],
          easycars: sides.easycars[field],
          base: sides.base[field],
          conflicting: conflicting.has(field),
          differs: changedFields(sides.local, sides.easycars, [field]).length > 0,
        })),
        localModified: sides.modified,
        easycarsSeenAt: isoOf(conflict.remoteSeenAt ?? conflict.createdAt),
        easycarsTimeNote: EASYCARS_TIME_NOTE,
        easycarsNote: conflict.entity === 'vehicle' ? STOCK_READ_ONLY : LEAD_PUSH,
      };
    },

    /** What the resolution would write; writes nothing. */
    async preview(id: number, input: ResolveConflictInput): Promise<ConflictPreview> {
      return (await prepare(id, input)).preview;
    },

    async resolve(
      id: number,
      input: ResolveConflictInput,
      actor: Actor | null
    ): Promise<{ conflict: ConflictSummary; preview: ConflictPreview; auditEntryId: number }> {
      const prepared = await prepare(id, input);
      if (prepared.push) await pushLead(prepared.conflict, prepared.push);
      const now = new Date();
      const sides = Object.values(prepared.plan.sides);
      const appliedValue: ConflictSide | null =
        input.strategy === 'local' || input.strategy === 'easycars'
          ? input.strategy
          : sides.every((s) => s === sides[0]) && sides[0] !== 'manual'
            ? (sides[0] as ConflictSide)
            : null;
      const auditEntryId = await strapi.db.transaction(async () => {
        await write(prepared, actor, now);
        // closed by someone else meanwhile: the transaction undoes this resolution's writes
        if (!(await store.close(id, { resolution: input.strategy, appliedValue, actor })))
          throw new ConflictClosedError(id);
        return getService('audit', { strapi }).record({
          action: 'conflict.resolved',
          actor,
          conflictId: id,
          connectionId: prepared.conflict.connectionId,
          entity: prepared.conflict.entity,
          externalKey: prepared.conflict.externalKey,
          localId: prepared.conflict.localId,
          strategy: input.strategy,
          changes: prepared.plan.changes.map(({ field, before, after }) => ({ field, before, after })),
        });
      });
      const [conflict] = await summaries([(await store.findOne(id)) as ConflictRow]);
      return { conflict, preview: prepared.preview, auditEntryId };
    },
  };
  return inbox;
}
