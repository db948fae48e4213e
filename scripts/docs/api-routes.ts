/**
 * What the API reference says about each route of the plugin, keyed "<router> <METHOD> <path>" as the routes declare
 * them. Request schemas are the shared zod contracts (the same ones the controllers validate with); responses are
 * TypeScript interfaces in the contracts, so they are named and described in words. A route without an entry here
 * fails tests/docs/api-reference.test.ts.
 */
import type { z } from 'zod';
import * as alerts from '../../plugins/easycars/shared/contracts/alerts';
import * as audit from '../../plugins/easycars/shared/contracts/audit';
import * as conflicts from '../../plugins/easycars/shared/contracts/conflicts';
import * as connections from '../../plugins/easycars/shared/contracts/connections';
import * as dashboard from '../../plugins/easycars/shared/contracts/dashboard';
import * as monitoring from '../../plugins/easycars/shared/contracts/monitoring';
import * as notifications from '../../plugins/easycars/shared/contracts/notifications';
import * as reconciliation from '../../plugins/easycars/shared/contracts/reconciliation';
import * as retention from '../../plugins/easycars/shared/contracts/retention';
import * as settings from '../../plugins/easycars/shared/contracts/settings';
import * as sync from '../../plugins/easycars/shared/contracts/sync';
import { SYNC_DATA } from '../../plugins/easycars/server/src/content-api/sync-data';

export interface RouteDoc {
  summary: string;
  /** The contract group the route belongs to (the reference's sections). */
  tag: string;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Success status and what comes back: the contract's type name and a few words. */
  response: { status: number; type?: string; description: string; contentType?: string };
  /** Answers other than the route's permission refusals (401/403) and the 400 of its query/body schema. */
  errors?: Record<number, string>;
}

/**
 * What each path parameter names, keyed by the route's path up to the parameter: the reference describes every
 * parameter, and tests/docs/api-reference.test.ts fails on one without a description.
 */
export const PATH_PARAMETERS: Record<string, string> = {
  '/connections/:id': 'The id of the connection (as listed by GET /easycars/connections)',
  '/runs/:id': 'The id of the sync run (a whole number)',
  '/conflicts/:id': 'The id of the conflict (a whole number)',
  '/conflicts/resolve/:jobId': 'The id of the bulk resolution, as its start answered',
  '/reconciliations/:id': 'The id of the reconciliation report (a whole number)',
  '/discrepancies/actions/:jobId': 'The id of the background discrepancy action, as its start answered',
  '/alert-rules/:id': 'The id of the alert rule (a whole number)',
  '/alerts/:id': 'The id of the alert (a whole number)',
  '/:collection': `The sync data to read: ${Object.keys(SYNC_DATA).join(', ')}`,
};

const notFound = (what: string) => ({ 404: `no ${what} with this id` });
const badId = (what: string) => ({ 400: `the id is not a whole number ("x" is not a ${what} id)` });

export const ROUTE_DOCS: Record<string, RouteDoc> = {
  // connections
  'admin GET /connections': {
    tag: 'Connections',
    summary: 'List the EasyCars connections (credentials masked)',
    response: { status: 200, type: 'ListConnections.Response', description: '`data`: every connection; `meta.total`' },
  },
  'admin POST /connections': {
    tag: 'Connections',
    summary: 'Create a connection; the four credentials are encrypted and never returned',
    body: connections.createConnectionSchema,
    response: { status: 201, type: 'CreateConnection.Response', description: 'the new connection' },
    errors: { 400: 'a field is wrong, or the base URL is not allowed (see EASYCARS_ALLOWED_BASE_URLS)' },
  },
  'admin POST /connections/test': {
    tag: 'Connections',
    summary: 'Test credentials before saving them (both credential pairs)',
    body: connections.testConnectionSchema,
    response: {
      status: 200,
      type: 'TestConnection.Response',
      description:
        '`data.ok`, and on failure the `stage` that failed with a message (see [the messages](../troubleshooting-messages.md#test-connection))',
    },
  },
  'admin GET /connections/:id': {
    tag: 'Connections',
    summary: 'One connection',
    response: { status: 200, type: 'GetConnection.Response', description: 'the connection, credentials masked' },
    errors: notFound('connection'),
  },
  'admin PUT /connections/:id': {
    tag: 'Connections',
    summary: 'Change a connection; a blank secret keeps the stored one',
    body: connections.updateConnectionSchema,
    response: {
      status: 200,
      type: 'UpdateConnection.Response',
      description: 'the connection; `meta.warnings` say what the change means for data already synced',
    },
    errors: {
      ...notFound('connection'),
      400: 'a field is wrong, or a new address needs the credentials again (they are sealed for their address)',
    },
  },
  'admin DELETE /connections/:id': {
    tag: 'Connections',
    summary: 'Delete a connection',
    response: { status: 200, type: 'DeleteConnection.Response', description: '`data.id` of the deleted connection' },
    errors: notFound('connection'),
  },
  'admin POST /connections/:id/test': {
    tag: 'Connections',
    summary: 'Test a saved connection with its stored credentials',
    response: { status: 200, type: 'TestConnection.Response', description: 'as for an unsaved test' },
    errors: notFound('connection'),
  },

  // sync and history
  'admin POST /sync': {
    tag: 'Sync and history',
    summary: 'Queue a stock or lead sync of one connection (`force` passes the unlist safety stop)',
    body: sync.triggerSyncSchema,
    response: { status: 202, type: 'TriggerSync.Response', description: 'the queued run' },
    errors: {
      400: 'a field is wrong, or the connection is disabled',
      404: 'no connection with this id',
      409: 'a run of this connection and kind is already queued or running (`details.runId`)',
    },
  },
  'admin GET /runs': {
    tag: 'Sync and history',
    summary: 'The run history, filtered and paged',
    query: sync.listRunsQuerySchema,
    response: { status: 200, type: 'ListRuns.Response', description: 'runs, newest first, with `meta.pagination`' },
  },
  'admin GET /runs/export': {
    tag: 'Sync and history',
    summary: 'Download the filtered history with every run item (CSV or JSON)',
    query: sync.exportRunsQuerySchema,
    response: {
      status: 200,
      contentType: 'text/csv or application/json',
      description: 'a file `easycars-sync-history-<date>.<format>`, streamed',
    },
  },
  'admin GET /runs/:id': {
    tag: 'Sync and history',
    summary: 'One run with its error, stack and EasyCars call log',
    response: {
      status: 200,
      type: 'GetRun.Response',
      description: 'the run; customer details read "[hidden]" unless the admin may read leads',
    },
    errors: { ...badId('run'), ...notFound('sync run') },
  },
  'admin GET /runs/:id/items': {
    tag: 'Sync and history',
    summary: 'The records a run touched, with before and after',
    query: sync.listItemsQuerySchema,
    response: { status: 200, type: 'ListRunItems.Response', description: 'items with `meta.pagination`' },
    errors: { ...badId('run'), ...notFound('sync run') },
  },
  'admin GET /runs/:id/export': {
    tag: 'Sync and history',
    summary: 'Download one run with its items (CSV or JSON)',
    query: sync.exportRunQuerySchema,
    response: {
      status: 200,
      contentType: 'text/csv or application/json',
      description: 'a file `easycars-run-<id>-<date>.<format>`',
    },
    errors: { ...badId('run'), ...notFound('sync run') },
  },

  // retention
  'admin GET /maintenance/retention': {
    tag: 'Retention',
    summary: 'The clean-up policy and the last clean-up',
    response: { status: 200, type: 'GetRetention.Response', description: '`data.policy`, `data.lastCleanup`' },
  },
  'admin POST /maintenance/retention': {
    tag: 'Retention',
    summary: 'Clean up old runs now (takes no options)',
    body: retention.runCleanupSchema,
    response: { status: 200, type: 'RunCleanup.Response', description: 'what the clean-up deleted (and archived)' },
    errors: {
      409: 'a clean-up is already running on this or another instance',
      500: 'the clean-up failed part way; `data` says what it had done, the message what to fix',
    },
  },

  // conflicts, audit, settings, notifications
  'admin GET /conflicts': {
    tag: 'Conflicts',
    summary: 'The conflict inbox, filtered and paged',
    query: conflicts.listConflictsQuerySchema,
    response: {
      status: 200,
      type: 'ListConflicts.Response',
      description: 'conflicts with `meta.pagination` and `meta.openCount`',
    },
  },
  'admin GET /conflicts/:id': {
    tag: 'Conflicts',
    summary: 'One conflict, field by field with local, EasyCars and base values',
    response: { status: 200, type: 'GetConflict.Response', description: 'the conflict and its field rows' },
    errors: { ...badId('conflict'), ...notFound('conflict') },
  },
  'admin POST /conflicts/:id/preview': {
    tag: 'Conflicts',
    summary: 'What a resolution would write, without writing it',
    body: conflicts.resolveConflictSchema,
    response: { status: 200, type: 'PreviewConflict.Response', description: 'the record after, and each change' },
    errors: {
      ...notFound('conflict'),
      400: 'a field is wrong, or a manual value does not fit the field',
      409: 'the conflict is closed already, or its local record was deleted',
    },
  },
  'admin POST /conflicts/:id/resolve': {
    tag: 'Conflicts',
    summary: 'Resolve one conflict (Use Local, Use EasyCars, Merge or Manual Edit); audited',
    body: conflicts.resolveConflictSchema,
    response: {
      status: 200,
      type: 'ResolveConflict.Response',
      description: 'the closed conflict, with the applied preview and the audit entry id',
    },
    errors: {
      ...notFound('conflict'),
      400: 'a field is wrong, or a manual value does not fit the field',
      409: 'the conflict is closed already, or its local record was deleted',
      502: 'EasyCars refused the lead change; nothing was written',
    },
  },
  'admin POST /conflicts/resolve': {
    tag: 'Conflicts',
    summary: 'Resolve many conflicts in the background, by ids or by filters',
    body: conflicts.bulkResolveSchema,
    response: { status: 202, type: 'BulkResolve.Response', description: 'the queued bulk resolution' },
  },
  'admin GET /conflicts/resolve/:jobId': {
    tag: 'Conflicts',
    summary: 'How a bulk resolution is going; each outcome once finished',
    response: { status: 200, type: 'GetBulkResolveJob.Response', description: 'the job with its progress' },
    errors: { ...badId('bulk resolution'), 404: 'no bulk resolution with this id' },
  },
  'admin GET /audit': {
    tag: 'Audit log',
    summary: 'Audit entries by date, action and user, as JSON pages or one CSV file',
    query: audit.listAuditQuerySchema,
    response: {
      status: 200,
      type: 'ListAudit.Response',
      description: 'entries with `meta.pagination`; with `format=csv` a file `easycars-audit-<date>.csv`',
    },
  },
  'admin GET /settings': {
    tag: 'Settings',
    summary: 'Conflict strategies, notification recipients and the support contacts',
    response: {
      status: 200,
      type: 'GetSettings.Response',
      description: 'the settings; `meta.fields` the fields a strategy may name, `meta.configStrategy` the default',
    },
  },
  'admin PUT /settings': {
    tag: 'Settings',
    summary: 'Change the settings (a key left out keeps its value); audited',
    body: settings.updateSettingsSchema,
    response: { status: 200, type: 'UpdateSettings.Response', description: 'the settings after the change' },
    errors: { 400: 'a field is wrong, or a field strategy names a field that does not exist' },
  },
  'admin GET /support': {
    tag: 'Settings',
    summary:
      "The support contacts (the dealership's technical support and its EasyCars contact) for the Help & support panel",
    response: {
      status: 200,
      type: 'GetSupport.Response',
      description: '`data`: `{ internal, easycars }`, each a contact or null until an administrator enters it',
    },
  },
  'admin GET /notifications': {
    tag: 'Notifications',
    summary: 'In-app notifications with the unread count',
    query: notifications.listNotificationsQuerySchema,
    response: {
      status: 200,
      type: 'ListNotifications.Response',
      description: 'notifications, newest first, `meta.unread`',
    },
  },
  'admin POST /notifications/read': {
    tag: 'Notifications',
    summary: 'Mark notifications read (all when `ids` is left out)',
    body: notifications.markReadSchema,
    response: {
      status: 200,
      type: 'MarkNotificationsRead.Response',
      description: '`data.marked`: how many were unread',
    },
  },

  // dashboard
  'admin GET /dashboard': {
    tag: 'Dashboard',
    summary: 'Everything the dashboard and the Home page widget show (takes no parameter)',
    query: dashboard.dashboardQuerySchema,
    response: {
      status: 200,
      type: 'GetDashboard.Response',
      description: 'status cards, the 30-day trend, quick stats and alerts',
    },
  },

  // reconciliation
  'admin POST /reconciliations': {
    tag: 'Reconciliation',
    summary: 'Queue a reconciliation of one connection',
    body: reconciliation.startReconciliationSchema,
    response: { status: 202, type: 'StartReconciliation.Response', description: 'the queued report' },
    errors: {
      400: 'a field is wrong, or the connection is disabled',
      404: 'no connection with this id',
      409: 'a reconciliation of this connection is queued or running (`details.runId`)',
    },
  },
  'admin GET /reconciliations': {
    tag: 'Reconciliation',
    summary: 'Reconciliation reports, newest first',
    query: reconciliation.listReconciliationsQuerySchema,
    response: { status: 200, type: 'ListReconciliations.Response', description: 'reports with `meta.pagination`' },
  },
  'admin GET /reconciliations/:id': {
    tag: 'Reconciliation',
    summary: 'One report with its counts and lead walk',
    response: { status: 200, type: 'GetReconciliation.Response', description: 'the report' },
    errors: { ...badId('reconciliation'), ...notFound('reconciliation') },
  },
  'admin GET /reconciliations/:id/discrepancies': {
    tag: 'Reconciliation',
    summary: "A report's discrepancies, filtered and paged",
    query: reconciliation.listDiscrepanciesQuerySchema,
    response: {
      status: 200,
      type: 'ListDiscrepancies.Response',
      description: 'discrepancies with their fields and latest outcome',
    },
    errors: { ...badId('reconciliation'), ...notFound('reconciliation') },
  },
  'admin GET /reconciliations/:id/export': {
    tag: 'Reconciliation',
    summary: 'Download a report (CSV or PDF)',
    query: reconciliation.exportReconciliationQuerySchema,
    response: {
      status: 200,
      contentType: 'text/csv or application/pdf',
      description: 'a file `easycars-reconciliation-<id>.<format>`',
    },
    errors: { ...badId('reconciliation'), ...notFound('reconciliation') },
  },
  'admin POST /discrepancies/actions': {
    tag: 'Reconciliation',
    summary: 'Sync from EasyCars (pull), Push to EasyCars (leads) or Ignore, on ids or a filter; audited',
    body: reconciliation.discrepancyActionSchema,
    response: {
      status: 200,
      type: 'DiscrepancyActions.Response',
      description:
        'one outcome per discrepancy (done, failed, refused) with counts in `meta`; with `background: true` a 202 and the job (`DiscrepancyActionJobs.Accepted`)',
    },
  },
  'admin GET /discrepancies/actions/:jobId': {
    tag: 'Reconciliation',
    summary: 'How a background action is going; each outcome once finished',
    response: { status: 200, type: 'DiscrepancyActionJobs.Response', description: 'the job with its progress' },
    errors: { ...badId('action job'), 404: 'no discrepancy action with this id' },
  },

  // alerts
  'admin GET /alert-rules': {
    tag: 'Alerts',
    summary: 'Alert rules with their current state',
    response: { status: 200, type: 'ListAlertRules.Response', description: 'every rule' },
  },
  'admin POST /alert-rules': {
    tag: 'Alerts',
    summary: 'Create an alert rule; audited',
    body: alerts.alertRuleSchema,
    response: { status: 201, type: 'CreateAlertRule.Response', description: 'the new rule' },
    errors: { 400: 'a field is wrong (the threshold and window are checked per rule type), or no such connection' },
  },
  'admin PUT /alert-rules/:id': {
    tag: 'Alerts',
    summary: 'Replace an alert rule; audited',
    body: alerts.alertRuleSchema,
    response: { status: 200, type: 'UpdateAlertRule.Response', description: 'the rule after the change' },
    errors: { ...badId('alert rule'), 404: 'no alert rule with this id' },
  },
  'admin DELETE /alert-rules/:id': {
    tag: 'Alerts',
    summary: 'Delete an alert rule (a firing alert of it is closed); audited',
    response: { status: 200, type: 'DeleteAlertRule.Response', description: '`data.id` of the deleted rule' },
    errors: { ...badId('alert rule'), 404: 'no alert rule with this id' },
  },
  'admin GET /alerts': {
    tag: 'Alerts',
    summary: 'Alerts (events of the rules), filtered and paged',
    query: alerts.listAlertsQuerySchema,
    response: { status: 200, type: 'ListAlerts.Response', description: 'alerts, newest first, `meta.pagination`' },
  },
  'admin POST /alerts/:id/acknowledge': {
    tag: 'Alerts',
    summary: 'Acknowledge an alert; audited',
    response: { status: 200, type: 'AcknowledgeAlert.Response', description: 'the alert, acknowledged' },
    errors: { ...badId('alert'), 404: 'no alert with this id' },
  },

  // monitoring
  'admin GET /metrics': {
    tag: 'Monitoring',
    summary: "The performance page's metric series (default: the last 24 hours, every series)",
    query: monitoring.metricsQuerySchema,
    response: { status: 200, type: 'MetricsResponse', description: 'points per series, with the resolution used' },
  },
  'admin GET /operations': {
    tag: 'Monitoring',
    summary: 'What runs now, queue depth and resource use (takes no parameter)',
    query: monitoring.operationsQuerySchema,
    response: { status: 200, type: 'OperationsResponse', description: 'operations, queues and processes' },
  },
  'content-api GET /admin/easycars/health': {
    tag: 'Monitoring',
    summary: 'Health check for an uptime monitor (never calls EasyCars)',
    response: {
      status: 200,
      type: 'HealthResponse',
      description: '`status` ok or degraded with each check; 503 with the same body when down',
    },
    errors: { 503: 'down: the database or the encryption key is unusable' },
  },
  'content-api GET /metrics': {
    tag: 'Monitoring',
    summary: 'Prometheus metrics',
    response: { status: 200, contentType: 'text/plain; version=0.0.4', description: 'the Prometheus text format' },
  },

  // content API
  'content-api GET /:collection': {
    tag: 'Content API',
    summary:
      'Sync data for API tokens: `sync-runs`, `sync-items`, `conflicts`, `reconciliations` or `discrepancies`, with Strapi REST query parameters',
    response: {
      status: 200,
      description:
        "`data`: the collection's entries, sanitized like a core REST route (call logs, stacks, admin e-mails and customer details never included); `meta.pagination`",
    },
    errors: { 400: 'a query parameter Strapi refuses (unknown filter or field)', 404: 'no such collection' },
  },
};
