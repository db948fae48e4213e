/**
 * Applies a stock plan to the database: vehicles, record state and run items, in batches, each batch in one
 * transaction, so a crash leaves every vehicle either fully synced or untouched and the next run completes the work.
 */
import type { Core } from '@strapi/strapi';
import { type ConflictStrategy, mergeThreeWay } from '../../conflicts/merge';
import { bulkInsert } from '../../utils/bulk';
import { stampNewRow } from '../../utils/rows';
import type { NewRunItem } from '../runs';
import { changedFields } from './diff';
import { hashVehicleData } from './hash';
import { MAPPED_VEHICLE_FIELDS, toVehicleData } from './map';
import type { NormalisedStockItem } from './normalise';
import type { PlannedItem, RecordStateRow, StockPlan } from './plan';

export const VEHICLE_UID = 'api::vehicle.vehicle';
export const RECORD_STATE_UID = 'plugin::easycars.record-state';
export const CONFLICT_UID = 'plugin::easycars.conflict';

export interface WriteOptions {
  runId: number;
  connectionId: string;
  strategy: ConflictStrategy;
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

const pick = (row: Row | null | undefined, fields: readonly string[]) =>
  row ? Object.fromEntries(fields.map((f) => [f, row[f] ?? null])) : null;

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

export function createStockWriter(strapi: Core.Strapi) {
  const vehicles = () => strapi.db.query(VEHICLE_UID as any);
  const states = () => strapi.db.query(RECORD_STATE_UID as any);
  const conflictRows = () => strapi.db.query(CONFLICT_UID as any);
  const runItems = () => strapi.plugin('easycars').service('runs');

  const vehicleColumns = () => {
    const meta = strapi.db.metadata.get(VEHICLE_UID as any);
    const column = (name: string): string => (meta.attributes as any)[name].columnName ?? name;
    return { table: meta.tableName, column };
  };

  /**
   * Marks vehicles the sync just wrote as synced at the instant Strapi stamped the write. Strapi sets `updatedAt`
   * itself on every update, a moment after the sync chose `syncedAt`; left so, every vehicle the sync updated would
   * look edited after its sync. One statement per batch, inside the batch's transaction.
   */
  async function markWrittenBySync(documentIds: string[]): Promise<void> {
    if (documentIds.length === 0) return;
    const { table, column } = vehicleColumns();
    await strapi.db.transaction(async ({ trx }) => {
      for (const part of chunks(documentIds, 500)) {
        await strapi.db
          .connection(table)
          .update({ [column('syncedAt')]: strapi.db.connection.ref(column('updatedAt')) })
          .whereIn(column('documentId'), part)
          .transacting(trx);
      }
    });
  }

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
        where: { connectionId, entity: 'vehicle', localDocumentId: { $in: part } },
        select: ['localDocumentId', 'localHash'],
      });
      for (const state of written) {
        const row = rows.get(state.localDocumentId);
        if (row && hashVehicleData(row, MAPPED_VEHICLE_FIELDS) !== state.localHash) edited.set(state.localDocumentId, row);
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

  async function loadSnapshots(stateIds: number[]): Promise<Map<number, NormalisedStockItem>> {
    const found = new Map<number, NormalisedStockItem>();
    for (const part of chunks(stateIds, 500)) {
      const rows = await states().findMany({ where: { id: { $in: part } }, select: ['id', 'remoteSnapshot'] });
      for (const row of rows) if (row.remoteSnapshot) found.set(row.id, row.remoteSnapshot);
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

    /** The light record state of a connection's vehicles: one query per run. */
    async loadStates(connectionId: string): Promise<RecordStateRow[]> {
      return states().findMany({
        where: { connectionId, entity: 'vehicle' },
        select: ['id', 'externalKey', 'localDocumentId', 'remoteHash', 'vanishedSince'],
      }) as Promise<RecordStateRow[]>;
    },

    async apply(plan: StockPlan, options: WriteOptions): Promise<WriteCounts> {
      const { runId, connectionId, strategy, batchSize } = options;
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
      const total = Math.max(1, plan.creates.length + plan.changes.length + plan.relists.length + plan.vanished.length);
      let done = 0;
      const progress = async (n: number, message: string) => {
        done += n;
        await options.onProgress(done / total, message);
      };

      // New vehicles
      for (const batch of chunks(plan.creates, batchSize)) {
        const now = new Date();
        await strapi.db.transaction(async () => {
          const rows = batch.map((p) => stampNewRow({ ...toVehicleData(p.item, connectionId), syncedAt: now }, now));
          await bulkInsert(strapi, VEHICLE_UID, rows);
          await bulkInsert(
            strapi,
            RECORD_STATE_UID,
            batch.map((p, i) =>
              stampNewRow(
                {
                  connectionId,
                  entity: 'vehicle',
                  externalKey: p.key,
                  localDocumentId: rows[i].documentId,
                  remoteSnapshot: p.item,
                  remoteHash: p.hash,
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
                externalKey: batch[i].key,
                localId: row.documentId,
                action: 'created',
                after: pick(row, MAPPED_VEHICLE_FIELDS),
                changedFields: [...MAPPED_VEHICLE_FIELDS],
              })
            )
          );
          counts.created += batch.length;
          await saveCounts();
        });
        await progress(batch.length, `Created ${counts.created} of ${plan.creates.length} new vehicles`);
      }

      // Changed (and possibly relisted) vehicles: three-way merge against the last synced snapshot
      const touched = [...plan.changes, ...plan.relists];
      for (const batch of chunks(touched, batchSize)) {
        const now = new Date();
        const locals = await loadByDocumentId(batch.map((p) => p.state.localDocumentId as string));
        const snapshots = await loadSnapshots(batch.map((p) => p.state.id));
        await strapi.db.transaction(async () => {
          const newItems: NewRunItem[] = [];
          for (const entry of batch) {
            const outcome = await this.updateOne(entry, locals.get(entry.state.localDocumentId as string), snapshots.get(entry.state.id), {
              now,
              runId,
              connectionId,
              strategy,
            });
            if (outcome.conflictFields.length > 0) counts.conflicts += 1;
            if (entry.state.vanishedSince) counts.relisted += 1;
            else counts.updated += 1;
            newItems.push(item(outcome.item));
          }
          await markWrittenBySync(newItems.map((i) => i.localId as string));
          await runItems().addItems(newItems);
          await saveCounts();
        });
        await progress(batch.length, `Updated ${counts.updated + counts.relisted} of ${touched.length} changed vehicles`);
      }

      // Unchanged in EasyCars but edited here: only "EasyCars wins" puts the EasyCars values back
      if (strategy === 'easycars-wins' && plan.unchanged.length > 0) {
        const edited = await locallyEdited(connectionId);
        const restore = plan.unchanged.filter((p) => edited.has(p.state.localDocumentId as string));
        for (const batch of chunks(restore, batchSize)) {
          const now = new Date();
          await strapi.db.transaction(async () => {
            const newItems: NewRunItem[] = [];
            for (const entry of batch) {
              const local = edited.get(entry.state.localDocumentId as string) as Row;
              const remote: Row = toVehicleData(entry.item, connectionId);
              const fields = changedFields(local, remote, MAPPED_VEHICLE_FIELDS);
              if (fields.length === 0) continue;
              await vehicles().update({ where: { id: local.id }, data: { ...remote, syncedAt: now } });
              await states().update({
                where: { id: entry.state.id },
                data: { localHash: hashVehicleData(remote, MAPPED_VEHICLE_FIELDS), lastSeenAt: now, lastRunId: runId },
              });
              counts.unchanged -= 1;
              counts.updated += 1;
              newItems.push(
                item({
                  externalKey: entry.key,
                  localId: local.documentId,
                  action: 'updated',
                  before: pick(local, fields),
                  after: pick(remote, fields),
                  changedFields: fields,
                  error: 'Local edits replaced by the EasyCars values (strategy: EasyCars wins)',
                })
              );
            }
            await markWrittenBySync(newItems.map((i) => i.localId as string));
            await runItems().addItems(newItems);
            await saveCounts();
          });
        }
      }

      // Vanished vehicles are unlisted, never deleted
      for (const batch of chunks(plan.vanished, batchSize)) {
        const now = new Date();
        const documentIds = batch.map((s) => s.localDocumentId as string);
        await strapi.db.transaction(async () => {
          await vehicles().updateMany({
            where: { documentId: { $in: documentIds } },
            data: { listingStatus: 'unlisted', unlistedAt: now, syncedAt: now, updatedAt: now },
          });
          await markWrittenBySync(documentIds);
          await states().updateMany({ where: { id: { $in: batch.map((s) => s.id) } }, data: { vanishedSince: now, lastRunId: runId } });
          await runItems().addItems(
            batch.map((s) =>
              item({
                externalKey: s.externalKey,
                localId: s.localDocumentId,
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

    /** One changed vehicle: merge, write, remember the new snapshot, open a conflict where both sides changed. */
    async updateOne(
      entry: PlannedItem & { state: RecordStateRow },
      local: Row | undefined,
      snapshot: NormalisedStockItem | undefined,
      ctx: { now: Date; runId: number; connectionId: string; strategy: ConflictStrategy }
    ): Promise<{ conflictFields: string[]; item: Omit<NewRunItem, 'runId' | 'connectionId' | 'entity'> }> {
      const { now, runId, connectionId, strategy } = ctx;
      const remote: Row = toVehicleData(entry.item, connectionId);
      const relisted = Boolean(entry.state.vanishedSince);
      const base: Row = snapshot ? toVehicleData(snapshot, connectionId) : remote;
      const current = local ?? null;
      const merge = current
        ? mergeThreeWay(base, current, remote, MAPPED_VEHICLE_FIELDS, strategy)
        : { data: remote, conflicts: [], localOnly: [], applied: 'easycars' as const };
      const data = { ...remote, ...merge.data, syncedAt: now };

      let documentId = current?.documentId as string | undefined;
      if (current) {
        await vehicles().update({ where: { id: current.id }, data });
      } else {
        // the local vehicle was deleted by hand: EasyCars still advertises it, so it comes back
        const row = stampNewRow(data, now);
        await vehicles().create({ data: row });
        documentId = row.documentId;
      }
      await states().update({
        where: { id: entry.state.id },
        data: {
          localDocumentId: documentId,
          remoteSnapshot: entry.item,
          remoteHash: entry.hash,
          localHash: hashVehicleData(data, MAPPED_VEHICLE_FIELDS),
          lastSeenAt: now,
          vanishedSince: null,
          lastRunId: runId,
        },
      });

      if (merge.conflicts.length > 0) {
        await conflictRows().create({
          data: stampNewRow(
            {
              connectionId,
              entity: 'vehicle',
              externalKey: entry.key,
              localId: documentId,
              runId,
              fields: merge.conflicts,
              base: pick(base, merge.conflicts),
              local: pick(current, merge.conflicts),
              remote: pick(remote, merge.conflicts),
              strategy,
              ...(strategy === 'manual'
                ? { status: 'open' }
                : { status: 'resolved', appliedValue: merge.applied, resolvedBy: `strategy:${strategy}`, resolvedAt: now }),
            },
            now
          ),
        });
      }

      const fields = changedFields(current, data, MAPPED_VEHICLE_FIELDS);
      if (relisted) fields.push('listingStatus');
      const before = pick(current, fields);
      if (before && relisted) before.listingStatus = 'unlisted';
      return {
        conflictFields: merge.conflicts,
        item: {
          externalKey: entry.key,
          localId: documentId,
          action: merge.conflicts.length > 0 ? 'conflict' : relisted ? 'relisted' : 'updated',
          before,
          after: pick({ ...data, listingStatus: 'listed' }, fields),
          changedFields: fields,
          error:
            merge.conflicts.length > 0
              ? `Changed here and in EasyCars: ${merge.conflicts.join(', ')} (${
                  strategy === 'manual' ? 'kept the local value, waiting for review' : `${merge.applied === 'easycars' ? 'EasyCars' : 'local'} value applied`
                })`
              : null,
        },
      };
    },
  };
}
