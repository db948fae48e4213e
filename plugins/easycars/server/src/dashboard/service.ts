/**
 * The dashboard service: reads what the figures need with bounded, indexed queries (the latest runs of each
 * connection and kind, runs per day grouped in SQL, counts grouped by state) and hands the rows to compute.ts.
 */
import type { Core } from '@strapi/strapi';
import type { Connection } from '../../../shared/contracts/connections';
import type { GetDashboard } from '../../../shared/contracts/dashboard';
import { SYNC_KINDS, type RunStatus, type SyncKind, type SyncRun } from '../../../shared/contracts/sync';
import { UID } from '../constants';
import { RUN_LIST_COLUMNS, toRun } from '../sync/runs';
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
import { columnsOf } from './indexes';

const FINISHED_STATUSES: RunStatus[] = ['succeeded', 'partial', 'failed', 'interrupted'];

/**
 * The day of a timestamp column in the server's time zone. SQLite keeps datetimes as epoch milliseconds, read here
 * in the process's zone; PostgreSQL's `timestamp` columns hold the wall time of the Node process that wrote them.
 */
const DAY_OF: Record<string, string> = {
  sqlite: "date(?? / 1000, 'unixepoch', 'localtime')",
  postgres: "to_char(??, 'YYYY-MM-DD')",
  mysql: "DATE_FORMAT(??, '%Y-%m-%d')",
};

export const serverTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const runs = () => strapi.db.query(UID.run as any);

  async function recentRuns(connectionId: string, kind: SyncKind): Promise<SyncRun[]> {
    const rows = await runs().findMany({
      where: { connectionId, kind },
      orderBy: { id: 'desc' },
      limit: RECENT_RUNS,
      select: RUN_LIST_COLUMNS,
    });
    return rows.map(toRun);
  }

  /** The latest run that went through, one indexed lookup per status; asked only when the recent runs have none. */
  async function latestSuccess(connectionId: string, kind: SyncKind): Promise<SyncRun | null> {
    const found = await Promise.all(
      SUCCESS_STATUSES.map((status) =>
        runs().findOne({ where: { connectionId, kind, status }, orderBy: { id: 'desc' }, select: RUN_LIST_COLUMNS })
      )
    );
    const latest = found.filter(Boolean).sort((a, b) => b.id - a.id)[0];
    return latest ? toRun(latest) : null;
  }

  async function cardInputs(connection: Connection, kind: SyncKind) {
    const recent = await recentRuns(connection.id, kind);
    const olderSuccess = needsLastSuccess(recent) ? await latestSuccess(connection.id, kind) : null;
    return { connection, kind, recent, olderSuccess };
  }

  async function trendRows(from: Date): Promise<TrendRow[]> {
    const { table, column } = columnsOf(strapi, UID.run);
    const day = DAY_OF[strapi.db.dialect.client as string] ?? DAY_OF.sqlite;
    const rows = await knex()(table)
      .select(
        knex().raw(`${day} as day`, [column('queuedAt')]),
        `${column('kind')} as kind`,
        `${column('status')} as status`
      )
      .count('* as runs')
      .where(column('queuedAt'), '>=', from)
      .whereIn(column('status'), FINISHED_STATUSES)
      .groupByRaw('1, 2, 3');
    return rows.map((row: any) => ({
      day: String(row.day),
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
      const { days, from } = trendWindow(now);
      const [inputs, trend, vehicles, leads, conflicts] = await Promise.all([
        Promise.all(connections.flatMap((connection) => SYNC_KINDS.map((kind) => cardInputs(connection, kind)))),
        trendRows(from),
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
