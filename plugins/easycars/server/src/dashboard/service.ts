/**
 * The dashboard service: reads what the figures need with bounded, indexed queries (the latest runs of each
 * connection and kind, runs per day grouped in SQL, counts grouped by state) and hands the rows to compute.ts.
 */
import type { Core } from '@strapi/strapi';
import type { Connection } from '../../../shared/contracts/connections';
import type { GetDashboard } from '../../../shared/contracts/dashboard';
import { SYNC_KINDS, type RunStatus, type SyncKind, type SyncRun } from '../../../shared/contracts/sync';
import { UID } from '../constants';
import { RUN_LIST_COLUMNS, toRun } from '../history/rows';
import { getService } from '../utils/get-service';
import {
  RECENT_RUNS,
  SUCCESS_STATUSES,
  alertsOf,
  cardOf,
  needsLastSuccess,
  statsOf,
  trendOf,
  trendWindow,
  type CountRow,
  type TrendRow,
} from './compute';
import { columnsOf } from '../utils/tables';

const FINISHED_STATUSES: RunStatus[] = ['succeeded', 'partial', 'failed', 'interrupted'];

export const serverTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const runs = () => strapi.db.query(UID.run as any);

  /**
   * Ids and statuses of a pair's latest runs (of one status, if given), newest first, from the index alone. The last
   * column is matched as a range of one value and named in the order: PostgreSQL then takes the order from the
   * index on (connection, kind[, status], id) instead of walking the primary key backwards through every other
   * connection's runs, which it prefers whenever its statistics misjudge how rare the pair is.
   */
  async function runKeys(
    connectionId: string,
    kind: SyncKind,
    status: RunStatus | null,
    limit: number
  ): Promise<Array<Pick<SyncRun, 'id' | 'status'>>> {
    const { table, column } = columnsOf(strapi, UID.run);
    const [last, value] = status ? [column('status'), status] : [column('kind'), kind];
    const query = knex()(table)
      .select('id', `${column('status')} as status`)
      .where(column('connectionId'), connectionId)
      .whereBetween(last, [value, value])
      .orderBy([
        { column: last, order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    if (status) query.where(column('kind'), kind);
    const rows = await query;
    return rows.map((row: { id: number | string; status: RunStatus }) => ({ id: Number(row.id), status: row.status }));
  }

  /** The latest runs of a pair and, when none of them went through, the id of the latest one that did. */
  async function pairIds(connectionId: string, kind: SyncKind) {
    const recent = await runKeys(connectionId, kind, null, RECENT_RUNS);
    if (!needsLastSuccess(recent)) return { recent: recent.map((run) => run.id), success: null };
    // one lookup per status keeps each on the index
    const found = await Promise.all(SUCCESS_STATUSES.map((status) => runKeys(connectionId, kind, status, 1)));
    const ids = found.flat().map((run) => run.id);
    return { recent: recent.map((run) => run.id), success: ids.length > 0 ? Math.max(...ids) : null };
  }

  /** The runs every card reads, in one query by id. */
  async function cardInputs(connections: Connection[]) {
    const pairs = connections.flatMap((connection) => SYNC_KINDS.map((kind) => ({ connection, kind })));
    const ids = await Promise.all(pairs.map(({ connection, kind }) => pairIds(connection.id, kind)));
    const wanted = ids.flatMap(({ recent, success }) => (success === null ? recent : [...recent, success]));
    const rows = wanted.length
      ? await runs().findMany({ where: { id: { $in: wanted } }, select: RUN_LIST_COLUMNS })
      : [];
    const byId = new Map<number, SyncRun>(rows.map((row: any) => [row.id, toRun(row)]));
    return pairs.map(({ connection, kind }, i) => ({
      connection,
      kind,
      recent: ids[i].recent.map((id) => byId.get(id)).filter((run): run is SyncRun => Boolean(run)),
      olderSuccess: ids[i].success === null ? null : (byId.get(ids[i].success as number) ?? null),
    }));
  }

  /**
   * Finished runs per day, kind and status. The day is found by comparing the queue time with the local midnights
   * computed here, the same way on every database and right across a change of clocks; the count comes from the
   * index alone.
   */
  async function trendRows(bounds: Date[]): Promise<TrendRow[]> {
    const { table, column } = columnsOf(strapi, UID.run);
    const queuedAt = column('queuedAt');
    const day = bounds
      .slice(1)
      .map((_, i) => `WHEN ?? < ? THEN ${i}`)
      .join(' ');
    const rows = await knex()(table)
      .select(
        knex().raw(
          `CASE ${day} END as day`,
          bounds.slice(1).flatMap((bound) => [queuedAt, bound])
        ),
        `${column('kind')} as kind`,
        `${column('status')} as status`
      )
      .count('* as runs')
      .where(queuedAt, '>=', bounds[0])
      .where(queuedAt, '<', bounds[bounds.length - 1])
      .whereIn(column('status'), FINISHED_STATUSES)
      // reconciliations change nothing: the trend is of syncs
      .whereIn(column('kind'), [...SYNC_KINDS])
      .groupByRaw('1, 2, 3');
    return rows.map((row: any) => ({
      day: Number(row.day),
      kind: row.kind,
      status: row.status,
      runs: Number(row.runs),
    }));
  }

  /** Rows of `uid` counted by connection and one attribute's value. */
  async function countsBy(uid: string, attribute: string, onlySynced: boolean): Promise<CountRow[]> {
    const { table, column } = columnsOf(strapi, uid);
    const query = knex()(table)
      .select(`${column('connectionId')} as connectionId`, `${column(attribute)} as value`)
      .count('* as count')
      .groupBy(column('connectionId'), column(attribute));
    if (onlySynced) query.whereNotNull(column('connectionId'));
    const rows = await query;
    return rows.map((row: any) => ({
      connectionId: row.connectionId ?? null,
      value: String(row.value),
      count: Number(row.count),
    }));
  }

  async function openConflicts(): Promise<number> {
    return strapi.db.query(UID.conflict as any).count({ where: { status: 'open' } });
  }

  return {
    async read(now: Date = new Date()): Promise<GetDashboard.Response> {
      const timeZone = serverTimeZone();
      const queue = getService('queue', { strapi }).status();
      // with BullMQ the schedules live in Redis, fired by whichever instance registered them
      const schedulesRunHere = queue ? queue.driver === 'bullmq' || queue.schedules : false;
      const connections = await getService('connections', { strapi }).list();
      const { days, bounds } = trendWindow(now);
      const [inputs, trend, vehicles, leads, conflicts] = await Promise.all([
        cardInputs(connections),
        trendRows(bounds),
        countsBy(UID.vehicle, 'listingStatus', true),
        strapi.db.metadata.has(UID.lead as any) ? countsBy(UID.lead, 'pushStatus', false) : Promise.resolve([]),
        openConflicts(),
      ]);
      const cards = inputs.map((input) => cardOf({ ...input, schedulesRunHere, timeZone, now }));
      return {
        data: {
          cards,
          trend: trendOf(trend, days, timeZone),
          stats: statsOf({ connections, vehicles, leads, openConflicts: conflicts }),
          alerts: alertsOf({ cards, connections, leads, now }),
        },
        meta: { generatedAt: now.toISOString(), timeZone },
      };
    },
  };
};
