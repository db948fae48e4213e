/**
 * Content type schema of ignored discrepancies: a record whose difference an administrator chose to ignore, with
 * the fingerprint of the values then. Later reconciliations count a discrepancy of the same record with the same
 * fingerprint as ignored instead of listing it; once the values change, it is listed again.
 */
import { DISCREPANCY_CATEGORIES, DISCREPANCY_ENTITIES } from '../../../../shared/contracts/reconciliation';
import { PLUGIN_MODEL } from '../plugin-model';

export default {
  kind: 'collectionType',
  collectionName: 'easycars_reconciliation_ignores',
  info: {
    singularName: 'reconciliation-ignore',
    pluralName: 'reconciliation-ignores',
    displayName: 'EasyCars ignored discrepancy',
    description: 'A discrepancy muted until its values change',
  },
  ...PLUGIN_MODEL,
  attributes: {
    connectionId: { type: 'string', required: true },
    entity: { type: 'enumeration', enum: [...DISCREPANCY_ENTITIES], required: true },
    category: { type: 'enumeration', enum: [...DISCREPANCY_CATEGORIES], required: true },
    /** The record: the EasyCars key, or the local document of a lead never pushed. */
    recordKey: { type: 'string', required: true },
    fingerprint: { type: 'string', required: true },
    reason: { type: 'text' },
    discrepancyId: { type: 'integer' },
    ignoredById: { type: 'integer', private: true },
    ignoredByName: { type: 'string', private: true },
  },
  indexes: [
    {
      name: 'easycars_reconciliation_ignores_record',
      columns: ['connection_id', 'entity', 'record_key'],
    },
  ],
};
