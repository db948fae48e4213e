/** Contracts of the audit log: who did what to which record, with each field's value before and after. */
import { z } from 'zod';
import { MAX_PAGE, type Pagination, type SyncEntity } from './sync';
import { wholeNumber } from './fields';

export const AUDIT_ACTIONS = [
  'conflict.resolved',
  'settings.updated',
  'connection.created',
  'connection.updated',
  'connection.deleted',
  'sync.started',
  'retention.cleaned',
  'alert-rule.created',
  'alert-rule.updated',
  'alert-rule.deleted',
  'alert.acknowledged',
  'reconciliation.started',
  'discrepancy.pulled',
  'discrepancy.pushed',
  'discrepancy.ignored',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const DATE_RULE = 'must be a date (YYYY-MM-DD or an ISO date-time)';
const isoDate = () =>
  z.string(DATE_RULE).refine((v) => /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v)), DATE_RULE);

export const listAuditQuerySchema = z
  .object({
    from: isoDate().optional().describe('Entries from this date (YYYY-MM-DD or an ISO date-time)'),
    to: isoDate().optional().describe('Entries up to this date (YYYY-MM-DD or an ISO date-time)'),
    action: z
      .enum(AUDIT_ACTIONS, `must be one of ${AUDIT_ACTIONS.join(', ')}`)
      .optional()
      .describe('Only entries of this action (a conflict resolution, a settings change, …)'),
    userId: wholeNumber(1, Number.MAX_SAFE_INTEGER).optional().describe('Only entries by this admin user (their id)'),
    page: wholeNumber(1, MAX_PAGE).default(1).describe('Page number, from 1'),
    pageSize: wholeNumber(1, 100).default(25).describe('Rows per page, at most 100'),
    format: z
      .enum(['json', 'csv'], 'must be "json" or "csv"')
      .default('json')
      .describe('json (a page of entries) or csv (every matching entry, as a download)'),
  })
  .strict();
export type ListAuditQuery = z.infer<typeof listAuditQuerySchema>;

export interface AuditChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface AuditEntry {
  id: number;
  action: AuditAction;
  /** The administrator; null for the system. */
  userId: number | null;
  userName: string | null;
  at: string;
  conflictId: number | null;
  connectionId: string | null;
  entity: SyncEntity | null;
  externalKey: string | null;
  localId: string | null;
  strategy: string | null;
  changes: AuditChange[];
}

export namespace ListAudit {
  export interface Response {
    data: AuditEntry[];
    meta: { pagination: Pagination };
  }
}
