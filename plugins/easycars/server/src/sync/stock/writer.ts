/**
 * Applies a stock plan to the database: vehicles, record state and run items, in batches, each batch in one
 * transaction, so a crash leaves every vehicle either fully synced or untouched and the next run completes the work.
 */
import type { Core } from '@strapi/strapi';
import { conflictsOfMerge } from '../../conflicts/detection';
import {
  type ConflictStrategy,
  type FieldStrategy,
  keepsLocalOnlyChanges,
  mergeThreeWay,
  strategyFor,
} from '../../conflicts/merge';
import { conflicts, type NewConflict } from '../../conflicts/service';
import { bulkInsert, bulkUpdate, JsonText } from '../../utils/bulk';
import { stampNewRow } from '../../utils/rows';
import { columnsOf } from '../../utils/tables';
import type { NewRunItem } from '../runs';
import { changedFields } from '../compare';
import { hashVehicleData } from './hash';
import { MAPPED_VEHICLE_FIELDS, toVehicleData } from './map';
import type { NormalisedStockItem } from './normalise';
import { remoteDigest, type PlannedItem, type RecordStateRow, type StockPlan } from './plan';
import { UID } from '../../constants';

export const VEHICLE_UID = UID.vehicle;
export const RECORD_STATE_UID = UID.recordState;

export interface WriteOptions {
  runId: number;
  connectionId: string;
  strategy: ConflictStrategy;
  /** A field's own strategy over `strategy` (the admin's per-field settings). */
  fieldStrategies?: Record<string, ConflictStrategy>;
  batchSize: number;
  /** Called after each batch with the share of the plan written so far (0..1). */
  onProgress(done: number, message: string): Promise<void>;
}

export interface WriteCounts {
  created: number;
  updated: number;
  relisted: number;
  unlisted: number;
  unchanged: number;
  failed: number;
  conflicts: number;
}

type Row = Record<string, any>;

/** The given fields of a row, a missing one as null. A plain loop: Object.fromEntries allocates an array per field. */
function pick(row: Row | null | undefined, fields: readonly string[]): Row | null {
  if (!row) return null;
  const picked: Row = {};
  for (const field of fields) picked[field] = row[field] ?? null;
  return picked;
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Takes a plan list batch by batch, emptying it: each batch's items can be collected once written, so a first
 * import does not hold every vehicle of the feed until its last batch.
 */
function* drain<T>(list: T[], size: number): Generator<T[]> {
  while (list.length > 0) yield list.splice(0, size);
}

/** New vehicles built and inserted at a time within a batch: one multi-row INSERT per table (see utils/bulk.ts). */
const CREATE_PART = 250;

export function createStockWriter(strapi: Core.Strapi) {
  const vehicles = () => strapi.db.query(VEHICLE_UID as any);
  const states = () => strapi.db.query(RECORD_STATE_UID as any);
  const conflictStore = conflicts(strapi);
  const runItems = () => strapi.plugin('easycars').service('runs');

  const vehicleColumns = () => columnsOf(strapi, VEHICLE_UID);

  /**
   * Vehicles of this connection edited here since the sync last wrote them, by their current row. Only a vehicle
   * saved after its sync can have been edited (`updatedAt` later than `syncedAt`, one query that is empty when
   * nobody edited anything); among those, an edit counts when the fields EasyCars owns differ from what the sync
   * wrote, i.e. their hash differs from the local hash in the record state. Saving a vehicle without changing them
   * (or changing only fields the sync does not own) is not a local edit.
   */
  async function locallyEdited(connectionId: string): Promise<Map<string, Row>> {
    const { table, column } = vehicleColumns();
    const saved: Array<{ document_id: string }> = await strapi.db
      .connection(table)
      .select({ document_id: column('documentId') })
      .where(column('connectionId'), connectionId)
      .whereRaw('?? > ??', [column('updatedAt'), column('syncedAt')]);
    const edited = new Map<string, Row>();
    if (saved.length === 0) return edited;
    const rows = await loadByDocumentId(saved.map((r) => r.document_id));
    for (const part of chunks([...rows.keys()], 500)) {
      const written = await states().findMany({
        where: { connectionId, entity: 'vehicle', localId: { $in: part } },
        select: ['localId', 'localHash'],
      });
      for (const state of written) {
        const row = rows.get(state.localId);
        if (row && hashVehicleData(row, MAPPED_VEHICLE_FIELDS) !== state.localHash) edited.set(state.localId, row);
      }
    }
    return edited;
  }

  async function loadByDocumentId(ids: string[]): Promise<Map<string, Row>> {
    const found = new Map<string, Row>();
    for (const part of chunks(ids, 500)) {
      const rows = await vehicles().findMany({ where: { documentId: { $in: part } } });
      for (const row of rows) found.set(row.documentId, row);
    }
    return found;
  }

  /** The EasyCars items last synced, by record state id: straight through the query builder, like `loadStates`. */
  async function loadSnapshots(stateIds: number[]): Promise<Map<number, NormalisedStockItem>> {
    const { table, column } = columnsOf(strapi, RECORD_STATE_UID);
    const found = new Map<number, NormalisedStockItem>();
    for (const part of chunks(stateIds, 500)) {
      const rows: Array<{ id: number; snapshot: unknown }> = await strapi.db
        .connection(table)
        .select({ id: column('id'), snapshot: column('remoteSnapshot') })
        .whereIn(column('id'), part);
      // SQLite keeps JSON as text; PostgreSQL's driver parses it
      for (const row of rows) {
        const snapshot = typeof row.snapshot === 'string' ? JSON.parse(row.snapshot) : row.snapshot;
        if (snapshot) found.set(row.id, snapshot);
      }
    }
    return found;
  }

  return {
    /** Vehicles of this connection the record state holds as listed. */
    async listedCount(connectionId: string): Promise<number> {
      return states().count({ where: { connectionId, entity: 'vehicle', vanishedSince: null } });
    },

    async hasLocalEdits(connectionId: string): Promise<boolean> {
      return (await locallyEdited(connectionId)).size > 0;
    },

    /**
     * The light record state of a connection's vehicles: one query per run, straight through the query builder (the
     * query engine's conversion of 10,000 rows cost more than the query; these columns need none).
     */
    async loadStates(connectionId: string): Promise<RecordStateRow[]> {
      const { table, column } = columnsOf(strapi, RECORD_STATE_UID);
      const columns = ['id', 'externalKey', 'localId', 'remoteHash', 'remoteDigest', 'vanishedSince'] as const;
      return strapi.db
        .connection(table)
        .select(Object.fromEntries(columns.map((name) => [name, column(name)])))
        .where(column('connectionId'), connectionId)
        .where(column('entity'), 'vehicle');
    },

    /** Writes the plan, emptying its list of vehicles to create as it goes (see `drain`). */
    async apply(plan: StockPlan, options: WriteOptions): Promise<WriteCounts> {
      const { runId, connectionId, batchSize } = options;
      const strategy: FieldStrategy = (field) => options.fieldStrategies?.[field] ?? options.strategy;
      // fields whose strategy puts EasyCars' value back over a local-only edit
      const restoredFields = MAPPED_VEHICLE_FIELDS.filter((f) => !keepsLocalOnlyChanges(strategyFor(strategy, f)));
      const keptFields = MAPPED_VEHICLE_FIELDS.filter((f) => !restoredFields.includes(f));
      const counts: WriteCounts = {
        created: 0,
        updated: 0,
        relisted: 0,
        unlisted: 0,
        unchanged: plan.unchanged.length,
        failed: plan.failed.length,
        conflicts: 0,
      };
      const item = (fields: Omit<NewRunItem, 'runId' | 'connectionId' | 'entity'>): NewRunItem => ({
        runId,
        connectionId,
        entity: 'vehicle',
        ...fields,
      });
      // the run's counts commit with each batch, so a run that stops half-way still tells what it wrote
      const saveCounts = () => runItems().saveCounts(runId, { fetched: plan.fetched, ...counts });
      const createCount = plan.creates.length;
      const total = Math.max(1, plan.creates.length + plan.changes.length + plan.relists.length + plan.vanished.length);
      let done = 0;
      const progress = async (n: number, message: string) => {
        done += n;
        await options.onProgress(done / total, message);
      };

      const insertNew = async (part: PlannedItem[], now: Date) => {
        // the item is both the vehicle's rawData and the record state's snapshot: serialised once for both
        const snapshots = part.map((p) => new JsonText(JSON.stringify(p.item)));
        const rows = part.map((p, i) => {
          const data: Row = toVehicleData(p.item, connectionId);
          data.rawData = snapshots[i];
          data.syncedAt = now;
          return stampNewRow(data, now);
        });
        await bulkInsert(strapi, VEHICLE_UID, rows);
        await bulkInsert(
          strapi,
          RECORD_STATE_UID,
          part.map((p, i) =>
            stampNewRow(
              {
                connectionId,
                entity: 'vehicle',
                externalKey: p.key,
                localId: rows[i].documentId,
                remoteSnapshot: snapshots[i],
                remoteHash: p.hash,
                remoteDigest: p.digest && remoteDigest(p.digest),
                localHash: hashVehicleData(rows[i], MAPPED_VEHICLE_FIELDS),
                firstSeenAt: now,
                lastSeenAt: now,
                lastRunId: runId,
              },
              now
            )
          )
        );
        await runItems().addItems(
          rows.map((row, i) =>
            item({
              externalKey: part[i].key,
              localId: row.documentId,
              action: 'created',
              after: pick(row, MAPPED_VEHICLE_FIELDS),
              changedFields: [...MAPPED_VEHICLE_FIELDS],
            })
          )
        );
      };

      // New vehicles
      for (const batch of drain(plan.creates, batchSize)) {
        const now = new Date();
        const size = batch.length;
        await strapi.db.transaction(async () => {
          // part by part within the batch's transaction: each part's rows can be collected while the next is built
          for (const part of drain(batch, CREATE_PART)) await insertNew(part, now);
          counts.created += size;
          await saveCounts();
        });
        await progress(size, `Created ${counts.created} of ${createCount} new vehicles`);
      }

      // Changed (and possibly relisted) vehicles: three-way merge against the last synced snapshot, then each
      // table written in bulk
      const touched = [...plan.changes, ...plan.relists];
      const touchedCount = touched.length;
      for (const batch of drain(touched, batchSize)) {
        const now = new Date();
        const locals = await loadByDocumentId(batch.map((p) => p.state.localId as string));
        const snapshots = await loadSnapshots(batch.map((p) => p.state.id));
        const merged = batch.map((entry) =>
          mergeChange(entry, locals.get(entry.state.localId as string), snapshots.get(entry.state.id), {
            now,
            runId,
            connectionId,
            strategy,
          })
        );
        await strapi.db.transaction(async () => {
          // updatedAt and syncedAt from one clock reading: a vehicle the sync wrote is not edited after its sync
          await bulkUpdate(
            strapi,
            VEHICLE_UID,
            merged.filter((m) => m.id !== null).map((m) => ({ id: m.id as number, ...m.vehicle, updatedAt: now }))
          );
          await bulkInsert(
            strapi,
            VEHICLE_UID,
            merged.filter((m) => m.id === null).map((m) => m.vehicle)
          );
          await bulkUpdate(
            strapi,
            RECORD_STATE_UID,
            merged.map((m) => ({ ...m.state, updatedAt: now }))
          );
          await conflictStore.openMany(merged.flatMap((m) => m.conflicts));
          for (const m of merged) {
            if (m.conflicts.length > 0) counts.conflicts += 1;
            if (m.relisted) counts.relisted += 1;
            else counts.updated += 1;
          }
          await runItems().addItems(merged.map((m) => item(m.item)));
          await saveCounts();
        });
        await progress(batch.length, `Updated ${counts.updated + counts.relisted} of ${touchedCount} changed vehicles`);
      }

      // Unchanged in EasyCars but edited here: only "EasyCars wins" puts the EasyCars values back
      if (restoredFields.length > 0 && plan.unchanged.length > 0) {
        const edited = await locallyEdited(connectionId);
        const restore = plan.unchanged.filter((p) => edited.has(p.state.localId as string));
        for (const batch of chunks(restore, batchSize)) {
          const now = new Date();
          // the EasyCars item is unchanged, so it is the snapshot the record state keeps
          const snapshots = await loadSnapshots(batch.map((p) => p.state.id));
          const restored = batch.flatMap((entry) => {
            const snapshot = snapshots.get(entry.state.id);
            if (!snapshot) return [];
            const local = edited.get(entry.state.localId as string) as Row;
            const remote: Row = { ...toVehicleData(snapshot, connectionId), ...pick(local, keptFields) };
            const fields = changedFields(local, remote, restoredFields);
            return fields.length === 0 ? [] : [{ entry, local, remote, fields }];
          });
          await strapi.db.transaction(async () => {
            await bulkUpdate(
              strapi,
              VEHICLE_UID,
              restored.map(({ local, remote }) => ({ id: local.id, ...remote, syncedAt: now, updatedAt: now }))
            );
            await bulkUpdate(
              strapi,
              RECORD_STATE_UID,
              restored.map(({ entry, remote }) => ({
                id: entry.state.id,
                localHash: hashVehicleData(remote, MAPPED_VEHICLE_FIELDS),
                lastSeenAt: now,
                lastRunId: runId,
                updatedAt: now,
              }))
            );
            counts.unchanged -= restored.length;
            counts.updated += restored.length;
            await runItems().addItems(
              restored.map(({ entry, local, remote, fields }) =>
                item({
                  externalKey: entry.key,
                  localId: local.documentId,
                  action: 'updated',
                  before: pick(local, fields),
                  after: pick(remote, fields),
                  changedFields: fields,
                  error: 'Local edits replaced by the EasyCars values (strategy: EasyCars wins)',
                })
              )
            );
            await saveCounts();
          });
        }
      }

      // Unchanged vehicles sent in other words: only their digest, so the next run knows them without reading them
      for (const batch of chunks(plan.digests, batchSize)) {
        await bulkUpdate(
          strapi,
          RECORD_STATE_UID,
          batch.map(({ state, digest }) => ({ id: state.id, remoteDigest: remoteDigest(digest) }))
        );
      }

      // Vanished vehicles are unlisted, never deleted
      for (const batch of chunks(plan.vanished, batchSize)) {
        const now = new Date();
        const documentIds = batch.map((s) => s.localId as string);
        await strapi.db.transaction(async () => {
          // updateMany with one data object leaves updatedAt as given: the same instant as syncedAt
          await vehicles().updateMany({
            where: { documentId: { $in: documentIds } },
            data: { listingStatus: 'unlisted', unlistedAt: now, syncedAt: now, updatedAt: now },
          });
          await states().updateMany({
            where: { id: { $in: batch.map((s) => s.id) } },
            data: { vanishedSince: now, lastRunId: runId },
          });
          await runItems().addItems(
            batch.map((s) =>
              item({
                externalKey: s.externalKey,
                localId: s.localId,
                action: 'unlisted',
                before: { listingStatus: 'listed' },
                after: { listingStatus: 'unlisted' },
                changedFields: ['listingStatus'],
              })
            )
          );
          counts.unlisted += batch.length;
          await saveCounts();
        });
        await progress(batch.length, `Unlisted ${counts.unlisted} vehicles no longer in EasyCars`);
      }

      // Items that could not be applied
      await runItems().addItems(
        plan.failed.map((f) =>
          item({
            externalKey: f.key,
            action: 'failed',
            after: f.raw && typeof f.raw === 'object' ? (f.raw as Record<string, unknown>) : { value: f.raw ?? null },
            error: f.error,
          })
        )
      );
      return counts;
    },
  };
}

/** What one changed vehicle writes, decided before any write: its row, its record state, its conflict, its item. */
interface MergedChange {
  /** The row to update; null when the local vehicle was deleted by hand and is created again. */
  id: number | null;
  vehicle: Row;
  state: { id: number } & Row;
  conflicts: NewConflict[];
  relisted: boolean;
  item: Omit<NewRunItem, 'runId' | 'connectionId' | 'entity'>;
}

/** One changed vehicle: the three-way merge of the last synced snapshot, the local row and the EasyCars item. */
function mergeChange(
  entry: PlannedItem & { state: RecordStateRow },
  local: Row | undefined,
  snapshot: NormalisedStockItem | undefined,
  ctx: { now: Date; runId: number; connectionId: string; strategy: FieldStrategy }
): MergedChange {
  const { now, runId, connectionId, strategy } = ctx;
  const remote: Row = toVehicleData(entry.item, connectionId);
  const relisted = Boolean(entry.state.vanishedSince);
  const base: Row = snapshot ? toVehicleData(snapshot, connectionId) : remote;
  const current = local ?? null;
  const merge = current
    ? mergeThreeWay(base, current, remote, MAPPED_VEHICLE_FIELDS, strategy)
    : {
        data: remote,
        conflicts: [] as string[],
        localOnly: [] as string[],
        sides: {} as Record<string, 'easycars' | 'local'>,
      };
  const data: Row = { ...remote, ...merge.data, syncedAt: now };

  // the local vehicle was deleted by hand: EasyCars still advertises it, so it comes back
  const vehicle: Row = current ? data : stampNewRow(data, now);
  const documentId = (current ? current.documentId : vehicle.documentId) as string;
  const state = {
    id: entry.state.id,
    localId: documentId,
    remoteSnapshot: entry.item,
    remoteHash: entry.hash,
    // a snapshot read from an answer read as a whole has no digest: the one kept before no longer matches it
    remoteDigest: entry.digest && remoteDigest(entry.digest),
    localHash: hashVehicleData(data, MAPPED_VEHICLE_FIELDS),
    lastSeenAt: now,
    vanishedSince: null,
    lastRunId: runId,
  };

  const identity = { connectionId, entity: 'vehicle' as const, externalKey: entry.key, localId: documentId, runId };
  const conflicts = conflictsOfMerge(merge, { base, local: current, remote }, identity, strategy, now);

  const fields = changedFields(current, data, MAPPED_VEHICLE_FIELDS);
  if (relisted) fields.push('listingStatus');
  const before = pick(current, fields);
  if (before && relisted) before.listingStatus = 'unlisted';
  return {
    id: current ? (current.id as number) : null,
    vehicle,
    state,
    conflicts,
    relisted,
    item: {
      externalKey: entry.key,
      localId: documentId,
      action: merge.conflicts.length > 0 ? 'conflict' : relisted ? 'relisted' : 'updated',
      before,
      after: pick({ ...data, listingStatus: 'listed' }, fields),
      changedFields: fields,
      error:
        merge.conflicts.length > 0
          ? `Changed here and in EasyCars: ${merge.conflicts
              .map((f) =>
                strategyFor(strategy, f) === 'manual'
                  ? `${f} (kept the local value, waiting for review)`
                  : `${f} (${merge.sides[f] === 'easycars' ? 'EasyCars' : 'local'} value applied)`
              )
              .join(', ')}`
          : null,
    },
  };
}
