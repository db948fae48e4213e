/**
 * The `retention` service: deletes sync runs (and their items) older than `retention.days`, archiving them first when
 * `retention.archive` is set, and remembers the last clean-up. A reconciliation run takes its report, discrepancies
 * and discrepancy actions with it (the mutes set by Ignore stay: they are about records, not about a report).
 *
 * It never blocks a sync for long: every statement is its own short transaction of at most `batchSize` items (or
 * RUNS_PER_BATCH runs), items go before their runs, and it yields between statements, so a sync waiting for the
 * database (on SQLite: for the one writer) gets it next. Queued and running runs are never touched.
 */
import type { Core } from '@strapi/strapi';
import { setImmediate as yieldToOthers } from 'timers/promises';
import type { CleanupTrigger, RetentionCleanup, RetentionPolicy } from '../../../shared/contracts/retention';
import { ACTIVE_RUN_STATUSES } from '../../../shared/contracts/sync';
import { getConfig } from '../config';
import { UID } from '../constants';
import type { Actor } from '../audit/service';
import { getService } from '../utils/get-service';
import { createArchiveWriter, type ArchiveWriter } from './archive';
import { RETENTION_CRON, RETENTION_JOB } from './job';
import { CleanupRunningError, createCleanupLocks, type CleanupLock } from './lock';
import {
  archiveFolder,
  byDay,
  cutoffOf,
  dayOf,
  discrepancyActionLine,
  discrepancyLine,
  itemLine,
  reconciliationLine,
  runLine,
} from './plan';

/** Runs taken per round: deleted in one statement once their items are gone. */
const RUNS_PER_BATCH = 100;
/** Runs read at once for the archive: a run's call log can be large. */
const RUNS_PER_READ = 20;

const LAST_CLEANUP = { type: 'plugin', name: 'easycars', key: 'retention-last-cleanup' } as const;

/** Stops the clean-up between two statements, keeping what it did. */
class CleanupStopped extends Error {}

export interface CleanupInput {
  trigger: CleanupTrigger;
  triggeredBy?: string | null;
  /** Who the audit entry names: the administrator of "Clean up now"; none for the daily job. */
  actor?: Actor | null;
  signal?: AbortSignal;
}

type Row = Record<string, unknown>;

/**
 * What belongs to a run besides the run itself, children first: each is deleted (and archived) with its runs, where
 * `column` names the run. Runs and reports share their ids (a report's id is its run's).
 */
const DEPENDENTS = [
  { uid: UID.item, column: 'runId', line: itemLine },
  { uid: UID.discrepancyAction, column: 'reconciliationId', line: discrepancyActionLine },
  { uid: UID.discrepancy, column: 'reconciliationId', line: discrepancyLine },
  { uid: UID.reconciliation, column: 'runId', line: reconciliationLine },
] as const;
type Dependent = (typeof DEPENDENTS)[number];

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const runs = () => strapi.db.query(UID.run as any);
  const rowsOf = (dependent: Dependent) => strapi.db.query(dependent.uid as any);
  const store = () => strapi.store(LAST_CLEANUP);
  const locks = createCleanupLocks();

  /**
   * On SQLite, the write-ahead log is copied back into the database after each delete, a few MB at a time. Left to
   * SQLite, that happens every 10,000 pages (config/database.ts), in one step of a few hundred ms inside whichever
   * commit crosses the mark, which would hold a sync's write back that long.
   */
  const checkpoint = async () => {
    if (strapi.db.dialect.client === 'sqlite') await strapi.db.connection.raw('PRAGMA wal_checkpoint(PASSIVE)');
  };

  /**
   * The next runs due (finished, created before the cutoff) after run `after`, in id order. Each round resumes past
   * the last id it took, so it never walks again over what it deleted (nor over an active run it left).
   */
  async function dueRunIds(cutoff: Date, after: number): Promise<number[]> {
    const rows = (await runs().findMany({
      where: { id: { $gt: after }, createdAt: { $lt: cutoff }, status: { $notIn: ACTIVE_RUN_STATUSES } },
      select: ['id'],
      orderBy: { id: 'asc' },
      limit: RUNS_PER_BATCH,
    })) as Array<{ id: number }>;
    return rows.map((row) => row.id);
  }

  /** Writes the runs and all that belongs to them to the day files, before anything of them is deleted. */
  async function archiveRuns(runIds: number[], writer: ArchiveWriter, batchSize: number, step: () => Promise<void>) {
    const dayOfRun = new Map<number, string>();
    for (let i = 0; i < runIds.length; i += RUNS_PER_READ) {
      const rows = (await runs().findMany({
        where: { id: { $in: runIds.slice(i, i + RUNS_PER_READ) } },
        orderBy: { id: 'asc' },
      })) as Row[];
      for (const row of rows) dayOfRun.set(row.id as number, dayOf(row.createdAt as string));
      for (const [day, lines] of byDay(rows, (row) => dayOf(row.createdAt as string), runLine)) {
        await writer.append(day, lines);
      }
      await step();
    }
    // every row of these runs, in id order: each read resumes after the last id it wrote
    for (const dependent of DEPENDENTS) {
      const { column, line } = dependent;
      for (let after = 0; ; ) {
        const rows = (await rowsOf(dependent).findMany({
          where: { [column]: { $in: runIds }, id: { $gt: after } },
          orderBy: { id: 'asc' },
          limit: batchSize,
        })) as Row[];
        if (rows.length === 0) break;
        for (const [day, lines] of byDay(rows, (row) => dayOfRun.get(row[column] as number)!, line)) {
          await writer.append(day, lines);
        }
        after = rows[rows.length - 1].id as number;
        await step();
      }
    }
  }

  /** Deletes the rows of the runs in one dependent table, at most batchSize per statement; how many went. */
  async function deleteRowsOf(
    dependent: Dependent,
    runIds: number[],
    batchSize: number,
    step: () => Promise<void>
  ): Promise<number> {
    let deleted = 0;
    for (;;) {
      const rows = (await rowsOf(dependent).findMany({
        where: { [dependent.column]: { $in: runIds } },
        select: ['id'],
        limit: batchSize,
      })) as Array<{ id: number }>;
      if (rows.length === 0) return deleted;
      const { count } = await rowsOf(dependent).deleteMany({ where: { id: { $in: rows.map((row) => row.id) } } });
      await checkpoint();
      deleted += count;
      await step();
    }
  }

  async function cleanUp(
    lock: CleanupLock,
    input: CleanupInput,
    record: RetentionCleanup,
    writer: ArchiveWriter | null
  ) {
    const { batchSize } = getConfig(strapi, 'retention');
    const cutoff = new Date(record.cutoff);
    // between two statements: let waiting syncs in, and stop when told to or when the lock was lost
    const step = async () => {
      await yieldToOthers();
      if (input.signal?.aborted) throw new CleanupStopped('Interrupted: Strapi is shutting down');
      if (!(await lock.keep())) throw new CleanupStopped('Interrupted: the clean-up lock was lost');
    };
    for (let after = 0; ; ) {
      await step();
      const runIds = await dueRunIds(cutoff, after);
      if (runIds.length === 0) return;
      after = runIds[runIds.length - 1];
      if (writer) await archiveRuns(runIds, writer, batchSize, step);
      for (const dependent of DEPENDENTS) {
        const deleted = await deleteRowsOf(dependent, runIds, batchSize, step);
        if (dependent.uid === UID.item) record.items += deleted;
        else if (dependent.uid === UID.reconciliation) record.reconciliations += deleted;
      }
      // a run's status never goes back to queued or running; the check stays as a last guard
      const { count } = await runs().deleteMany({
        where: { id: { $in: runIds }, status: { $notIn: ACTIVE_RUN_STATUSES } },
      });
      await checkpoint();
      record.runs += count;
    }
  }

  const service = {
    /** What the settings page shows: the policy as configured and the daily job's schedule. */
    async policy(): Promise<RetentionPolicy> {
      const settings = getConfig(strapi, 'retention');
      const job = (await getService('queue', { strapi }).systemJobs()).find((j) => j.name === RETENTION_JOB);
      return {
        days: settings.days,
        archive: settings.archive ? archiveFolder(strapi.dirs.app.root, settings.archive) : null,
        batchSize: settings.batchSize,
        schedule: {
          cron: job?.cron ?? RETENTION_CRON,
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
          scheduled: job?.scheduled ?? false,
          next: job?.next ?? null,
        },
      };
    },

    async lastCleanup(): Promise<RetentionCleanup | null> {
      return ((await store().get({})) as RetentionCleanup | null) ?? null;
    },

    /**
     * Runs one clean-up now and records it as the last one. Throws CleanupRunningError when one is already running;
     * otherwise answers how it ended, also when it failed (status "failed", with the message) or was stopped.
     */
    async run(input: CleanupInput): Promise<RetentionCleanup> {
      const lock = await locks.acquire(getConfig(strapi, 'queue'));
      if (!lock) throw new CleanupRunningError();
      const settings = getConfig(strapi, 'retention');
      const startedAt = new Date();
      const record: RetentionCleanup = {
        status: 'succeeded',
        trigger: input.trigger,
        triggeredBy: input.triggeredBy ?? null,
        cutoff: cutoffOf(startedAt, settings.days).toISOString(),
        startedAt: startedAt.toISOString(),
        finishedAt: startedAt.toISOString(),
        runs: 0,
        items: 0,
        reconciliations: 0,
        errorMessage: null,
      };
      const writer = settings.archive
        ? createArchiveWriter(archiveFolder(strapi.dirs.app.root, settings.archive))
        : null;
      try {
        await cleanUp(lock, input, record, writer);
      } catch (error) {
        record.status = error instanceof CleanupStopped ? 'interrupted' : 'failed';
        record.errorMessage = error instanceof Error ? error.message : String(error);
      } finally {
        await lock.release();
      }
      record.finishedAt = new Date().toISOString();
      if (writer) record.archivedFiles = writer.files();
      await store().set({ value: record });
      await getService('audit', { strapi }).record({
        action: 'retention.cleaned',
        actor: input.actor ?? null,
        changes: [
          { field: 'status', before: null, after: record.status },
          { field: 'cutoff', before: null, after: record.cutoff },
          { field: 'runs', before: null, after: record.runs },
          { field: 'items', before: null, after: record.items },
          { field: 'reconciliations', before: null, after: record.reconciliations },
        ],
      });
      const summary =
        `${record.runs} run(s), ${record.items} item(s) and ${record.reconciliations} reconciliation report(s) ` +
        `older than ${settings.days} days`;
      if (record.status === 'succeeded') strapi.log.info(`[easycars] Clean-up: deleted ${summary}`);
      else strapi.log.warn(`[easycars] Clean-up ${record.status} after deleting ${summary}: ${record.errorMessage}`);
      return record;
    },
  };

  return service;
};
