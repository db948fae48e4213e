/**
 * Conflicts: a field changed both here and in EasyCars since the last sync. The only code that writes conflict
 * rows: the stock writer and the lead refresh open them through here, resolutions close them through here.
 * One record has at most one open conflict: a later conflict on it joins the open one.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { changedFields } from '../sync/compare';
import { stampNewRow } from '../utils/rows';
import { paginationOf } from '../utils/pagination';
import type {
  ConflictResolution,
  ConflictSide,
  ConflictStatus,
  ConflictStrategy,
  ListConflictsQuery,
} from '../../../shared/contracts/conflicts';
import type { Pagination } from '../../../shared/contracts/sync';

type Entity = 'vehicle' | 'lead';
type Values = Record<string, unknown>;

export interface NewConflict {
  connectionId: string;
  entity: Entity;
  externalKey: string;
  localId: string;
  runId: number;
  fields: string[];
  base: Values | null;
  local: Values | null;
  remote: Values | null;
  strategy: ConflictStrategy;
  /** Settled when opened, by an automatic strategy (EasyCars, local or newest wins); none for "manual". */
  resolution?: { appliedValue: ConflictSide; resolvedBy: string; resolvedAt: Date } | null;
}

export interface OpenConflictFields {
  externalKey: string;
  localId: string | null;
  fields: string[];
}

/** A conflict row as stored. */
export interface ConflictRow {
  id: number;
  connectionId: string;
  entity: Entity;
  externalKey: string;
  localId: string | null;
  runId: number | null;
  fields: string[];
  base: Values | null;
  local: Values | null;
  remote: Values | null;
  status: ConflictStatus;
  strategy: ConflictStrategy;
  appliedValue: ConflictSide | null;
  resolution: ConflictResolution | null;
  resolvedBy: string | null;
  resolvedById: number | null;
  resolvedByName: string | null;
  resolvedAt: string | Date | null;
  remoteSeenAt: string | Date | null;
  createdAt: string | Date;
}

export interface Closing {
  resolution: ConflictResolution;
  appliedValue: ConflictSide | null;
  actor: { id: number; name: string } | null;
}

/** The sides of one record now: the values a later sync compares. */
export interface CurrentSides {
  local: object;
  remote: object;
}

const asRow = (row: any): ConflictRow => ({ ...row, fields: Array.isArray(row.fields) ? row.fields : [] });

const DAY_MS = 86_400_000;

type Filters = Omit<ListConflictsQuery, 'status' | 'page' | 'pageSize'>;

/** The filters' conditions; the field filter is applied apart (see idsWithField). */
function whereOf(query: Filters & { status: ConflictStatus }): Values {
  const where: Values = { status: query.status };
  if (query.entity) where.entity = query.entity;
  if (query.connectionId) where.connectionId = query.connectionId;
  if (query.olderThanDays !== undefined)
    where.createdAt = { $lte: new Date(Date.now() - query.olderThanDays * DAY_MS) };
  return where;
}

/** Open ones oldest first (the longest waiting on top), closed ones latest first. */
const orderOf = (status: ConflictStatus): Values[] =>
  status === 'open' ? [{ createdAt: 'asc' }, { id: 'asc' }] : [{ resolvedAt: 'desc' }, { id: 'desc' }];

export function conflicts(strapi: Core.Strapi) {
  const rows = () => strapi.db.query(UID.conflict as any);

  const openOf = async (connectionId: string, entity: Entity, externalKeys: string[]): Promise<ConflictRow[]> =>
    externalKeys.length === 0
      ? []
      : (
          (await rows().findMany({
            where: { connectionId, entity, status: 'open', externalKey: { $in: externalKeys } },
          })) as any[]
        ).map(asRow);

  /** The open conflict of a record takes in a newer one: its fields, the latest values, the first base. */
  function joined(existing: ConflictRow, next: NewConflict, now: Date): Values {
    const remote = { ...(existing.remote ?? {}), ...(next.remote ?? {}) };
    const remoteMoved = changedFields(existing.remote, remote, Object.keys(remote)).length > 0;
    return {
      fields: [...new Set([...existing.fields, ...next.fields])],
      base: { ...(next.base ?? {}), ...(existing.base ?? {}) },
      local: { ...(existing.local ?? {}), ...(next.local ?? {}) },
      remote,
      runId: next.runId,
      localId: next.localId,
      ...(remoteMoved ? { remoteSeenAt: now } : {}),
      updatedAt: now,
    };
  }

  /** Every id matching, with the field filter applied to the rows' lists of fields. */
  async function idsWithField(where: Values, orderBy: Values[], field: string): Promise<number[]> {
    // lists of fields are JSON: compared here rather than with database-specific JSON operators
    const all = (await rows().findMany({ where, orderBy, select: ['id', 'fields'] })) as any[];
    return all.filter((r) => Array.isArray(r.fields) && r.fields.includes(field)).map((r) => r.id as number);
  }

  const store = {
    /** Records conflicts, in the caller's transaction if any; a record's open conflict takes in its new one. */
    async openMany(list: NewConflict[]): Promise<void> {
      if (list.length === 0) return;
      const now = new Date();
      const waiting = list.filter((c) => !c.resolution);
      const existing = new Map<string, ConflictRow>();
      const groups = new Map<string, string[]>();
      for (const c of waiting) {
        const group = `${c.connectionId}\u0000${c.entity}`;
        groups.set(group, [...(groups.get(group) ?? []), c.externalKey]);
      }
      for (const [group, keys] of groups) {
        const [connectionId, entity] = group.split('\u0000') as [string, Entity];
        for (const row of await openOf(connectionId, entity, keys))
          existing.set(`${group}\u0000${row.externalKey}`, row);
      }
      const inserts: Values[] = [];
      for (const { resolution, ...conflict } of list) {
        const open = resolution
          ? undefined
          : existing.get(`${conflict.connectionId}\u0000${conflict.entity}\u0000${conflict.externalKey}`);
        if (open) {
          await rows().update({ where: { id: open.id }, data: joined(open, conflict, now) });
          continue;
        }
        inserts.push(
          stampNewRow(
            {
              ...conflict,
              remoteSeenAt: now,
              ...(resolution ? { status: 'resolved', resolution: 'automatic', ...resolution } : { status: 'open' }),
            },
            now
          )
        );
      }
      if (inserts.length > 0) await rows().createMany({ data: inserts });
    },

    open: (conflict: NewConflict): Promise<void> => store.openMany([conflict]),

    /** The fields under open conflicts of these records: a sync leaves them as they are until they are resolved. */
    async openFields(connectionId: string, entity: Entity, externalKeys: string[]): Promise<OpenConflictFields[]> {
      return (await openOf(connectionId, entity, externalKeys)).map((row) => ({
        externalKey: String(row.externalKey),
        localId: row.localId ?? null,
        fields: row.fields,
      }));
    },

    /** Every open conflict of a connection's records of one entity. */
    async openFor(connectionId: string, entity: Entity): Promise<ConflictRow[]> {
      return ((await rows().findMany({ where: { connectionId, entity, status: 'open' } })) as any[]).map(asRow);
    },

    /** The conflicts a run opened (or added fields to) that still wait for review, in the order they came. */
    async openOfRun(runId: number): Promise<ConflictRow[]> {
      const found = await rows().findMany({ where: { runId, status: 'open' }, orderBy: { id: 'asc' } });
      return (found as any[]).map(asRow);
    },

    /**
     * After a sync: an open conflict whose fields both sides now hold equal is closed "resolved by sync"; one
     * where only some are equal keeps the others; one still open takes in EasyCars' latest values.
     */
    async settle(connectionId: string, entity: Entity, sides: Map<string, CurrentSides>): Promise<number> {
      let closed = 0;
      const now = new Date();
      for (const row of await openOf(connectionId, entity, [...sides.keys()])) {
        const current = sides.get(row.externalKey) as CurrentSides;
        const still = changedFields(current.local as Values, current.remote as Values, row.fields);
        if (still.length === 0) {
          await rows().update({
            where: { id: row.id },
            data: { status: 'resolved', resolution: 'sync', resolvedBy: 'sync', resolvedAt: now, updatedAt: now },
          });
          closed += 1;
          continue;
        }
        // EasyCars may have changed a field again while the conflict waited: the inbox shows its latest value
        const latest = current.remote as Values;
        const remote = Object.fromEntries(still.map((f) => [f, f in latest ? latest[f] : (row.remote?.[f] ?? null)]));
        const remoteMoved = changedFields(row.remote, remote, still).length > 0;
        if (still.length === row.fields.length && !remoteMoved) continue;
        const keep = (values: Values | null) => Object.fromEntries(still.map((f) => [f, values?.[f] ?? null]));
        await rows().update({
          where: { id: row.id },
          data: {
            fields: still,
            base: keep(row.base),
            local: keep(row.local),
            remote,
            ...(remoteMoved ? { remoteSeenAt: now } : {}),
            updatedAt: now,
          },
        });
      }
      return closed;
    },

    async findOne(id: number): Promise<ConflictRow | null> {
      const row = await rows().findOne({ where: { id } });
      return row ? asRow(row) : null;
    },

    /**
     * Closes an open conflict, in the caller's transaction; false when it was not open any more (someone else
     * closed it first), so a resolution can undo what it wrote.
     */
    async close(id: number, closing: Closing): Promise<boolean> {
      const now = new Date();
      const { count } = await rows().updateMany({
        where: { id, status: 'open' },
        data: {
          status: 'resolved',
          resolution: closing.resolution,
          appliedValue: closing.appliedValue,
          resolvedBy: closing.actor ? `admin:${closing.actor.id}` : 'system',
          resolvedById: closing.actor?.id ?? null,
          resolvedByName: closing.actor?.name ?? null,
          resolvedAt: now,
          updatedAt: now,
        },
      });
      return count > 0;
    },

    async countOpen(): Promise<number> {
      return rows().count({ where: { status: 'open' } });
    },

    /** A page of conflicts; the field filter looks inside each row's list of fields. */
    async list(query: ListConflictsQuery): Promise<{ rows: ConflictRow[]; pagination: Pagination }> {
      const where = whereOf(query);
      const orderBy = orderOf(query.status);
      const offset = (query.page - 1) * query.pageSize;
      if (query.field) {
        const ids = await idsWithField(where, orderBy, query.field);
        const page = ids.slice(offset, offset + query.pageSize);
        const found = page.length === 0 ? [] : ((await rows().findMany({ where: { id: { $in: page } } })) as any[]);
        const byId = new Map(found.map((r) => [r.id, asRow(r)]));
        return {
          rows: page.map((id) => byId.get(id) as ConflictRow),
          pagination: paginationOf(query.page, query.pageSize, ids.length),
        };
      }
      const [found, total] = await Promise.all([
        rows().findMany({ where, orderBy, offset, limit: query.pageSize }),
        rows().count({ where }),
      ]);
      return { rows: (found as any[]).map(asRow), pagination: paginationOf(query.page, query.pageSize, total) };
    },

    /** The ids of the open conflicts matching the filters, in the inbox's order; at most `limit` + 1 of them. */
    async openIdsMatching(filters: Filters, limit: number): Promise<number[]> {
      const where = whereOf({ ...filters, status: 'open' });
      const orderBy = orderOf('open');
      if (filters.field) return (await idsWithField(where, orderBy, filters.field)).slice(0, limit + 1);
      const found = (await rows().findMany({ where, orderBy, limit: limit + 1, select: ['id'] })) as any[];
      return found.map((r) => r.id as number);
    },
  };
  return store;
}
