/** How the dashboard says things: card states in words and colours, schedules, times. */
import type { CardSchedule, CardState, DashboardCard } from '../../../../shared/contracts/dashboard';
import type { DefaultTheme } from 'styled-components';
import type { SyncKind } from '../../../../shared/contracts/sync';

export const KIND_TITLES: Record<SyncKind, string> = { stock: 'Stock sync', lead: 'Lead sync' };
export const ACTION_LABELS: Record<SyncKind, string> = { stock: 'Sync Stock Now', lead: 'Sync Leads Now' };

export const CARD_STATE_LABELS: Record<CardState, string> = {
  running: 'Running',
  queued: 'Queued',
  succeeded: 'Succeeded',
  partial: 'Partial',
  failed: 'Failed',
  interrupted: 'Interrupted',
  stale: 'Stale',
  'never-run': 'Never run',
};

type Variant = 'neutral' | 'primary' | 'secondary' | 'alternative' | 'success' | 'warning' | 'danger';

/** One colour per state: green went through, orange partly, red failed, purple late, blue in progress, grey idle. */
export const CARD_STATE_VARIANTS: Record<CardState, Variant> = {
  running: 'primary',
  queued: 'secondary',
  succeeded: 'success',
  partial: 'warning',
  failed: 'danger',
  interrupted: 'danger',
  stale: 'alternative',
  'never-run': 'neutral',
};

/** The theme colour of each variant's accent, for the card's edge. */
export const VARIANT_COLOURS: Record<Variant, keyof DefaultTheme['colors']> = {
  neutral: 'neutral300',
  primary: 'primary600',
  secondary: 'secondary500',
  alternative: 'alternative500',
  success: 'success500',
  warning: 'warning500',
  danger: 'danger600',
};

/** Worst news first: what the Home page widget shows when several connections sync the same kind. */
const SEVERITY: CardState[] = [
  'failed',
  'interrupted',
  'stale',
  'partial',
  'never-run',
  'queued',
  'running',
  'succeeded',
];
export const worstCard = (cards: DashboardCard[]) =>
  [...cards].sort((a, b) => SEVERITY.indexOf(a.state) - SEVERITY.indexOf(b.state))[0];

/** "Running 40%", "Failed", "Never run". */
export function stateLabel(card: Pick<DashboardCard, 'state' | 'activeRun'>): string {
  const progress = card.activeRun?.progress;
  if (card.state === 'running' && progress !== null && progress !== undefined) {
    return `Running ${Math.round(progress)}%`;
  }
  return CARD_STATE_LABELS[card.state];
}

/** "Tue 1 Dec, 10:30 (Australia/Sydney)": the server's time zone, said, since the schedule runs in it. */
export function nextSyncLine(schedule: CardSchedule): string {
  if (!schedule.next) return schedule.offReason ?? 'Not scheduled';
  const when = new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: schedule.timeZone,
  }).format(new Date(schedule.next));
  return `${when} (${schedule.timeZone})`;
}

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago". */
export function timeAgo(iso: string | null, now: number): string {
  if (!iso) return 'never';
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 45) return 'just now';
  const [value, unit] =
    seconds < 90 * 60
      ? [Math.max(1, Math.round(seconds / 60)), 'minute']
      : seconds < 36 * 3600
        ? [Math.round(seconds / 3600), 'hour']
        : [Math.round(seconds / 86400), 'day'];
  return `${value} ${unit}${value === 1 ? '' : 's'} ago`;
}
