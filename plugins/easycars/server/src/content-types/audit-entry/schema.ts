/** Content type schema of the audit log; its action list is the contract's, so server, admin and database agree. */
import { AUDIT_ACTIONS } from '../../../../shared/contracts/audit';
import { SYNC_ENTITIES } from '../../../../shared/contracts/sync';
import { PLUGIN_MODEL } from '../plugin-model';

export default {
  kind: 'collectionType',
  collectionName: 'easycars_audit_entries',
  info: {
    singularName: 'audit-entry',
    pluralName: 'audit-entries',
    displayName: 'EasyCars audit entry',
    description: 'Who did what to which record, with each field before and after',
  },
  ...PLUGIN_MODEL,
  attributes: {
    action: { type: 'enumeration', enum: [...AUDIT_ACTIONS], required: true },
    userId: { type: 'integer' },
    userName: { type: 'string' },
    at: { type: 'datetime', required: true },
    conflictId: { type: 'integer' },
    connectionId: { type: 'string' },
    entity: { type: 'enumeration', enum: [...SYNC_ENTITIES] },
    externalKey: { type: 'string' },
    localId: { type: 'string' },
    strategy: { type: 'string' },
    changes: { type: 'json' },
  },
  indexes: [
    { name: 'easycars_audit_at', columns: ['at'] },
    { name: 'easycars_audit_user', columns: ['user_id', 'at'] },
  ],
};
