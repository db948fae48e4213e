/**
 * The metrics system job, every minute and once across the instances: samples the queues into the minute buckets,
 * rolls the minute buckets of the last hours up into hourly ones and those of today and yesterday into daily ones,
 * and prunes what is past its keeping time (minute buckets after MINUTE_ROWS_DAYS, hourly and daily ones and the
 * alert events that ended after monitoring.retentionDays).
 */
import type { Core } from '@strapi/strapi';
import type { SystemJobDefinition } from '../queue/types';
import { getConfig } from '../config';
import { getService } from '../utils/get-service';
import { HOUR, bucketOf } from './aggregate';
import { queueFigures } from './queues';
import { METRIC, recorderOf } from './recorder';
import { metricStore } from './store';

export const METRICS_JOB = 'metrics';
export const METRICS_CRON = '* * * * *';
/** 1-minute buckets are kept this long. */
export const MINUTE_ROWS_DAYS = 2;
/** Each tick recomputes this many hours back, so figures flushed late into an earlier hour are rolled up too. */
const ROLL_UP_HOURS = 3;
const DAY = 86_400;

/**
 * Hourly (or daily) buckets that start before this (epoch seconds) are never rolled up again: what the series may
 * keep instead of reading them anew.
 */
export function closedBefore(resolution: 'h' | 'd', nowSeconds: number): number {
  return resolution === 'h' ? bucketOf(nowSeconds, HOUR) - ROLL_UP_HOURS * HOUR : bucketOf(nowSeconds, DAY) - DAY;
}

/** One tick's work; also what "now" means in the tests, which move time instead of waiting. */
export async function metricsTick(strapi: Core.Strapi, now: Date = new Date()) {
  const recorder = recorderOf(strapi);
  for (const figures of await queueFigures(strapi, now)) {
    const labels = { queue: figures.queue };
    recorder.record(METRIC.queueWaiting, labels, figures.waiting, now.getTime());
    recorder.record(METRIC.queueActive, labels, figures.active, now.getTime());
    if (figures.delayed !== null) recorder.record(METRIC.queueDelayed, labels, figures.delayed, now.getTime());
    if (figures.failed !== null) recorder.record(METRIC.queueFailed, labels, figures.failed, now.getTime());
    recorder.record(METRIC.queueOldestAge, labels, figures.oldestWaitingSeconds ?? 0, now.getTime());
  }
  await recorder.flush();
  const store = metricStore(strapi);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  await store.rollUp('h', closedBefore('h', nowSeconds), bucketOf(nowSeconds, HOUR) + HOUR);
  await store.rollUp('d', closedBefore('d', nowSeconds), bucketOf(nowSeconds, DAY) + DAY);
  const { retentionDays } = getConfig(strapi, 'monitoring');
  const minutesPruned = await store.prune('m', nowSeconds - MINUTE_ROWS_DAYS * DAY);
  const hoursPruned = await store.prune('h', nowSeconds - retentionDays * DAY);
  await store.prune('d', nowSeconds - retentionDays * DAY);
  const alertEventsPruned = await getService('alerts', { strapi }).pruneEvents(
    new Date((nowSeconds - retentionDays * DAY) * 1000)
  );
  return { minutesPruned, hoursPruned, alertEventsPruned };
}

export function metricsJob(): SystemJobDefinition {
  return {
    cron: METRICS_CRON,
    description:
      'Samples the queues, rolls metric minutes up into hours, prunes old metric rows and ended alert events',
    handler: async (strapi) => {
      await metricsTick(strapi);
    },
  };
}

export async function registerMetricsJob(queue: {
  registerSystemJob(name: string, definition: SystemJobDefinition): Promise<void>;
}): Promise<void> {
  await queue.registerSystemJob(METRICS_JOB, metricsJob());
}
