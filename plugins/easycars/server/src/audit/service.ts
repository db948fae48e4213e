/**
 * The audit log: one entry per administrative action (a conflict resolved, settings changed), with who, when, which
 * record and each field's value before and after. The only writer of audit entries. A lead's customer details are
 * personal data: the log says they changed, never what they were or became.
 */
import type { Core } from '@strapi/strapi';
import { stringify } from 'csv-stringify';
import type { Readable } from 'stream';
import { LEAD_CUSTOMER_FIELDS } from '../../../shared/contracts/leads';
import type { AuditAction, AuditChange, AuditEntry, ListAuditQuery } from '../../../shared/contracts/audit';
import type { Pagination, SyncEntity } from '../../../shared/contracts/sync';
import { paginationOf } from '../utils/pagination';
import { UID } from '../constants';
import { isoOf, stampNewRow } from '../utils/rows';

/** Who acted: an administrator (id and display name), or null for the system. */
export interface Actor {
  id: number;
  name: string;
}

export interface NewAuditEntry {
  action: AuditAction;
  actor: Actor | null;
  conflictId?: number | null;
  connectionId?: string | null;
  entity?: SyncEntity | null;
  externalKey?: string | null;
  localId?: string | null;
  strategy?: string | null;
  changes: AuditChange[];
}

export const PERSONAL_DATA = '(personal data, not recorded)';
const PERSONAL = new Set<string>(LEAD_CUSTOMER_FIELDS);

/** A lead's customer fields keep their name but not their values. */
export function auditChanges(entity: SyncEntity | null | undefined, changes: AuditChange[]): AuditChange[] {
  if (entity !== 'lead') return changes;
  return changes.map((c) =>
    PERSONAL.has(c.field) ? { field: c.field, before: PERSONAL_DATA, after: PERSONAL_DATA } : c
  );
}

/** An admin user's display name, as the admin shows it. */
export function actorOf(
  user: { id?: number; firstname?: string | null; lastname?: string | null; username?: string | null } | undefined
): Actor | null {
  if (!user?.id) return null;
  const name = [user.firstname, user.lastname].filter(Boolean).join(' ') || user.username || `Admin ${user.id}`;
  return { id: user.id, name };
}

function toEntry(row: any): AuditEntry {
  return {
    id: row.id,
    action: row.action,
    userId: row.userId ?? null,
    userName: row.userName ?? null,
    at: isoOf(row.at) as string,
    conflictId: row.conflictId ?? null,
    connectionId: row.connectionId ?? null,
    entity: row.entity ?? null,
    externalKey: row.externalKey ?? null,
    localId: row.localId ?? null,
    strategy: row.strategy ?? null,
    changes: Array.isArray(row.changes) ? row.changes : [],
  };
}

/** The end of a `to` day: a date without a time means the whole day. */
function endOf(to: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(to) ? new Date(Date.parse(to) + 86_400_000 - 1) : new Date(to);
}

const EXPORT_LIMIT = 50_000;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = () => strapi.db.query(UID.auditEntry as any);

  const whereOf = (query: Omit<ListAuditQuery, 'page' | 'pageSize' | 'format'>) => {
    const where: Record<string, unknown> = {};
    if (query.action) where.action = query.action;
    if (query.userId) where.userId = query.userId;
    const at: Record<string, Date> = {};
    if (query.from) at.$gte = new Date(query.from);
    if (query.to) at.$lte = endOf(query.to);
    if (Object.keys(at).length > 0) where.at = at;
    return where;
  };

  return {
    /** Records one entry, in the caller's transaction if any; returns its id. */
    async record(entry: NewAuditEntry): Promise<number> {
      const now = new Date();
      const row = await rows().create({
        data: stampNewRow(
          {
            action: entry.action,
            userId: entry.actor?.id ?? null,
            userName: entry.actor?.name ?? null,
            at: now,
            conflictId: entry.conflictId ?? null,
            connectionId: entry.connectionId ?? null,
            entity: entry.entity ?? null,
            externalKey: entry.externalKey ?? null,
            localId: entry.localId ?? null,
            strategy: entry.strategy ?? null,
            changes: auditChanges(entry.entity, entry.changes),
          },
          now
        ),
      });
      return row.id as number;
    },

    async list(query: ListAuditQuery): Promise<{ data: AuditEntry[]; pagination: Pagination }> {
      const where = whereOf(query);
      const [found, total] = await Promise.all([
        rows().findMany({
          where,
          orderBy: [{ at: 'desc' }, { id: 'desc' }],
          offset: (query.page - 1) * query.pageSize,
          limit: query.pageSize,
        }),
        rows().count({ where }),
      ]);
      return {
        data: (found as any[]).map(toEntry),
        pagination: paginationOf(query.page, query.pageSize, total),
      };
    },

    /** The entries matching the filters as CSV, one row per changed field (formulas escaped for spreadsheets). */
    async csv(query: ListAuditQuery): Promise<Readable> {
      const found = (await rows().findMany({
        where: whereOf(query),
        orderBy: [{ at: 'desc' }, { id: 'desc' }],
        limit: EXPORT_LIMIT,
      })) as any[];
      const out = stringify({
        header: true,
        bom: true,
        record_delimiter: 'windows',
        escape_formulas: true,
        columns: [
          'at',
          'action',
          'userId',
          'userName',
          'connectionId',
          'entity',
          'externalKey',
          'conflictId',
          'strategy',
          'field',
          'before',
          'after',
        ],
      });
      const cell = (v: unknown) =>
        v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
      for (const row of found.map(toEntry)) {
        const base = [
          row.at,
          row.action,
          row.userId ?? '',
          row.userName ?? '',
          row.connectionId ?? '',
          row.entity ?? '',
          row.externalKey ?? '',
          row.conflictId ?? '',
          row.strategy ?? '',
        ];
        const changes = row.changes.length > 0 ? row.changes : [{ field: '', before: null, after: null }];
        for (const change of changes) out.write([...base, change.field, cell(change.before), cell(change.after)]);
      }
      out.end();
      return out;
    },
  };
};
