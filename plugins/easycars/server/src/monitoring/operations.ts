/**
 * What runs now: the runs queued or running with their progress and how long they have run, the queues, and the
 * resource use of this process (measured now) and of the other instances and workers (their latest samples).
 */
import os from 'os';
import type { Core } from '@strapi/strapi';
import { PROCESS_RECENT_MINUTES, type OperationsResponse, type ProcessUse } from '../../../shared/contracts/monitoring';
import { ACTIVE_RUN_STATUSES } from '../../../shared/contracts/sync';
import { UID } from '../constants';
import { toRun } from '../history/rows';
import { getService } from '../utils/get-service';
import { MINUTE, bucketOf, parseLabels } from './aggregate';
import { queueFigures } from './queues';
import { METRIC, recorderOf } from './recorder';
import { metricStore } from './store';

/** Runs shown at most (one per connection and kind can be active, so this is far above any real count). */
const MAX_OPERATIONS = 200;

export async function readOperations(strapi: Core.Strapi, now: Date = new Date()): Promise<OperationsResponse> {
  const rows = await strapi.db.query(UID.run as any).findMany({
    where: { status: { $in: ACTIVE_RUN_STATUSES } },
    orderBy: { id: 'asc' },
    limit: MAX_OPERATIONS,
  });
  const operations = rows.map((row: any) => {
    const run = toRun(row);
    const since = run.status === 'running' ? run.startedAt : run.queuedAt;
    return {
      runId: run.id,
      connectionId: run.connectionId,
      connectionName: run.connectionName,
      kind: run.kind,
      status: run.status as 'queued' | 'running',
      progress: run.progress,
      progressMessage: run.progressMessage,
      queuedAt: run.queuedAt,
      startedAt: run.startedAt,
      elapsedSeconds: since ? Math.max(0, Math.round((now.getTime() - Date.parse(since)) / 1000)) : 0,
    };
  });

  const here = os.hostname();
  const current = recorderOf(strapi).current();
  const processes: ProcessUse[] = [{ instance: here, at: now.toISOString(), ...current }];
  // the other processes' latest minute of samples
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const samples = await metricStore(strapi).read(
    'm',
    [METRIC.processRss, METRIC.processHeap, METRIC.processCpu, METRIC.processLoopDelay],
    bucketOf(nowSeconds, MINUTE) - PROCESS_RECENT_MINUTES * MINUTE,
    nowSeconds + MINUTE
  );
  const latest = new Map<string, ProcessUse>();
  for (const sample of samples) {
    const instance = parseLabels(sample.labels).instance;
    if (!instance || instance === here) continue;
    const at = new Date(sample.bucket * 1000).toISOString();
    let use = latest.get(instance);
    // rows come oldest first: a later minute replaces what an earlier one said
    if (!use || use.at < at) {
      use = { instance, at, rssBytes: 0, heapUsedBytes: 0, cpuPercent: null, eventLoopDelayMs: null };
      latest.set(instance, use);
    }
    const value = sample.aggregate.n > 0 ? sample.aggregate.total / sample.aggregate.n : 0;
    if (sample.metric === METRIC.processRss) use.rssBytes = Math.round(value);
    if (sample.metric === METRIC.processHeap) use.heapUsedBytes = Math.round(value);
    if (sample.metric === METRIC.processCpu) use.cpuPercent = Math.round(value * 10) / 10;
    if (sample.metric === METRIC.processLoopDelay) use.eventLoopDelayMs = Math.round(value * 100) / 100;
  }
  processes.push(...[...latest.values()].sort((a, b) => a.instance.localeCompare(b.instance)));

  return {
    data: {
      operations,
      queues: await queueFigures(strapi, now),
      queueDriver: getService('queue', { strapi }).status()?.driver ?? null,
      processes,
    },
    meta: { generatedAt: now.toISOString() },
  };
}
