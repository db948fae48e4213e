/**
 * The health check: what an uptime monitor polls. It reads only what is stored here (the database, the queue's own
 * state, the run log) and never calls EasyCars, so it answers within a second even when EasyCars hangs. It carries
 * no secret, no customer detail and no e-mail address: states, times and counts only.
 */
import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import type {
  HealthConnection,
  HealthResponse,
  HealthState,
  HealthSyncState,
} from '../../../shared/contracts/monitoring';
import type { DashboardCard } from '../../../shared/contracts/dashboard';
import type { SyncKind } from '../../../shared/contracts/sync';
import { UID } from '../constants';
import { loadKey } from '../connections/crypto';
import { getService } from '../utils/get-service';
import { columnsOf } from '../utils/tables';

/** Each check gets this long; one that takes longer counts as failed, so the whole answer stays under a second. */
export const CHECK_BUDGET_MS = 800;

class TimedOut extends Error {}

function within<T>(ms: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work(), timeout]).finally(() => clearTimeout(timer));
}

const messageOf = (error: unknown) => (error instanceof TimedOut ? error.message : 'the query failed');

/** Down when the data cannot be read or written safely; degraded when it works but needs a look. */
export function healthStateOf(checks: HealthResponse['checks']): HealthState {
  if (!checks.database.ok || !checks.encryptionKey.ok) return 'down';
  const enabled = checks.connections.filter((connection) => connection.enabled);
  const connectionTrouble = enabled.some(
    (connection) =>
      connection.credentials !== 'ok' ||
      [connection.stock, connection.lead].some(
        (state) => state.lastStatus === 'failed' || state.lastStatus === 'interrupted'
      )
  );
  if (!checks.queue.ok || connectionTrouble || checks.easycars.lastCallOk === false) return 'degraded';
  return 'ok';
}

function syncState(cards: DashboardCard[], connectionId: string, kind: SyncKind): HealthSyncState {
  const card = cards.find((c) => c.connectionId === connectionId && c.kind === kind);
  return {
    lastSuccessAt: card?.lastSuccessAt ?? null,
    lastStatus: card?.lastRun?.status ?? null,
    active: Boolean(card?.activeRun),
  };
}

let pluginVersion: string | null = null;

/** The plugin's version, from its package.json next to the app (read once). */
function versionOf(strapi: Core.Strapi): string {
  if (pluginVersion === null) {
    try {
      const file = path.join(strapi.dirs.app.root, 'plugins', 'easycars', 'package.json');
      pluginVersion = String(JSON.parse(fs.readFileSync(file, 'utf8')).version ?? 'unknown');
    } catch {
      pluginVersion = 'unknown';
    }
  }
  return pluginVersion;
}

export function healthReader(strapi: Core.Strapi) {
  const knex = () => strapi.db.connection;

  async function database() {
    const started = Date.now();
    try {
      await within(CHECK_BUDGET_MS, () => knex().raw('select 1'));
      return { ok: true, message: null, latencyMs: Date.now() - started };
    } catch (error) {
      return { ok: false, message: `The database did not answer: ${messageOf(error)}`, latencyMs: null };
    }
  }

  function encryptionKey(): HealthResponse['checks']['encryptionKey'] {
    try {
      const { derived } = loadKey();
      return derived
        ? {
            ok: true,
            message: 'EASYCARS_ENCRYPTION_KEY is not set: a development key is used',
            source: 'development',
          }
        : { ok: true, message: null, source: 'environment' };
    } catch (error) {
      return { ok: false, message: (error as Error).message, source: null };
    }
  }

  /** Runs waiting for a worker (the run log is shared by every instance, whichever driver queues them). */
  async function waitingRuns() {
    const { table, column } = columnsOf(strapi, UID.run);
    const [row] = await knex()(table)
      .where(column('status'), 'queued')
      .count('* as waiting')
      .min(`${column('queuedAt')} as oldest`);
    const oldest = row?.oldest ? new Date(row.oldest as string | number) : null;
    return { waiting: Number(row?.waiting ?? 0), oldest };
  }

  async function queue(now: Date): Promise<HealthResponse['checks']['queue']> {
    const status = getService('queue', { strapi }).status();
    let waiting = 0;
    let oldestWaitingSeconds: number | null = null;
    try {
      const found = await within(CHECK_BUDGET_MS, waitingRuns);
      waiting = found.waiting;
      oldestWaitingSeconds = found.oldest
        ? Math.max(0, Math.round((now.getTime() - found.oldest.getTime()) / 1000))
        : null;
    } catch {
      // the database check reports it
    }
    if (!status) {
      return {
        ok: false,
        message: 'The job queue is not running',
        driver: null,
        workers: false,
        waiting,
        oldestWaitingSeconds,
      };
    }
    return { ok: true, message: null, driver: status.driver, workers: status.workers, waiting, oldestWaitingSeconds };
  }

  /** The latest call in the call log of the latest finished runs (their log is already redacted). */
  async function lastCall(): Promise<HealthResponse['checks']['easycars']> {
    const rows = await strapi.db.query(UID.run as any).findMany({
      where: { finishedAt: { $notNull: true } },
      orderBy: { id: 'desc' },
      limit: 5,
      select: ['apiCalls'],
    });
    for (const row of rows) {
      const calls = Array.isArray(row.apiCalls) ? (row.apiCalls as Array<Record<string, unknown>>) : [];
      const last = [...calls].reverse().find((call) => typeof call.startedAt === 'string');
      if (last) {
        return {
          lastCallAt: String(last.startedAt),
          lastCallOk: Boolean(last.ok),
          latencyMs: typeof last.latencyMs === 'number' ? last.latencyMs : null,
        };
      }
    }
    return { lastCallAt: null, lastCallOk: null, latencyMs: null };
  }

  async function connections(): Promise<HealthConnection[]> {
    const { data } = await getService('dashboard', { strapi }).read();
    return data.stats.connections.list.map((connection) => ({
      id: connection.id,
      name: connection.name,
      enabled: connection.enabled,
      credentials: connection.credentials,
      stock: syncState(data.cards, connection.id, 'stock'),
      lead: syncState(data.cards, connection.id, 'lead'),
    }));
  }

  return {
    async read(now: Date = new Date()): Promise<HealthResponse> {
      const noCall = { lastCallAt: null, lastCallOk: null, latencyMs: null };
      // in parallel, each within its budget: a hanging part costs CHECK_BUDGET_MS, not the sum
      const [db, queueCheck, connectionList, easycars] = await Promise.all([
        database(),
        queue(now),
        within(CHECK_BUDGET_MS, connections).catch((): HealthConnection[] => []),
        within(CHECK_BUDGET_MS, lastCall).catch(() => noCall),
      ]);
      const checks: HealthResponse['checks'] = {
        database: db,
        queue: queueCheck,
        encryptionKey: encryptionKey(),
        connections: connectionList,
        easycars,
      };
      return { status: healthStateOf(checks), checks, version: versionOf(strapi), time: now.toISOString() };
    },
  };
}
