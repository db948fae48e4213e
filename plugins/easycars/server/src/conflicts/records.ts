/**
 * The record behind a conflict, on each side: the local document as Strapi holds it now, EasyCars' values as the
 * last sync saw them (the record state's snapshot), and the base both came from. Vehicles and leads differ only
 * in where those values are read.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { recordStates } from '../record-state/repository';
import { LEAD_COLUMNS } from '../sync/lead/lead-run';
import { REFRESH_FIELDS, localView, type LeadRow } from '../sync/lead/mapping';
import { MAPPED_VEHICLE_FIELDS, toVehicleData } from '../sync/stock/map';
import type { NormalisedStockItem } from '../sync/stock/normalise';
import { conflicts, type ConflictRow, type CurrentSides } from './service';

type Entity = 'vehicle' | 'lead';
type Values = Record<string, unknown>;

/** Every field a conflict of the entity can be about, in the order the record shows them. */
export const RECORD_FIELDS: Record<Entity, readonly string[]> = {
  vehicle: MAPPED_VEHICLE_FIELDS,
  lead: [...REFRESH_FIELDS, 'status'],
};

export const MODEL_OF: Record<Entity, string> = { vehicle: UID.vehicle, lead: UID.lead };

export interface RecordSides {
  /** The local row (null when the record was deleted here). */
  row: Values | null;
  local: Values;
  easycars: Values;
  base: Values;
  modified: { at: string | null; by: string | null };
}

const pick = (row: Values | null | undefined, fields: readonly string[]): Values =>
  Object.fromEntries(fields.map((f) => [f, row?.[f] ?? null]));

const nameOf = (user: any): string | null =>
  user ? [user.firstname, user.lastname].filter(Boolean).join(' ') || user.username || null : null;

/** The local side as the sync compares it. */
function localOf(entity: Entity, row: Values | null): Values {
  if (!row) return pick(null, RECORD_FIELDS[entity]);
  return entity === 'lead'
    ? pick(localView(row as unknown as LeadRow) as unknown as Values, RECORD_FIELDS.lead)
    : pick(row, RECORD_FIELDS.vehicle);
}

/** EasyCars' side from the record state's snapshot (a stock item for vehicles, a lead view for leads). */
function easycarsOf(entity: Entity, connectionId: string, snapshot: unknown): Values | null {
  if (!snapshot) return null;
  return entity === 'vehicle'
    ? pick(toVehicleData(snapshot as NormalisedStockItem, connectionId) as unknown as Values, RECORD_FIELDS.vehicle)
    : pick(snapshot as Values, RECORD_FIELDS.lead);
}

async function loadRows(
  strapi: Core.Strapi,
  entity: Entity,
  documentIds: string[],
  withAuthor = false
): Promise<Map<string, Values>> {
  if (documentIds.length === 0) return new Map();
  const found = (await strapi.db.query(MODEL_OF[entity] as any).findMany({
    where: { documentId: { $in: documentIds } },
    ...(entity === 'lead' ? { select: [...LEAD_COLUMNS, 'updatedAt'] } : {}),
    ...(withAuthor ? { populate: { updatedBy: { select: ['firstname', 'lastname', 'username'] } } } : {}),
  })) as Values[];
  return new Map(found.map((row) => [row.documentId as string, row]));
}

export async function loadSides(strapi: Core.Strapi, conflict: ConflictRow): Promise<RecordSides> {
  const { entity, connectionId } = conflict;
  const fields = RECORD_FIELDS[entity];
  const rows = await loadRows(strapi, entity, conflict.localId ? [conflict.localId] : [], true);
  const row = conflict.localId ? (rows.get(conflict.localId) ?? null) : null;
  const [state] = await recordStates(strapi).snapshots(connectionId, entity, [conflict.externalKey]);
  const snapshot = easycarsOf(entity, connectionId, state?.remoteSnapshot);
  // a vehicle's snapshot is EasyCars' latest; a lead's keeps the old base of the fields under the open conflict
  const easycars =
    entity === 'vehicle'
      ? { ...pick(conflict.remote, fields), ...(snapshot ?? {}) }
      : { ...(snapshot ?? {}), ...(conflict.remote ?? {}) };
  const base = { ...(entity === 'vehicle' ? easycars : (snapshot ?? {})), ...(conflict.base ?? {}) };
  const updatedAt = row?.updatedAt ? new Date(row.updatedAt as string).toISOString() : null;
  return {
    row,
    local: localOf(entity, row),
    easycars: pick(easycars, fields),
    base: pick(base, fields),
    modified: { at: updatedAt, by: nameOf(row?.updatedBy) },
  };
}

/**
 * Both sides of the vehicles of these open conflicts, by EasyCars key, in two queries: for settling after a stock
 * run (a lead's are settled by its refresh, which reads EasyCars' current values).
 */
export async function vehicleSides(
  strapi: Core.Strapi,
  connectionId: string,
  open: ConflictRow[]
): Promise<Map<string, CurrentSides>> {
  const withLocal = open.filter((c) => c.localId);
  const rows = await loadRows(
    strapi,
    'vehicle',
    withLocal.map((c) => c.localId as string)
  );
  const states = await recordStates(strapi).snapshots(
    connectionId,
    'vehicle',
    withLocal.map((c) => c.externalKey)
  );
  const snapshotOf = new Map(states.map((s) => [s.externalKey, s.remoteSnapshot]));
  const sides = new Map<string, CurrentSides>();
  for (const c of withLocal) {
    const row = rows.get(c.localId as string);
    const remote = easycarsOf('vehicle', connectionId, snapshotOf.get(c.externalKey));
    if (row && remote) sides.set(c.externalKey, { local: localOf('vehicle', row), remote });
  }
  return sides;
}

/** After a stock run: closes the open vehicle conflicts of the connection that both sides now agree on. */
export async function settleVehicleConflicts(strapi: Core.Strapi, connectionId: string): Promise<number> {
  const store = conflicts(strapi);
  const open = await store.openFor(connectionId, 'vehicle');
  if (open.length === 0) return 0;
  return store.settle(connectionId, 'vehicle', await vehicleSides(strapi, connectionId, open));
}
