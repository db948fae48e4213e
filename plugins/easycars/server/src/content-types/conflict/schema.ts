/** Content type schema; its enumerations are the contracts' lists, so server, admin and database agree. */
import {
  CONFLICT_RESOLUTIONS,
  CONFLICT_SIDES,
  CONFLICT_STATUSES,
  CONFLICT_STRATEGIES,
} from '../../../../shared/contracts/conflicts';
import { PLUGIN_MODEL, RECORD_IDENTITY } from '../plugin-model';

export default {
  kind: 'collectionType',
  collectionName: 'easycars_conflicts',
  info: {
    singularName: 'conflict',
    pluralName: 'conflicts',
    displayName: 'EasyCars conflict',
    description: 'A field changed both locally and in EasyCars since the last sync',
  },
  ...PLUGIN_MODEL,
  attributes: {
    ...RECORD_IDENTITY,
    runId: {
      type: 'integer',
    },
    fields: {
      type: 'json',
    },
    base: {
      type: 'json',
    },
    local: {
      type: 'json',
    },
    remote: {
      type: 'json',
    },
    status: {
      type: 'enumeration',
      enum: [...CONFLICT_STATUSES],
      default: 'open',
      required: true,
    },
    strategy: {
      type: 'enumeration',
      enum: [...CONFLICT_STRATEGIES],
      required: true,
    },
    appliedValue: {
      type: 'enumeration',
      enum: [...CONFLICT_SIDES],
    },
    resolvedBy: {
      type: 'string',
      private: true,
    },
    resolvedAt: {
      type: 'datetime',
    },
    /** How it was closed: an administrator's choice, the sync finding both sides equal, or the strategy. */
    resolution: {
      type: 'enumeration',
      enum: [...CONFLICT_RESOLUTIONS],
    },
    resolvedById: {
      type: 'integer',
      private: true,
    },
    resolvedByName: {
      type: 'string',
      private: true,
    },
    /** When the sync first saw EasyCars' current value (EasyCars sends no modified time). */
    remoteSeenAt: {
      type: 'datetime',
    },
  },
  indexes: [
    {
      name: 'easycars_conflicts_status',
      columns: ['status', 'connection_id'],
    },
    {
      name: 'easycars_conflicts_key',
      columns: ['connection_id', 'external_key'],
    },
  ],
};
