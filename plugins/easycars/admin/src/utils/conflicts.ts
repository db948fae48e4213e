/** Words the conflict pages use for strategies, resolutions and values. */
import type { ConflictResolution, ConflictStrategy, ResolveStrategy } from '../../../shared/contracts/conflicts';

export const STRATEGY_LABELS: Record<ConflictStrategy, string> = {
  'easycars-wins': 'EasyCars wins',
  'local-wins': 'Local wins',
  'newest-wins': 'Newest wins',
  manual: 'Manual review',
};

export const RESOLVE_LABELS: Record<ResolveStrategy, string> = {
  local: 'Use Local',
  easycars: 'Use EasyCars',
  merge: 'Merge',
  manual: 'Manual Edit',
};

export const RESOLUTION_LABELS: Record<ConflictResolution, string> = {
  local: 'Local value kept',
  easycars: 'EasyCars value taken',
  merge: 'Merged',
  manual: 'Edited by hand',
  sync: 'Resolved by sync',
  automatic: 'Settled by the strategy',
};

/** A field value as one line of text: "—" for none, JSON for lists and objects. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Age of a conflict in words, e.g. "3 days". */
export function ageOf(iso: string, now = Date.now()): string {
  const hours = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 3_600_000));
  if (hours < 1) return 'under an hour';
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'}`;
  return `${Math.floor(hours / 24)} days`;
}

/**
 * A value typed in Manual Edit, read as the field's type: the type of the value either side holds (a price is a
 * number); the server checks it again against the content type.
 */
export function typedValue(text: string, like: unknown): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (typeof like === 'number') return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
  if (typeof like === 'boolean') return trimmed === 'true' ? true : trimmed === 'false' ? false : trimmed;
  return trimmed;
}
