/**
 * Conflicts: a field changed both here and in EasyCars since the last sync. The only code that writes conflict
 * rows: the stock writer and the lead refresh open them through here. Resolving one comes with the conflict inbox.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { stampNewRow } from '../utils/rows';
import type { ConflictSide, ConflictStrategy } from '../../../shared/contracts/conflicts';

type Entity = 'vehicle' | 'lead';

export interface NewConflict {
  connectionId: string;
  entity: Entity;
  externalKey: string;
  localId: string;
  runId: number;
  fields: string[];
  base: Record<string, unknown> | null;
  local: Record<string, unknown> | null;
  remote: Record<string, unknown> | null;
  strategy: ConflictStrategy;
  /** Settled when opened, by an automatic strategy (EasyCars, local or newest wins); none for "manual". */
  resolution?: { appliedValue: ConflictSide; resolvedBy: string; resolvedAt: Date } | null;
}

export interface OpenConflictFields {
  externalKey: string;
  localId: string | null;
  fields: string[];
}

export function conflicts(strapi: Core.Strapi) {
  const rows = () => strapi.db.query(UID.conflict as any);
  const store = {
    /** Records conflicts, in one statement and in the caller's transaction, if any. */
    async openMany(list: NewConflict[]): Promise<void> {
      if (list.length === 0) return;
      const now = new Date();
      const data = list.map(({ resolution, ...conflict }) =>
        stampNewRow({ ...conflict, ...(resolution ? { status: 'resolved', ...resolution } : { status: 'open' }) }, now)
      );
      await rows().createMany({ data });
    },

    open: (conflict: NewConflict): Promise<void> => store.openMany([conflict]),

    /** The fields under open conflicts of these records: a sync leaves them as they are until they are resolved. */
    async openFields(connectionId: string, entity: Entity, externalKeys: string[]): Promise<OpenConflictFields[]> {
      if (externalKeys.length === 0) return [];
      const found = await rows().findMany({
        where: { connectionId, entity, status: 'open', externalKey: { $in: externalKeys } },
        select: ['externalKey', 'fields', 'localId'],
      });
      return (found as any[]).map((row) => ({
        externalKey: String(row.externalKey),
        localId: row.localId ?? null,
        fields: Array.isArray(row.fields) ? (row.fields as string[]) : [],
      }));
    },
  };
  return store;
}
