/**
 * Alert evaluation, the pure core: a rule and the figures measured for it → firing or not, with the figure, the
 * threshold, since when and what it is in words. No database, no clock: the shell (figures.ts, service.ts) reads
 * the figures and persists the change of state.
 */
import { ALERT_TYPE_INFO, type AlertState, type AlertType } from '../../../shared/contracts/alerts';
import type { SyncKind } from '../../../shared/contracts/sync';

/** One measurement of a rule's figure, for one connection and kind (or the whole installation). */
export interface Figure {
  connectionId: string | null;
  connectionName: string | null;
  kind: SyncKind | null;
  /** In the unit of the rule's threshold (a share 0–1, seconds, minutes, runs, calls); null: nothing to measure. */
  value: number | null;
  /**
   * When what is measured began: the first failed run of the streak or the window, the run's start, the latest
   * success, the lead's creation, the run's queueing.
   */
  from: string | null;
  /** For shares: failed runs or calls (count) of all of them (of). */
  count?: number;
  of?: number;
  /** The run to look at, when one run explains the figure. */
  runId?: number;
  /** The lead's outbox state, for lead_sla (which list to open). */
  pushStatus?: string;
  /** The latest run was still running (sync_duration). */
  running?: boolean;
}

export interface RuleToEvaluate {
  type: AlertType;
  threshold: number;
  windowMinutes: number | null;
}

export interface Evaluation {
  firing: boolean;
  /** The worst figure (the one that fires, or the closest to firing); null when nothing could be measured. */
  value: number | null;
  threshold: number;
  /** Since when the condition holds; null when it does not fire. */
  since: string | null;
  figure: Figure | null;
  /** The figure in words, e.g. "3 failed runs in a row (Sandbox, stock)". */
  summary: string;
}

/** Types whose figure is an age: they start firing `threshold` after what they measure began. */
const AGE_MS: Partial<Record<AlertType, number>> = {
  sync_duration: 1000,
  queue_backlog: 1000,
  stale: 60_000,
  lead_sla: 60_000,
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** A figure or threshold as a person reads it, in the rule type's unit. */
export function formatValue(type: AlertType, value: number): string {
  const unit = ALERT_TYPE_INFO[type].unit;
  if (unit === 'share') return percent(value);
  const whole = Math.floor(value);
  if (unit === 'runs') return plural(whole, 'failed run');
  if (unit === 'calls') return plural(whole, 'throttled call');
  if (unit === 'seconds') return plural(whole, 'second');
  return plural(whole, 'minute');
}

function scopeOf(figure: Figure): string {
  const parts = [figure.connectionName ?? figure.connectionId, figure.kind].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function describe(rule: RuleToEvaluate, figure: Figure | null): string {
  if (!figure || figure.value === null) {
    const window = rule.windowMinutes ? ` in the last ${plural(rule.windowMinutes, 'minute')}` : '';
    return `nothing to measure${window}`;
  }
  const value = figure.value;
  const window = ` in the last ${plural(rule.windowMinutes ?? 0, 'minute')}`;
  const share = `${percent(value)} (${figure.count ?? 0} of ${figure.of ?? 0})`;
  const where = scopeOf(figure);
  switch (rule.type) {
    case 'sync_failures':
      return `${plural(value, 'failed run')} in a row${where}`;
    case 'failure_rate':
      return `${share} of the runs failed${window}${where}`;
    case 'sync_duration':
      return figure.running
        ? `a run has been running for ${plural(Math.floor(value), 'second')}${where}`
        : `the latest run took ${plural(Math.floor(value), 'second')}${where}`;
    case 'api_error_rate':
      return `${share} of the calls to EasyCars failed${window}${where}`;
    case 'api_throttled':
      return `EasyCars answered ${plural(value, 'call')} with 429 (too many requests)${window}${where}`;
    case 'stale':
      return `no successful run for ${plural(Math.floor(value), 'minute')}${where}`;
    case 'lead_sla':
      return `a website lead has waited ${plural(Math.floor(value), 'minute')} to reach EasyCars${where}`;
    case 'queue_backlog':
      return `the oldest queued run has waited ${plural(Math.floor(value), 'second')}${where}`;
  }
}

/** The rule fires when its worst figure reaches the threshold. */
export function evaluate(rule: RuleToEvaluate, figures: readonly Figure[]): Evaluation {
  let worst: Figure | null = null;
  for (const figure of figures) {
    if (figure.value === null) continue;
    if (!worst || figure.value > (worst.value as number)) worst = figure;
  }
  const value = worst?.value ?? null;
  const firing = value !== null && value >= rule.threshold;
  let since: string | null = null;
  if (firing && worst?.from) {
    const ageMs = AGE_MS[rule.type];
    const from = Date.parse(worst.from);
    since = new Date(ageMs ? from + rule.threshold * ageMs : from).toISOString();
  }
  return { firing, value, threshold: rule.threshold, since, figure: worst, summary: describe(rule, worst) };
}

export type Transition = 'fire' | 'recover' | null;

/** Only a change of state is told: firing again while firing (or fine while fine) is nothing new. */
export function transitionOf(state: AlertState, firing: boolean): Transition {
  if (firing && state !== 'firing') return 'fire';
  if (!firing && state === 'firing') return 'recover';
  return null;
}
