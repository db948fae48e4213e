/** Content type schema; its enumerations are the contracts' lists, so server, admin and database agree. */
import { PLUGIN_MODEL, RECORD_IDENTITY } from '../plugin-model';

export default {
  kind: 'collectionType',
  collectionName: 'easycars_record_states',
  info: {
    singularName: 'record-state',
    pluralName: 'record-states',
    displayName: 'EasyCars record state',
    description: 'Identity map: per (connection, entity, external key) the local record and the last synced snapshot',
  },
  ...PLUGIN_MODEL,
  attributes: {
    ...RECORD_IDENTITY,
    remoteSnapshot: {
      type: 'json',
    },
    remoteHash: {
      type: 'string',
    },
    /** Digest of the EasyCars item's text as last synced (vehicles): the same bytes need not be read again. */
    remoteDigest: {
      type: 'string',
    },
    localHash: {
      type: 'string',
    },
    firstSeenAt: {
      type: 'datetime',
    },
    lastSeenAt: {
      type: 'datetime',
    },
    vanishedSince: {
      type: 'datetime',
    },
    lastRunId: {
      type: 'integer',
    },
  },
  indexes: [
    {
      name: 'easycars_states_identity',
      columns: ['connection_id', 'entity', 'external_key'],
      type: 'unique',
    },
  ],
};
