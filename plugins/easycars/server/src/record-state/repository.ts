/**
 * The record state (identity map): per connection, entity and EasyCars key, the local record, the last synced
 * EasyCars snapshot (the base of every three-way comparison) and the hashes of both sides at that time.
 * The only code that writes record-state rows for single records; the stock writer's batched writes are the other.
 */
import { createHash } from 'crypto';
import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { canonicalJson } from '../sync/compare';
import { stampNewRow } from '../utils/rows';

type Entity = 'vehicle' | 'lead';

const sha256 = (value: unknown) => createHash('sha256').update(canonicalJson(value)).digest('hex');

export interface RecordStateSnapshot {
  externalKey: string;
  localId: string | null;
  remoteSnapshot: unknown;
}

export function recordStates(strapi: Core.Strapi) {
  const rows = () => strapi.db.query(UID.recordState as any);
  return {
    /** Remembers what both sides hold now, after a run synced the record. */
    async save(input: {
      connectionId: string;
      entity: Entity;
      externalKey: string;
      localId: string;
      remote: unknown;
      local: unknown;
      runId: number;
    }): Promise<void> {
      const now = new Date();
      const where = { connectionId: input.connectionId, entity: input.entity, externalKey: input.externalKey };
      const data = {
        localId: input.localId,
        remoteSnapshot: input.remote,
        remoteHash: sha256(input.remote),
        localHash: sha256(input.local),
        lastSeenAt: now,
        lastRunId: input.runId,
      };
      const existing = await rows().findOne({ where, select: ['id'] });
      if (existing) await rows().update({ where: { id: existing.id }, data });
      else await rows().create({ data: stampNewRow({ ...where, ...data, firstSeenAt: now }, now) });
    },

    /**
     * After a conflict was resolved: the local side as the resolution wrote it (its hash, so the next sync does
     * not take it for a local edit) and, for a lead, the values EasyCars holds now, which become the base.
     * A vehicle's snapshot stays EasyCars' own item: EasyCars' stock cannot be changed from here.
     */
    async recordResolution(input: {
      connectionId: string;
      entity: Entity;
      externalKey: string;
      /** The local hash as the entity's sync computes it; otherwise the hash of `local`. */
      localHash?: string;
      local?: unknown;
      remote?: Record<string, unknown>;
    }): Promise<void> {
      const where = { connectionId: input.connectionId, entity: input.entity, externalKey: input.externalKey };
      const existing = await rows().findOne({ where, select: ['id', 'remoteSnapshot'] });
      if (!existing) return;
      const data: Record<string, unknown> = { localHash: input.localHash ?? sha256(input.local) };
      if (input.remote) {
        const snapshot = { ...((existing.remoteSnapshot as Record<string, unknown> | null) ?? {}), ...input.remote };
        data.remoteSnapshot = snapshot;
        data.remoteHash = sha256(snapshot);
      }
      await rows().update({ where: { id: existing.id }, data });
    },

    /** The snapshots of these keys, in one query. */
    async snapshots(connectionId: string, entity: Entity, externalKeys: string[]): Promise<RecordStateSnapshot[]> {
      if (externalKeys.length === 0) return [];
      const found = await rows().findMany({
        where: { connectionId, entity, externalKey: { $in: externalKeys } },
        select: ['externalKey', 'remoteSnapshot', 'localId'],
      });
      return (found as any[]).map((row) => ({
        externalKey: String(row.externalKey),
        localId: row.localId ?? null,
        remoteSnapshot: row.remoteSnapshot ?? null,
      }));
    },
  };
}
