/**
 * The figures an alert rule is judged on, read from the database: the run log (runs and the queued runs), the
 * metric series (EasyCars calls, every one of them: a run's call log keeps only its first calls) and the site's
 * leads. Everything goes through figuresFor.
 */
import type { Core } from '@strapi/strapi';
import { SYNC_KINDS, type RunStatus, type SyncKind } from '../../../shared/contracts/sync';
import { UID } from '../constants';
import { seriesReader } from '../monitoring/series';
import type { Figure } from './evaluate';
import type { AlertType } from '../../../shared/contracts/alerts';

export interface RuleScope {
  type: AlertType;
  connectionId: string | null;
  kind: SyncKind | null;
  threshold: number;
  windowMinutes: number | null;
}

/** Outcomes that say whether a sync works; an interrupted run (a worker stopping) says neither. */
const OUTCOMES: RunStatus[] = ['succeeded', 'partial', 'failed'];
const SUCCESSES: RunStatus[] = ['succeeded', 'partial'];
/** How far back a streak of failures is counted. */
const STREAK_LIMIT = 100;
/** Outbox states of a lead that has not reached EasyCars and is still meant to. */
const NOT_IN_EASYCARS = ['pending', 'pushing', 'failed'];

interface Pair {
  connectionId: string;
  connectionName: string | null;
  connectionCreatedAt: string | null;
  kind: SyncKind;
}

const iso = (value: unknown): string | null => (value ? new Date(value as string).toISOString() : null);
const ms = (value: unknown): number => new Date(value as string).getTime();

export function figureReader(strapi: Core.Strapi) {
  const runs = () => strapi.db.query(UID.run as any);

  /** The (connection, kind) pairs a rule watches: enabled connections only (a disabled one is not expected to run). */
  async function pairsOf(rule: RuleScope): Promise<Pair[]> {
    const where: Record<string, unknown> = { $or: [{ enabled: true }, { enabled: null }] };
    if (rule.connectionId) where.documentId = rule.connectionId;
    const connections = (await strapi.db
      .query(UID.connection as any)
      .findMany({ where, select: ['documentId', 'name', 'createdAt'] })) as any[];
    const kinds = rule.kind ? [rule.kind] : [...SYNC_KINDS];
    return connections.flatMap((c) =>
      kinds.map((kind) => ({
        connectionId: c.documentId as string,
        connectionName: (c.name as string) ?? null,
        connectionCreatedAt: iso(c.createdAt),
        kind,
      }))
    );
  }

  const figureOf = (pair: Pair, rest: Omit<Figure, 'connectionId' | 'connectionName' | 'kind'>): Figure => ({
    connectionId: pair.connectionId,
    connectionName: pair.connectionName,
    kind: pair.kind,
    ...rest,
  });

  async function consecutiveFailures(pair: Pair): Promise<Figure> {
    const latest = (await runs().findMany({
      where: { connectionId: pair.connectionId, kind: pair.kind, status: { $in: OUTCOMES } },
      orderBy: [{ finishedAt: 'desc' }, { id: 'desc' }],
      limit: STREAK_LIMIT,
      select: ['id', 'status', 'finishedAt'],
    })) as any[];
    const streak: any[] = [];
    for (const run of latest) {
      if (run.status !== 'failed') break;
      streak.push(run);
    }
    const first = streak[streak.length - 1];
    return figureOf(pair, { value: streak.length, from: first ? iso(first.finishedAt) : null, runId: streak[0]?.id });
  }

  async function failureShare(pair: Pair, since: Date): Promise<Figure> {
    const finished = (await runs().findMany({
      where: {
        connectionId: pair.connectionId,
        kind: pair.kind,
        status: { $in: OUTCOMES },
        finishedAt: { $gte: since },
      },
      orderBy: [{ finishedAt: 'asc' }, { id: 'asc' }],
      select: ['id', 'status', 'finishedAt'],
    })) as any[];
    const failed = finished.filter((run) => run.status === 'failed');
    return figureOf(pair, {
      value: finished.length > 0 ? failed.length / finished.length : null,
      count: failed.length,
      of: finished.length,
      from: failed[0] ? iso(failed[0].finishedAt) : null,
      runId: failed[failed.length - 1]?.id,
    });
  }

  async function duration(pair: Pair, now: Date): Promise<Figure> {
    const running = await runs().findOne({
      where: { connectionId: pair.connectionId, kind: pair.kind, status: 'running', startedAt: { $notNull: true } },
      orderBy: { startedAt: 'asc' },
      select: ['id', 'startedAt'],
    });
    if (running) {
      return figureOf(pair, {
        value: (now.getTime() - ms(running.startedAt)) / 1000,
        from: iso(running.startedAt),
        runId: running.id,
        running: true,
      });
    }
    const last = await runs().findOne({
      where: {
        connectionId: pair.connectionId,
        kind: pair.kind,
        status: { $in: OUTCOMES },
        durationMs: { $notNull: true },
      },
      orderBy: [{ finishedAt: 'desc' }, { id: 'desc' }],
      select: ['id', 'startedAt', 'durationMs'],
    });
    if (!last) return figureOf(pair, { value: null, from: null });
    return figureOf(pair, { value: last.durationMs / 1000, from: iso(last.startedAt), runId: last.id });
  }

  /**
   * The EasyCars calls of the pair's runs in the window, from the metric series: every attempt, however many a run
   * made. The series does not say which run made a call, so the run to look at is the pair's latest in the window.
   */
  async function calls(
    pairs: Pair[],
    window: { from: Date; to: Date },
    type: 'api_error_rate' | 'api_throttled'
  ): Promise<Figure[]> {
    const byPair = await seriesReader(strapi).apiCallsByRun(window);
    return Promise.all(
      pairs.map(async (pair) => {
        const found = byPair.get(`${pair.connectionId}|${pair.kind}`);
        const counted = (type === 'api_throttled' ? found?.throttled : found?.failed) ?? 0;
        const first = type === 'api_throttled' ? found?.firstThrottledAt : found?.firstFailedAt;
        const from = first ? new Date(first).toISOString() : null;
        const latest =
          counted > 0
            ? await runs().findOne({
                where: { connectionId: pair.connectionId, kind: pair.kind, finishedAt: { $gte: window.from } },
                orderBy: [{ finishedAt: 'desc' }, { id: 'desc' }],
                select: ['id'],
              })
            : null;
        const runId = latest?.id as number | undefined;
        if (type === 'api_throttled') return figureOf(pair, { value: counted, from, runId });
        const total = found?.calls ?? 0;
        return figureOf(pair, { value: total > 0 ? counted / total : null, count: counted, of: total, from, runId });
      })
    );
  }

  /** Minutes since the latest success; a pair that never succeeded counts from its first run. */
  async function staleness(pair: Pair, now: Date): Promise<Figure> {
    const success = await runs().findOne({
      where: { connectionId: pair.connectionId, kind: pair.kind, status: { $in: SUCCESSES } },
      orderBy: [{ finishedAt: 'desc' }, { id: 'desc' }],
      select: ['id', 'finishedAt', 'startedAt'],
    });
    let from: string | null = success ? iso(success.finishedAt ?? success.startedAt) : null;
    if (!from) {
      // a kind this connection never ran (no lead form, say) is not late
      const first = await runs().findOne({
        where: { connectionId: pair.connectionId, kind: pair.kind },
        orderBy: { id: 'asc' },
        select: ['id', 'queuedAt', 'createdAt'],
      });
      if (!first) return figureOf(pair, { value: null, from: null });
      from = iso(first.queuedAt ?? first.createdAt);
    }
    return figureOf(pair, { value: (now.getTime() - ms(from)) / 60_000, from, runId: success?.id });
  }

  async function oldestWaitingLead(rule: RuleScope, pairs: Pair[], now: Date): Promise<Figure[]> {
    if (!strapi.db.metadata.has(UID.lead as any)) return [];
    const where: Record<string, unknown> = {
      source: 'website',
      easycarsLeadNumber: null,
      pushStatus: { $in: NOT_IN_EASYCARS },
    };
    if (rule.connectionId) where.connectionId = rule.connectionId;
    const lead = await strapi.db.query(UID.lead as any).findOne({
      where,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      // never a customer's details: when and where, nothing else
      select: ['id', 'createdAt', 'connectionId', 'pushStatus'],
    });
    if (!lead) return [{ connectionId: rule.connectionId, connectionName: null, kind: null, value: 0, from: null }];
    const pair = pairs.find((p) => p.connectionId === lead.connectionId);
    return [
      {
        connectionId: lead.connectionId ?? null,
        connectionName: pair?.connectionName ?? null,
        kind: null,
        value: (now.getTime() - ms(lead.createdAt)) / 60_000,
        from: iso(lead.createdAt),
        pushStatus: lead.pushStatus,
      },
    ];
  }

  async function oldestQueuedRun(rule: RuleScope, pairs: Pair[], now: Date): Promise<Figure[]> {
    const where: Record<string, unknown> = { status: 'queued' };
    if (rule.connectionId) where.connectionId = rule.connectionId;
    if (rule.kind) where.kind = rule.kind;
    const run = await runs().findOne({
      where,
      orderBy: [{ queuedAt: 'asc' }, { id: 'asc' }],
      select: ['id', 'queuedAt', 'connectionId', 'kind'],
    });
    if (!run) return [{ connectionId: rule.connectionId, connectionName: null, kind: rule.kind, value: 0, from: null }];
    const pair = pairs.find((p) => p.connectionId === run.connectionId);
    return [
      {
        connectionId: run.connectionId,
        connectionName: pair?.connectionName ?? null,
        kind: run.kind,
        value: (now.getTime() - ms(run.queuedAt)) / 1000,
        from: iso(run.queuedAt),
        runId: run.id,
      },
    ];
  }

  return {
    /** The figures of one rule at `now`: one per (connection, kind) it watches, or one for the installation. */
    async figuresFor(rule: RuleScope, now: Date): Promise<Figure[]> {
      const pairs = await pairsOf(rule);
      const since = new Date(now.getTime() - (rule.windowMinutes ?? 0) * 60_000);
      switch (rule.type) {
        case 'sync_failures':
          return Promise.all(pairs.map(consecutiveFailures));
        case 'failure_rate':
          return Promise.all(pairs.map((pair) => failureShare(pair, since)));
        case 'sync_duration':
          return Promise.all(pairs.map((pair) => duration(pair, now)));
        case 'api_error_rate':
        case 'api_throttled':
          return calls(pairs, { from: since, to: now }, rule.type);
        case 'stale':
          return Promise.all(pairs.map((pair) => staleness(pair, now)));
        case 'lead_sla':
          return oldestWaitingLead(rule, pairs, now);
        case 'queue_backlog':
          return oldestQueuedRun(rule, pairs, now);
      }
    },
  };
}
