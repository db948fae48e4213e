/**
 * The alert rule form's values, what each type asks of them, and their checks. The values are checked with the
 * shared rule schema the server uses; a share is typed as a percent here and sent as 0–1.
 */
import {
  ALERT_TYPE_INFO,
  alertRuleSchema,
  type AlertRule,
  type AlertRuleInput,
  type AlertSeverity,
  type AlertType,
} from '../../../../shared/contracts/alerts';
import type { SyncKind } from '../../../../shared/contracts/sync';
import { detailsOf, statusOf } from '../../services/errors';

export interface RuleFormValues {
  name: string;
  type: AlertType;
  /** '' for every enabled connection. */
  connectionId: string;
  /** '' for both kinds. */
  kind: SyncKind | '';
  /** As typed: a percent for shares, the type's unit otherwise. */
  threshold: string;
  windowMinutes: string;
  severity: AlertSeverity;
  /** One address a line (commas and spaces separate too). */
  recipients: string;
  inApp: boolean;
  enabled: boolean;
}

export type RuleField = keyof RuleFormValues;
export type RuleErrors = Partial<Record<RuleField, string>>;

export const RULE_FIELD_LABELS: Record<RuleField, string> = {
  name: 'Name',
  type: 'Type',
  connectionId: 'Connection',
  kind: 'Sync type',
  threshold: 'Threshold',
  windowMinutes: 'Window (minutes)',
  severity: 'Severity',
  recipients: 'E-mail recipients',
  inApp: 'In-app notification',
  enabled: 'Enabled',
};

export const SEVERITY_LABELS: Record<AlertSeverity, string> = { warning: 'Warning', critical: 'Critical' };

const UNIT_WORDS = {
  runs: 'failed runs in a row',
  share: 'percent',
  seconds: 'seconds',
  calls: 'throttled calls',
  minutes: 'minutes',
} as const;

const ONE_WORDS = {
  runs: 'failed run in a row',
  share: 'percent',
  seconds: 'second',
  calls: 'throttled call',
  minutes: 'minute',
} as const;

const isShare = (type: AlertType) => ALERT_TYPE_INFO[type].unit === 'share';
/** 0.25 → "25"; rounded so 0.07 does not show as 7.000000000000001. */
const percentOf = (share: number) => String(Math.round(share * 10000) / 100);

/** What the threshold is in words, for the field's hint: its unit and its range. */
export function thresholdHint(type: AlertType): string {
  const info = ALERT_TYPE_INFO[type];
  const range = isShare(type)
    ? `${percentOf(info.min)}–${percentOf(info.max)}%`
    : `${info.min}–${info.max.toLocaleString('en')} ${UNIT_WORDS[info.unit]}`;
  return `Fires when the figure reaches this: ${range}.`;
}

export const thresholdLabel = (type: AlertType) =>
  `${RULE_FIELD_LABELS.threshold} (${isShare(type) ? '%' : UNIT_WORDS[ALERT_TYPE_INFO[type].unit]})`;

/** A threshold or figure as the lists show it: a share as a percent, otherwise with the type's unit. */
export function formatFigure(type: AlertType, value: number | null): string {
  if (value === null) return '—';
  if (isShare(type)) return `${percentOf(value)}%`;
  const unit = ALERT_TYPE_INFO[type].unit;
  const shown = Math.floor(value * 100) / 100;
  return `${shown} ${shown === 1 ? ONE_WORDS[unit] : UNIT_WORDS[unit]}`;
}

export function emptyRuleValues(): RuleFormValues {
  return {
    name: '',
    type: 'sync_failures',
    connectionId: '',
    kind: '',
    threshold: '3',
    windowMinutes: '',
    severity: 'warning',
    recipients: '',
    inApp: true,
    enabled: true,
  };
}

export function ruleValuesFrom(rule: AlertRule): RuleFormValues {
  return {
    name: rule.name,
    type: rule.type,
    connectionId: rule.connectionId ?? '',
    kind: rule.kind ?? '',
    threshold: isShare(rule.type) ? percentOf(rule.threshold) : String(rule.threshold),
    windowMinutes: rule.windowMinutes === null ? '' : String(rule.windowMinutes),
    severity: rule.severity,
    recipients: rule.recipients.join('\n'),
    inApp: rule.inApp,
    enabled: rule.enabled,
  };
}

/** A typed number: blank is missing, anything else that is not a number stays NaN (the schema says so). */
const numberOf = (text: string) => (text.trim() === '' ? undefined : Number(text.trim()));

/** The request of the form; fields the type does not use are left out, as the server wants. */
export function ruleInputOf(values: RuleFormValues): Record<string, unknown> {
  const info = ALERT_TYPE_INFO[values.type];
  const threshold = numberOf(values.threshold);
  return {
    name: values.name,
    type: values.type,
    connectionId: values.connectionId || null,
    kind: info.byKind && values.kind ? values.kind : null,
    // divided, then rounded to the share's own precision: 7 % is 0.07, not 0.07000000000000001
    threshold: threshold !== undefined && isShare(values.type) ? Math.round((threshold / 100) * 1e6) / 1e6 : threshold,
    windowMinutes: info.windowed ? numberOf(values.windowMinutes) : null,
    severity: values.severity,
    recipients: values.recipients
      .split(/[\s,;]+/)
      .map((r) => r.trim())
      .filter(Boolean),
    inApp: values.inApp,
    enabled: values.enabled,
  };
}

const isField = (key: unknown): key is RuleField => typeof key === 'string' && key in RULE_FIELD_LABELS;

/**
 * A reason under its field: "is required" becomes "Name is required". A share's range is said in percent, as the
 * field is typed, rather than as the 0–1 the schema (and the server) speak of.
 */
function reasonOf(field: RuleField, type: AlertType, reason: string): string {
  const info = ALERT_TYPE_INFO[type];
  if (field === 'threshold' && isShare(type) && reason.startsWith('must be a share'))
    return `${RULE_FIELD_LABELS.threshold} must be a percent from ${percentOf(info.min)} to ${percentOf(info.max)}`;
  return `${RULE_FIELD_LABELS[field]} ${reason}`;
}

export type CheckedRule = { ok: true; data: AlertRuleInput } | { ok: false; errors: RuleErrors; other: string[] };

export function checkRule(values: RuleFormValues): CheckedRule {
  const result = alertRuleSchema.safeParse(ruleInputOf(values));
  if (result.success) return { ok: true, data: result.data };
  const errors: RuleErrors = {};
  const other: string[] = [];
  for (const issue of result.error.issues) {
    const field = issue.path[0];
    if (isField(field)) errors[field] ??= reasonOf(field, values.type, issue.message);
    else other.push(issue.message);
  }
  return { ok: false, errors, other };
}

interface ServerIssue {
  path?: unknown;
  message?: unknown;
}

/**
 * A 400 from the server carries `details.errors: [{ path, message: "field reason" }]`: each reason goes under its
 * field (an unknown connection, say). Null for any other error.
 */
export function serverRuleErrors(error: unknown, type: AlertType): { errors: RuleErrors; other: string[] } | null {
  if (statusOf(error) !== 400) return null;
  const details = detailsOf(error) as { errors?: ServerIssue[] } | undefined;
  const issues = Array.isArray(details?.errors) ? details.errors : [];
  if (issues.length === 0) return null;
  const errors: RuleErrors = {};
  const other: string[] = [];
  for (const issue of issues) {
    const path = Array.isArray(issue.path) ? issue.path.map(String) : [];
    const message = typeof issue.message === 'string' ? issue.message : 'is invalid';
    const field = path[0];
    if (isField(field)) {
      const prefix = `${path.join('.')} `;
      errors[field] ??= reasonOf(field, type, message.startsWith(prefix) ? message.slice(prefix.length) : message);
    } else other.push(message);
  }
  return { errors, other };
}
