/**
 * What the audit log says of a connection saved or deleted: its settings before and after, and of its credentials
 * only that they were entered; their values, even masked, never reach the log.
 */
import type { AuditChange } from '../../../shared/contracts/audit';
import type { Connection } from '../../../shared/contracts/connections';

const SETTINGS = [
  'name',
  'environment',
  'baseUrl',
  'yardCode',
  'enabled',
  'stockSchedule',
  'leadSchedule',
  'reconciliationSchedule',
] as const;

/** A credential the administrator entered: it changed, from and to values the log does not keep. */
export const CREDENTIAL_BEFORE = '(secret, not recorded)';
export const CREDENTIAL_CHANGED = 'changed';

/**
 * The settings that differ between `before` and `after` (null: not there yet, or no longer), then the credentials
 * entered with the change.
 */
export function connectionChanges(
  before: Connection | null,
  after: Connection | null,
  credentialsEntered: readonly string[] = []
): AuditChange[] {
  const changes: AuditChange[] = [];
  for (const field of SETTINGS) {
    const was = before ? before[field] : null;
    const is = after ? after[field] : null;
    if (was !== is) changes.push({ field, before: was, after: is });
  }
  for (const field of credentialsEntered) changes.push({ field, before: CREDENTIAL_BEFORE, after: CREDENTIAL_CHANGED });
  return changes;
}
