/**
 * The words of an alert notice (firing or recovered) and the admin page it points to. The same text goes in the
 * admin and in the e-mail (plain text, and HTML for mail readers). Nothing in it names a customer.
 */
import { ALERT_TYPE_INFO, type AlertSeverity, type AlertType } from '../../../shared/contracts/alerts';
import { ADMIN_PATHS } from '../../../shared/contracts/dashboard';
import { formatValue, type Figure } from './evaluate';

export interface AlertNoticeInput {
  ruleName: string;
  type: AlertType;
  severity: AlertSeverity;
  threshold: number;
  value: number | null;
  summary: string;
  /** When the condition started (firing), or when the alert fired (recovery). */
  since: string | null;
  firedAt: string;
  /** When it recovered; set for a recovery notice. */
  recoveredAt?: string;
  /** The full address of the page to look at. */
  url: string;
}

export interface AlertNotice {
  title: string;
  text: string;
  html: string;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** "2026-12-01 20:31:05 UTC": the same for every reader, whatever their time zone. */
export const formatTime = (iso: string) => `${iso.slice(0, 19).replace('T', ' ')} UTC`;

function lasted(fromIso: string, toIso: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
  if (minutes < 1) return 'less than a minute';
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `${Math.round(minutes / 60)} hours`;
}

/** The page of the admin that explains a figure, as a path under the admin (see ADMIN_PATHS). */
export function linkOf(type: AlertType, figure: Figure | null): string {
  const params = new URLSearchParams();
  if (figure?.connectionId) params.set('connectionId', figure.connectionId);
  if (figure?.kind) params.set('kind', figure.kind);
  const runs = (status?: string) => {
    if (status) params.set('status', status);
    const query = params.toString();
    return query ? `${ADMIN_PATHS.runs}?${query}` : ADMIN_PATHS.runs;
  };
  switch (type) {
    case 'sync_failures':
    case 'failure_rate':
      return runs('failed');
    case 'sync_duration':
    case 'api_error_rate':
    case 'api_throttled':
      // the run whose duration or call log shows it
      return figure?.runId ? ADMIN_PATHS.run(figure.runId) : runs();
    case 'stale':
      return ADMIN_PATHS.dashboard;
    case 'lead_sla':
      return ADMIN_PATHS.leads(figure?.pushStatus ?? 'pending', figure?.connectionId ?? undefined);
    case 'queue_backlog':
      return runs('queued');
  }
}

export function alertNotice(input: AlertNoticeInput): AlertNotice {
  const recovered = Boolean(input.recoveredAt);
  const label = ALERT_TYPE_INFO[input.type].label;
  const title = recovered
    ? `Recovered: ${input.ruleName}`
    : `${input.severity === 'critical' ? 'Critical' : 'Warning'}: ${input.ruleName}`;
  const figure = input.value === null ? 'nothing to measure' : formatValue(input.type, input.value);
  const lines = [
    recovered
      ? `The alert "${input.ruleName}" (${label}, ${input.severity}) has recovered: ${input.summary}.`
      : `The alert "${input.ruleName}" (${label}, ${input.severity}) fired: ${input.summary}.`,
    `Figure: ${figure}, threshold ${formatValue(input.type, input.threshold)}.`,
    recovered
      ? `It fired at ${formatTime(input.firedAt)} and lasted ${lasted(input.firedAt, input.recoveredAt!)}.`
      : `Since: ${formatTime(input.since ?? input.firedAt)}.`,
  ];
  const look = recovered ? 'See the details' : 'Look here';
  const text = [...lines, '', `${look}: ${input.url}`].join('\n');
  const html = [
    ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    `<p><a href="${escapeHtml(input.url)}">${look}</a></p>`,
  ].join('\n');
  return { title, text, html };
}
