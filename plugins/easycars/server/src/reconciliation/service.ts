/**
 * The `reconciliations` service: starts a reconciliation (a queued run of kind `reconciliation`), and reads reports
 * and their discrepancies. The only writer of report, discrepancy and ignore rows (the job and the actions write
 * through it).
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  emptyReconciliationCounts,
  type Discrepancy,
  type DiscrepancyCategory,
  type DiscrepancyEntity,
  type DiscrepancySeverity,
  type DiscrepancyFilter,
  type LeadWalk,
  type ListDiscrepanciesQuery,
  type ListReconciliationsQuery,
  type Reconciliation,
  type ReconciliationCounts,
  type DiscrepancyOutcome,
} from '../../../shared/contracts/reconciliation';
import type { Pagination, RunStatus, SyncRun } from '../../../shared/contracts/sync';
import { UID } from '../constants';
import { hideCustomerValues } from '../history/privacy';
import { RUN_LIST_COLUMNS, toRun } from '../history/rows';
import { bulkInsert } from '../utils/bulk';
import { getService } from '../utils/get-service';
import { paginationOf } from '../utils/pagination';
import { stampNewRow } from '../utils/rows';
import { columnsOf } from '../utils/tables';
import type { Actor } from '../audit/service';
import { muteKey, type FoundDiscrepancy, type Mutes } from './compare';

type Row = Record<string, any>;

const INSERT_BATCH = 500;

function toReconciliation(run: SyncRun, report: Row | null): Reconciliation {
  return {
    id: run.id,
    runId: run.id,
    connectionId: run.connectionId,
    connectionName: run.connectionName,
    // the run is the truth about how it went: the queue may end it (interrupted) without the job
    status: run.status,
    trigger: run.trigger === 'scheduled' ? 'scheduled' : 'manual',
    startedBy: run.triggeredBy,
    queuedAt: run.queuedAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    progress: run.progress,
    progressMessage: run.progressMessage,
    counts: { ...emptyReconciliationCounts(), ...((report?.counts as ReconciliationCounts | null) ?? {}) },
    leadWalk: (report?.leadWalk as LeadWalk | null) ?? null,
    errorMessage: run.errorMessage,
  };
}

/** A discrepancy as this user may see it: a lead's customer values hidden unless they may read leads. */
function toDiscrepancy(row: Row, showCustomers: boolean): Discrepancy {
  const fields = Array.isArray(row.fields) ? row.fields : [];
  return {
    id: row.id,
    reconciliationId: row.reconciliationId,
    connectionId: row.connectionId,
    entity: row.entity,
    category: row.category,
    severity: row.severity,
    externalKey: row.externalKey ?? null,
    localId: row.localId ?? null,
    label: row.label ?? '',
    fields:
      row.entity === 'lead' && !showCustomers
        ? fields.map((f: Row) => ({
            field: f.field,
            local: (hideCustomerValues({ [f.field]: f.local }) as Row)[f.field],
            remote: (hideCustomerValues({ [f.field]: f.remote }) as Row)[f.field],
          }))
        : fields,
    outcome: (row.outcome as DiscrepancyOutcome | null) ?? null,
  };
}

/** The query-engine filter of a report's discrepancies. */
export function discrepancyWhere(reconciliationId: number, filter: DiscrepancyFilter): Row {
  const where: Row = { reconciliationId };
  if (filter.entity) where.entity = filter.entity;
  if (filter.category) where.category = filter.category;
  if (filter.severity) where.severity = filter.severity;
  if (filter.q) where.searchText = { $contains: filter.q.toLowerCase() };
  return where;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const reports = () => strapi.db.query(UID.reconciliation as any);
  const discrepancies = () => strapi.db.query(UID.discrepancy as any);
  const ignores = () => strapi.db.query(UID.reconciliationIgnore as any);
  const runRows = () => strapi.db.query(UID.run as any);

  async function runOf(id: number): Promise<SyncRun> {
    const row = await runRows().findOne({ where: { id, kind: 'reconciliation' }, select: RUN_LIST_COLUMNS });
    if (!row) throw new errors.NotFoundError(`No reconciliation ${id}`);
    return toRun(row);
  }

  const service = {
    /** Queues a reconciliation; RunConflictError (409) while one of this connection is queued or running. */
    async start(connectionId: string, user: { email?: string } | undefined, actor: Actor | null) {
      const run = await getService('queue', { strapi }).trigger({
        connectionId,
        kind: 'reconciliation',
        trigger: 'manual',
        triggeredBy: user?.email ?? null,
      });
      await getService('audit', { strapi }).record({
        action: 'reconciliation.started',
        actor,
        connectionId,
        changes: [{ field: 'reconciliationId', before: null, after: run.id }],
      });
      return toReconciliation(run, null);
    },

    async findOne(id: number): Promise<Reconciliation> {
      const run = await runOf(id);
      return toReconciliation(run, await reports().findOne({ where: { runId: id } }));
    },

    async list(query: ListReconciliationsQuery): Promise<{ data: Reconciliation[]; pagination: Pagination }> {
      const where: Row = { kind: 'reconciliation' };
      if (query.connectionId) where.connectionId = query.connectionId;
      const [rows, total] = await Promise.all([
        runRows().findMany({
          where,
          select: RUN_LIST_COLUMNS,
          orderBy: { id: 'desc' },
          offset: (query.page - 1) * query.pageSize,
          limit: query.pageSize,
        }),
        runRows().count({ where }),
      ]);
      const ids = (rows as Row[]).map((r) => r.id as number);
      const found = ids.length ? ((await reports().findMany({ where: { runId: { $in: ids } } })) as Row[]) : [];
      const byRun = new Map(found.map((r) => [r.runId as number, r]));
      return {
        data: (rows as Row[]).map((row) => toReconciliation(toRun(row), byRun.get(row.id) ?? null)),
        pagination: paginationOf(query.page, query.pageSize, total),
      };
    },

    async discrepancies(
      id: number,
      query: ListDiscrepanciesQuery,
      showCustomers: boolean
    ): Promise<{ data: Discrepancy[]; pagination: Pagination }> {
      await runOf(id);
      const where = discrepancyWhere(id, query);
      const [rows, total] = await Promise.all([
        discrepancies().findMany({
          where,
          orderBy: { id: 'asc' },
          offset: (query.page - 1) * query.pageSize,
          limit: query.pageSize,
        }),
        discrepancies().count({ where }),
      ]);
      return {
        data: (rows as Row[]).map((row) => toDiscrepancy(row, showCustomers)),
        pagination: paginationOf(query.page, query.pageSize, total),
      };
    },

    /** Every discrepancy of a report matching the filter, in order, up to `limit` (exports, actions by filter). */
    async matching(id: number, filter: DiscrepancyFilter, limit: number, showCustomers = true): Promise<Discrepancy[]> {
      const rows = await discrepancies().findMany({
        where: discrepancyWhere(id, filter),
        orderBy: { id: 'asc' },
        limit,
      });
      return (rows as Row[]).map((row) => toDiscrepancy(row, showCustomers));
    },

    async byIds(ids: number[]): Promise<Discrepancy[]> {
      const rows = await discrepancies().findMany({ where: { id: { $in: ids } } });
      return (rows as Row[]).map((row) => toDiscrepancy(row, true));
    },

    // ---- written by the job ----

    async openReport(run: SyncRun): Promise<void> {
      const existing = await reports().findOne({ where: { runId: run.id }, select: ['id'] });
      const data = {
        runId: run.id,
        connectionId: run.connectionId,
        status: 'running' as RunStatus,
        trigger: run.trigger === 'scheduled' ? 'scheduled' : 'manual',
        startedByName: run.triggeredBy,
        startedAt: new Date(),
        counts: emptyReconciliationCounts(),
      };
      // a run started again after an interruption starts its report again
      if (existing) {
        await discrepancies().deleteMany({ where: { reconciliationId: run.id } });
        await reports().update({ where: { id: existing.id }, data });
      } else await reports().create({ data: stampNewRow(data, new Date()) });
    },

    async closeReport(
      runId: number,
      outcome: { status: RunStatus; counts?: ReconciliationCounts; leadWalk?: LeadWalk | null }
    ): Promise<void> {
      const data: Row = { status: outcome.status, finishedAt: new Date() };
      if (outcome.counts) data.counts = outcome.counts;
      if (outcome.leadWalk !== undefined) data.leadWalk = outcome.leadWalk;
      await reports().update({ where: { runId }, data });
    },

    async addDiscrepancies(reconciliationId: number, connectionId: string, found: FoundDiscrepancy[]): Promise<void> {
      for (let i = 0; i < found.length; i += INSERT_BATCH) {
        const now = new Date();
        await bulkInsert(
          strapi,
          UID.discrepancy,
          found.slice(i, i + INSERT_BATCH).map((d) =>
            stampNewRow(
              {
                reconciliationId,
                connectionId,
                entity: d.entity,
                category: d.category,
                severity: d.severity,
                externalKey: d.externalKey,
                localId: d.localId,
                label: d.label.slice(0, 255),
                fields: d.fields,
                searchText: d.searchText,
                fingerprint: d.fingerprint,
                outcome: null,
              },
              now
            )
          )
        );
      }
    },

    /**
     * Takes back discrepancies of a report: those of these vehicle identities (found twice in the feed after all),
     * or all of them (a report that failed or was interrupted lists nothing).
     */
    async removeDiscrepancies(reconciliationId: number, vehicleKeys?: string[]): Promise<void> {
      if (!vehicleKeys) {
        await discrepancies().deleteMany({ where: { reconciliationId } });
        return;
      }
      for (let i = 0; i < vehicleKeys.length; i += INSERT_BATCH) {
        await discrepancies().deleteMany({
          where: { reconciliationId, entity: 'vehicle', externalKey: { $in: vehicleKeys.slice(i, i + INSERT_BATCH) } },
        });
      }
    },

    /** A report's stored discrepancies counted by entity, category and severity, in one query. */
    async tally(reconciliationId: number): Promise<ReconciliationCounts> {
      const { table, column } = columnsOf(strapi, UID.discrepancy);
      const rows = (await strapi.db
        .connection(table)
        .select({ entity: column('entity'), category: column('category'), severity: column('severity') })
        .count({ count: '*' })
        .where(column('reconciliationId'), reconciliationId)
        .groupBy(column('entity'), column('category'), column('severity'))) as Row[];
      const counts = emptyReconciliationCounts();
      for (const row of rows) {
        const n = Number(row.count);
        const entity = counts[row.entity as DiscrepancyEntity];
        if (entity) entity[row.category as DiscrepancyCategory] += n;
        counts.severity[row.severity as DiscrepancySeverity] += n;
      }
      return counts;
    },

    /** The ignored discrepancies of a connection, in one query. */
    async mutes(connectionId: string): Promise<Mutes> {
      const rows = (await ignores().findMany({
        where: { connectionId },
        select: ['entity', 'category', 'recordKey', 'fingerprint'],
      })) as Row[];
      const mutes: Mutes = new Map();
      for (const row of rows) {
        const key = muteKey(row.entity, row.category, row.recordKey);
        const set = mutes.get(key) ?? new Set<string>();
        set.add(row.fingerprint);
        mutes.set(key, set);
      }
      return mutes;
    },

    // ---- written by the actions ----

    /** Mutes a discrepancy's record while its values stay these (one ignore row per record and category). */
    async ignore(row: Row, reason: string | null, actor: Actor | null): Promise<void> {
      const recordKey = recordKeyOf(row);
      const where = { connectionId: row.connectionId, entity: row.entity, category: row.category, recordKey };
      const data = {
        ...where,
        fingerprint: row.fingerprint,
        reason,
        discrepancyId: row.id,
        ignoredById: actor?.id ?? null,
        ignoredByName: actor?.name ?? null,
      };
      const existing = await ignores().findOne({ where, select: ['id'] });
      if (existing) await ignores().update({ where: { id: existing.id }, data });
      else await ignores().create({ data: stampNewRow(data, new Date()) });
    },

    async recordOutcome(id: number, outcome: DiscrepancyOutcome): Promise<void> {
      await discrepancies().update({ where: { id }, data: { outcome } });
    },

    /** The stored row (fingerprint included), for the actions. */
    async rowsOf(ids: number[]): Promise<Row[]> {
      if (ids.length === 0) return [];
      return (await discrepancies().findMany({ where: { id: { $in: ids } } })) as Row[];
    },

    async idsMatching(id: number, filter: DiscrepancyFilter, limit: number): Promise<number[]> {
      await runOf(id);
      const rows = await discrepancies().findMany({
        where: discrepancyWhere(id, filter),
        select: ['id'],
        orderBy: { id: 'asc' },
        limit,
      });
      return (rows as Row[]).map((r) => r.id as number);
    },
  };
  return service;
};

/** The record a discrepancy row is about, as Ignore remembers it (see FoundDiscrepancy.recordKey). */
export function recordKeyOf(row: Row): string {
  return (row.externalKey as string | null) ?? `local:${row.localId as string}`;
}
