/**
 * Alert rules and their events: the only writer of both tables. Rules are kept by administrators (each change in
 * the audit log); evaluation reads a rule's figures, judges them (evaluate.ts) and, on a change of state only,
 * opens or closes the rule's event and sends one notice. The state lives on the rule row and changes with a
 * conditional update on its version, so when several instances evaluate at once exactly one of them wins.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { AlertEvent, AlertRule, AlertRuleInput, ListAlertsQuery } from '../../../shared/contracts/alerts';
import type { Pagination } from '../../../shared/contracts/sync';
import type { Actor } from '../audit/service';
import { UID } from '../constants';
import { adminUrl } from '../notifications/service';
import { getService } from '../utils/get-service';
import { paginationOf } from '../utils/pagination';
import { isoOf, stampNewRow } from '../utils/rows';
import { evaluate, transitionOf, type Evaluation } from './evaluate';
import { figureReader } from './figures';
import { alertNotice, linkOf } from './message';

const RULE_FIELDS = [
  'name',
  'type',
  'connectionId',
  'kind',
  'threshold',
  'windowMinutes',
  'severity',
  'recipients',
  'inApp',
  'enabled',
] as const;

function toRule(row: any): AlertRule {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    connectionId: row.connectionId ?? null,
    kind: row.kind ?? null,
    threshold: Number(row.threshold),
    windowMinutes: row.windowMinutes ?? null,
    severity: row.severity,
    recipients: Array.isArray(row.recipients) ? row.recipients : [],
    inApp: Boolean(row.inApp),
    enabled: Boolean(row.enabled),
    state: row.state ?? 'ok',
    stateSince: isoOf(row.stateSince),
    lastEvaluatedAt: isoOf(row.lastEvaluatedAt),
    lastValue: row.lastValue === null || row.lastValue === undefined ? null : Number(row.lastValue),
    openAlertId: row.openEventId ?? null,
    createdAt: isoOf(row.createdAt) as string,
    updatedAt: isoOf(row.updatedAt) as string,
  };
}

const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

function toEvent(row: any): AlertEvent {
  return {
    id: row.id,
    ruleId: row.ruleId,
    ruleName: row.ruleName,
    type: row.type,
    severity: row.severity,
    connectionId: row.connectionId ?? null,
    kind: row.kind ?? null,
    status: row.status,
    value: numberOrNull(row.value),
    threshold: Number(row.threshold),
    since: isoOf(row.since),
    firedAt: isoOf(row.firedAt) as string,
    summary: row.summary ?? '',
    link: row.link ?? '',
    recoveredAt: isoOf(row.recoveredAt),
    recoveredValue: numberOrNull(row.recoveredValue),
    closedReason: row.closedReason ?? null,
    acknowledgedAt: isoOf(row.acknowledgedAt),
    acknowledgedBy: row.acknowledgedById ? { id: row.acknowledgedById, name: row.acknowledgedByName ?? '' } : null,
  };
}

/** The stored columns of a rule body (an absent optional field is stored as null). */
const columnsOf = (input: AlertRuleInput) => ({
  name: input.name,
  type: input.type,
  connectionId: input.connectionId ?? null,
  kind: input.kind ?? null,
  threshold: input.threshold,
  windowMinutes: input.windowMinutes ?? null,
  severity: input.severity,
  recipients: input.recipients,
  inApp: input.inApp,
  enabled: input.enabled,
});

/** Another instance changed the rule's state first: this one's change is dropped. */
class StateTaken extends Error {}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rules = () => strapi.db.query(UID.alertRule as any);
  const events = () => strapi.db.query(UID.alertEvent as any);
  const audit = () => getService('audit', { strapi });
  const figures = figureReader(strapi);

  async function findRuleRow(id: number) {
    const row = await rules().findOne({ where: { id } });
    if (!row) throw new errors.NotFoundError(`Alert rule ${id} not found`);
    return row;
  }

  async function checkConnection(input: AlertRuleInput) {
    if (!input.connectionId) return;
    const found = await strapi.db
      .query(UID.connection as any)
      .findOne({ where: { documentId: input.connectionId }, select: ['id'] });
    if (found) return;
    const message = 'connectionId does not name a connection';
    throw new errors.ValidationError(message, {
      errors: [{ path: ['connectionId'], message, name: 'ValidationError' }],
    });
  }

  /**
   * Changes the rule's state if it is still at `version`: in one transaction with `write` (the event's side), which
   * is rolled back when another instance got there first. Returns what `write` returned, or null when it lost.
   */
  async function changeState<T>(
    id: number,
    version: number,
    write: () => Promise<T>,
    data: (written: T) => Record<string, unknown>
  ): Promise<T | null> {
    try {
      return await strapi.db.transaction(async () => {
        const written = await write();
        const { count } = await rules().updateMany({
          where: { id, stateVersion: version },
          data: { ...data(written), stateVersion: version + 1 },
        });
        if (count === 0) throw new StateTaken();
        return written;
      });
    } catch (error) {
      if (error instanceof StateTaken) return null;
      throw error;
    }
  }

  /**
   * Ends a firing rule's event without a notice (the rule was disabled, deleted or pointed elsewhere); the rule is
   * fine again. An evaluation changing the state meanwhile is read again, so the event is never left open.
   */
  async function closeOpenEvent(id: number, reason: string, now: Date): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const row = await findRuleRow(id);
      if (row.state !== 'firing') return;
      const closed = await changeState(
        row.id,
        row.stateVersion ?? 0,
        () =>
          events().updateMany({
            where: { id: row.openEventId ?? 0, status: 'firing' },
            data: { status: 'closed', recoveredAt: now, closedReason: reason },
          }),
        () => ({ state: 'ok', stateSince: now, openEventId: null })
      );
      if (closed) return;
    }
  }

  async function notify(
    rule: AlertRule,
    notice: ReturnType<typeof alertNotice>,
    link: string,
    connectionId: string | null
  ) {
    try {
      await getService('notifications', { strapi }).alert(notice, {
        recipients: rule.recipients,
        inApp: rule.inApp,
        connectionId,
        link,
      });
    } catch (error) {
      strapi.log.error(`[easycars] The notice of alert rule ${rule.id} could not be sent: ${(error as Error).message}`);
    }
  }

  async function fire(row: any, rule: AlertRule, result: Evaluation, now: Date): Promise<AlertEvent | null> {
    const link = linkOf(rule.type, result.figure);
    const created = await changeState(
      row.id,
      row.stateVersion ?? 0,
      () =>
        events().create({
          data: stampNewRow(
            {
              ruleId: rule.id,
              ruleName: rule.name,
              type: rule.type,
              severity: rule.severity,
              connectionId: result.figure?.connectionId ?? rule.connectionId,
              kind: result.figure?.kind ?? rule.kind,
              status: 'firing',
              value: result.value,
              threshold: rule.threshold,
              since: result.since ? new Date(result.since) : now,
              firedAt: now,
              summary: result.summary,
              link,
            },
            now
          ),
        }),
      (event: any) => ({ state: 'firing', stateSince: now, openEventId: event.id })
    );
    if (!created) return null;
    const event = toEvent(created);
    const notice = alertNotice({
      ruleName: rule.name,
      type: rule.type,
      severity: rule.severity,
      threshold: rule.threshold,
      value: result.value,
      summary: result.summary,
      since: event.since,
      firedAt: event.firedAt,
      url: adminUrl(strapi, link),
    });
    await notify(rule, notice, link, event.connectionId);
    return event;
  }

  async function recover(row: any, rule: AlertRule, result: Evaluation, now: Date): Promise<AlertEvent | null> {
    const open = row.openEventId ? await events().findOne({ where: { id: row.openEventId } }) : null;
    const won = await changeState(
      row.id,
      row.stateVersion ?? 0,
      () =>
        events().updateMany({
          where: { id: row.openEventId ?? 0, status: 'firing' },
          data: { status: 'recovered', recoveredAt: now, recoveredValue: result.value },
        }),
      () => ({ state: 'ok', stateSince: now, openEventId: null })
    );
    if (!won || !open) return null;
    const event = toEvent({ ...open, status: 'recovered', recoveredAt: now, recoveredValue: result.value });
    const notice = alertNotice({
      ruleName: rule.name,
      type: rule.type,
      severity: rule.severity,
      threshold: rule.threshold,
      value: result.value,
      summary: result.summary,
      since: event.since,
      firedAt: event.firedAt,
      recoveredAt: now.toISOString(),
      url: adminUrl(strapi, event.link),
    });
    await notify(rule, notice, event.link, event.connectionId);
    return event;
  }

  async function evaluateRow(row: any, now: Date) {
    const rule = toRule(row);
    const result = evaluate(rule, await figures.figuresFor(rule, now));
    await rules().update({ where: { id: rule.id }, data: { lastValue: result.value, lastEvaluatedAt: now } });
    const transition = transitionOf(rule.state, result.firing);
    if (transition === 'fire') return { rule, result, event: await fire(row, rule, result, now) };
    if (transition === 'recover') return { rule, result, event: await recover(row, rule, result, now) };
    return { rule, result, event: null };
  }

  return {
    async listRules(): Promise<AlertRule[]> {
      const found = await rules().findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] });
      return (found as any[]).map(toRule);
    },

    async findRule(id: number): Promise<AlertRule> {
      return toRule(await findRuleRow(id));
    },

    async createRule(input: AlertRuleInput, actor: Actor | null): Promise<AlertRule> {
      await checkConnection(input);
      return strapi.db.transaction(async () => {
        const now = new Date();
        const row = await rules().create({
          data: stampNewRow({ ...columnsOf(input), state: 'ok', stateVersion: 0 }, now),
        });
        await audit().record({
          action: 'alert-rule.created',
          actor,
          connectionId: input.connectionId ?? null,
          changes: [
            { field: 'id', before: null, after: row.id },
            ...RULE_FIELDS.map((field) => ({ field, before: null, after: columnsOf(input)[field] })),
          ],
        });
        return toRule(row);
      });
    },

    /**
     * Replaces the rule. Disabling a firing rule, or pointing it at another figure (type, connection, kind), closes
     * its event without a recovery notice: what fired is no longer watched. A new threshold or window is judged at
     * the next evaluation.
     */
    async updateRule(id: number, input: AlertRuleInput, actor: Actor | null): Promise<AlertRule> {
      await checkConnection(input);
      const before = await findRuleRow(id);
      const now = new Date();
      const elsewhere = (['type', 'connectionId', 'kind'] as const).some(
        (field) => (before[field] ?? null) !== (columnsOf(input)[field] ?? null)
      );
      // before the change, so that a firing of the new figure (evaluated meanwhile) is not the one closed
      if (input.enabled && elsewhere) await closeOpenEvent(id, 'The rule now watches something else', now);
      const updated = await strapi.db.transaction(async () => {
        const after = columnsOf(input);
        // a new version too: an evaluation that read the rule before this change cannot change its state after it
        for (let attempt = 0; ; attempt += 1) {
          const { stateVersion } = await findRuleRow(id);
          const { count } = await rules().updateMany({
            where: { id, stateVersion },
            data: { ...after, updatedAt: now, stateVersion: (stateVersion ?? 0) + 1 },
          });
          if (count > 0) break;
          if (attempt >= 5) throw new Error(`Alert rule ${id} keeps changing; try again`);
        }
        const old = toRule(before);
        const changes = RULE_FIELDS.filter(
          (field) => JSON.stringify(old[field] ?? null) !== JSON.stringify(after[field] ?? null)
        ).map((field) => ({ field, before: old[field] ?? null, after: after[field] }));
        await audit().record({
          action: 'alert-rule.updated',
          actor,
          connectionId: input.connectionId ?? old.connectionId,
          changes: [{ field: 'id', before: id, after: id }, ...changes],
        });
        return toRule(await findRuleRow(id));
      });
      if (input.enabled) return updated;
      // after the change, so that an evaluation under way cannot fire it again once closed
      await closeOpenEvent(id, 'The rule was disabled', now);
      return toRule(await findRuleRow(id));
    },

    /** Deletes the rule; its events stay in the history (a firing one is closed). */
    async deleteRule(id: number, actor: Actor | null): Promise<void> {
      const before = await findRuleRow(id);
      const now = new Date();
      await strapi.db.transaction(async () => {
        await rules().delete({ where: { id } });
        // with the rule gone nothing can fire it again: its open alert ends here
        await events().updateMany({
          where: { ruleId: id, status: 'firing' },
          data: { status: 'closed', recoveredAt: now, closedReason: 'The rule was deleted' },
        });
        const old = toRule(before);
        await audit().record({
          action: 'alert-rule.deleted',
          actor,
          connectionId: old.connectionId,
          changes: [
            { field: 'id', before: id, after: null },
            ...RULE_FIELDS.map((field) => ({ field, before: old[field] ?? null, after: null })),
          ],
        });
      });
    },

    async listEvents(query: ListAlertsQuery): Promise<{ data: AlertEvent[]; pagination: Pagination }> {
      const where: Record<string, unknown> = {};
      if (query.status) where.status = query.status;
      if (query.ruleId) where.ruleId = query.ruleId;
      if (query.type) where.type = query.type;
      if (query.severity) where.severity = query.severity;
      if (query.connectionId) where.connectionId = query.connectionId;
      if (query.acknowledged === 'true') where.acknowledgedAt = { $notNull: true };
      if (query.acknowledged === 'false') where.acknowledgedAt = null;
      const [found, total] = await Promise.all([
        events().findMany({
          where,
          orderBy: [{ firedAt: 'desc' }, { id: 'desc' }],
          offset: (query.page - 1) * query.pageSize,
          limit: query.pageSize,
        }),
        events().count({ where }),
      ]);
      return {
        data: (found as any[]).map(toEvent),
        pagination: paginationOf(query.page, query.pageSize, total),
      };
    },

    /**
     * Marks the event handled by `actor`. The first acknowledgement stays; the rule keeps its state, so the
     * recovery notice still goes when it stops firing.
     */
    async acknowledge(id: number, actor: Actor | null): Promise<AlertEvent> {
      const row = await events().findOne({ where: { id } });
      if (!row) throw new errors.NotFoundError(`Alert ${id} not found`);
      if (row.acknowledgedAt) return toEvent(row);
      const now = new Date();
      return strapi.db.transaction(async () => {
        const { count } = await events().updateMany({
          where: { id, acknowledgedAt: null },
          data: { acknowledgedAt: now, acknowledgedById: actor?.id ?? null, acknowledgedByName: actor?.name ?? null },
        });
        if (count > 0) {
          await audit().record({
            action: 'alert.acknowledged',
            actor,
            connectionId: row.connectionId ?? null,
            changes: [
              { field: 'alert', before: id, after: id },
              { field: 'acknowledgedAt', before: null, after: now.toISOString() },
            ],
          });
        }
        return toEvent(await events().findOne({ where: { id } }));
      });
    },

    /**
     * Evaluates every enabled rule (of one connection, after its run: the rules naming it and those of every
     * connection). A rule that cannot be evaluated is logged and the others go on.
     */
    async evaluateAll(now: Date = new Date(), options: { connectionId?: string } = {}) {
      const where: Record<string, unknown> = { enabled: true };
      if (options.connectionId) where.$or = [{ connectionId: null }, { connectionId: options.connectionId }];
      const found = (await rules().findMany({ where, orderBy: { id: 'asc' } })) as any[];
      const outcomes = [];
      for (const row of found) {
        try {
          outcomes.push(await evaluateRow(row, now));
        } catch (error) {
          strapi.log.error(`[easycars] Alert rule ${row.id} could not be evaluated: ${(error as Error).message}`);
        }
      }
      return outcomes;
    },

    /**
     * Deletes the events that ended (recovered or closed) before `before`, `batchSize` at a time so no statement
     * holds the table long; returns how many. A firing event stays however old: its rule's state points at it.
     */
    async pruneEvents(before: Date, batchSize = 500): Promise<number> {
      let deleted = 0;
      for (;;) {
        const rows = (await events().findMany({
          where: { status: { $in: ['recovered', 'closed'] }, recoveredAt: { $lt: before } },
          select: ['id'],
          orderBy: { id: 'asc' },
          limit: batchSize,
        })) as Array<{ id: number }>;
        if (rows.length === 0) return deleted;
        const { count } = await events().deleteMany({ where: { id: { $in: rows.map((row) => row.id) } } });
        deleted += count;
        if (rows.length < batchSize) return deleted;
      }
    },
  };
};
