/** Content type schema; its enumerations are the contracts' lists, so server, admin and database agree. */
import { ITEM_ACTIONS, SYNC_ENTITIES } from '../../../../shared/contracts/sync';
import { PLUGIN_MODEL } from '../plugin-model';

export default {
  kind: 'collectionType',
  collectionName: 'easycars_sync_items',
  info: {
    singularName: 'sync-item',
    pluralName: 'sync-items',
    displayName: 'EasyCars sync item',
    description: 'One record a sync run touched, with its before and after',
  },
  ...PLUGIN_MODEL,
  attributes: {
    runId: {
      type: 'integer',
      required: true,
    },
    connectionId: {
      type: 'string',
    },
    entity: {
      type: 'enumeration',
      enum: [...SYNC_ENTITIES],
      required: true,
    },
    externalKey: {
      type: 'string',
    },
    localId: {
      type: 'string',
    },
    /** What a person knows the record by: a vehicle's stock number, a lead's lead number (the history's search). */
    recordNumber: {
      type: 'string',
    },
    action: {
      type: 'enumeration',
      enum: [...ITEM_ACTIONS],
      required: true,
    },
    before: {
      type: 'json',
    },
    after: {
      type: 'json',
    },
    changedFields: {
      type: 'json',
    },
    error: {
      type: 'text',
    },
  },
  indexes: [
    {
      name: 'easycars_items_run_action',
      columns: ['run_id', 'action'],
    },
    {
      name: 'easycars_items_connection_key',
      columns: ['connection_id', 'external_key'],
    },
    // a run's items in order, for any page (the id is in the index so PostgreSQL reads no other row)
    {
      name: 'easycars_items_run_id',
      columns: ['run_id', 'id'],
    },
    // the runs that touched one record, by its number or by the local document (see history/record-search.ts)
    {
      name: 'easycars_items_record_run',
      columns: ['record_number', 'run_id'],
    },
    {
      name: 'easycars_items_local_run',
      columns: ['local_id', 'run_id'],
    },
  ],
};
