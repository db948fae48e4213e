/** Content type schema; its enumerations are the contracts' lists, so server, admin and database agree. */
import { RUN_KINDS, RUN_STATUSES, SYNC_DIRECTIONS, SYNC_TRIGGERS } from '../../../../shared/contracts/sync';
import { PLUGIN_MODEL } from '../plugin-model';

export default {
  kind: 'collectionType',
  collectionName: 'easycars_sync_runs',
  info: {
    singularName: 'sync-run',
    pluralName: 'sync-runs',
    displayName: 'EasyCars sync run',
    description: 'One execution of a stock or lead sync',
  },
  ...PLUGIN_MODEL,
  attributes: {
    connectionId: {
      type: 'string',
      required: true,
    },
    connectionName: {
      type: 'string',
    },
    kind: {
      type: 'enumeration',
      enum: [...RUN_KINDS],
      required: true,
    },
    direction: {
      type: 'enumeration',
      enum: [...SYNC_DIRECTIONS],
      required: true,
    },
    trigger: {
      type: 'enumeration',
      enum: [...SYNC_TRIGGERS],
      required: true,
    },
    triggeredBy: {
      type: 'string',
      private: true,
    },
    status: {
      type: 'enumeration',
      enum: [...RUN_STATUSES],
      default: 'queued',
      required: true,
    },
    force: {
      type: 'boolean',
      default: false,
    },
    queuedAt: {
      type: 'datetime',
    },
    startedAt: {
      type: 'datetime',
    },
    finishedAt: {
      type: 'datetime',
    },
    durationMs: {
      type: 'integer',
    },
    progress: {
      type: 'integer',
    },
    progressMessage: {
      type: 'string',
    },
    fetchedCount: {
      type: 'integer',
      default: 0,
    },
    createdCount: {
      type: 'integer',
      default: 0,
    },
    updatedCount: {
      type: 'integer',
      default: 0,
    },
    unchangedCount: {
      type: 'integer',
      default: 0,
    },
    unlistedCount: {
      type: 'integer',
      default: 0,
    },
    relistedCount: {
      type: 'integer',
      default: 0,
    },
    failedCount: {
      type: 'integer',
      default: 0,
    },
    conflictCount: {
      type: 'integer',
      default: 0,
    },
    warnings: {
      type: 'json',
    },
    errorMessage: {
      type: 'text',
    },
    errorStack: {
      type: 'text',
      private: true,
    },
    apiCalls: {
      type: 'json',
      private: true,
    },
    feedHash: {
      type: 'string',
    },
  },
  indexes: [
    {
      name: 'easycars_runs_connection_kind_status',
      columns: ['connection_id', 'kind', 'status'],
    },
    {
      name: 'easycars_runs_started_at',
      columns: ['started_at'],
    },
    {
      name: 'easycars_runs_status',
      columns: ['status'],
    },
    // the history's date range (on when a run was queued), alone and with each filter that narrows it most
    {
      name: 'easycars_runs_queued_at',
      columns: ['queued_at'],
    },
    {
      name: 'easycars_runs_status_queued_at',
      columns: ['status', 'queued_at'],
    },
    {
      name: 'easycars_runs_kind_queued_at',
      columns: ['kind', 'queued_at'],
    },
    {
      name: 'easycars_runs_connection_queued_at',
      columns: ['connection_id', 'queued_at'],
    },
  ],
};
