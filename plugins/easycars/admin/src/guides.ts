/**
 * The guide section of each admin page: the Help & support panel links there (from the documentation address set
 * under Settings → Help & support), or names the file when no address is set. Paths are the plugin's routes.
 */
export interface Guide {
  title: string;
  /** A page of docs/, with its section. */
  doc: string;
}

const GUIDES: Array<[pattern: RegExp, guide: Guide]> = [
  [/^runs\/\d+/, { title: 'A run in the Sync History', doc: 'admin-history.md#a-runs-page' }],
  [/^runs/, { title: 'Sync History', doc: 'admin-history.md' }],
  [/^conflicts/, { title: 'Conflicts', doc: 'admin-conflicts.md' }],
  [/^audit/, { title: 'Audit log', doc: 'admin-conflicts.md#the-audit-log' }],
  [/^notifications/, { title: 'Notifications', doc: 'admin-conflicts.md#notifications' }],
  [/^reconciliations/, { title: 'Data reconciliation', doc: 'admin-reconciliation.md' }],
  [/^performance/, { title: 'Performance', doc: 'monitoring.md#in-the-admin' }],
  [/^alerts/, { title: 'Alerts', doc: 'alerts.md' }],
  [/^settings\/connections/, { title: 'Connections', doc: 'admin-connections.md' }],
  [/^settings\/retention/, { title: 'Data retention', doc: 'admin-retention.md' }],
  [/^settings\/conflicts/, { title: 'Conflict strategies', doc: 'admin-conflicts.md' }],
  [/^settings\/alerts/, { title: 'Alert rules', doc: 'alerts.md' }],
  [/^settings\/support/, { title: 'Help & support', doc: 'support.md' }],
  [/^$/, { title: 'Dashboard', doc: 'admin-dashboard.md' }],
];

/** The guide of the page at `path` (below /plugins/easycars/), or the user guide for a page not listed. */
export function guideOf(path: string): Guide {
  const route = path.replace(/^\/?(admin\/)?plugins\/easycars\/?/, '').replace(/^\//, '');
  return GUIDES.find(([pattern]) => pattern.test(route))?.[1] ?? { title: 'User guide', doc: 'user-guide.md' };
}

/** The guide's address from the documentation address (the docs/ folder online), or null without one. */
export function guideUrl(documentationUrl: string | null, guide: Guide): string | null {
  return documentationUrl ? `${documentationUrl.replace(/\/+$/, '')}/${guide.doc}` : null;
}
