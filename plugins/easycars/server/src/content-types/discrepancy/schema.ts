/**
 * Content type schema of discrepancies: one record on which the site and EasyCars disagree, in one reconciliation,
 * with both values of every differing field and what an administrator did about it.
 */
import {
  DISCREPANCY_CATEGORIES,
  DISCREPANCY_ENTITIES,
  DISCREPANCY_SEVERITIES,
} from '../../../../shared/contracts/reconciliation';
import { PLUGIN_MODEL } from '../plugin-model';

export default {
  kind: 'collectionType',
  collectionName: 'easycars_discrepancies',
  info: {
    singularName: 'discrepancy',
    pluralName: 'discrepancies',
    displayName: 'EasyCars discrepancy',
    description: 'A record on which the site and EasyCars disagree',
  },
  ...PLUGIN_MODEL,
  attributes: {
    /** The reconciliation's id (its run's id). */
    reconciliationId: { type: 'integer', required: true },
    connectionId: { type: 'string', required: true },
    entity: { type: 'enumeration', enum: [...DISCREPANCY_ENTITIES], required: true },
    category: { type: 'enumeration', enum: [...DISCREPANCY_CATEGORIES], required: true },
    severity: { type: 'enumeration', enum: [...DISCREPANCY_SEVERITIES], required: true },
    externalKey: { type: 'string' },
    localId: { type: 'string' },
    label: { type: 'string' },
    /** `[{ field, local, remote }]`. A lead's customer fields are personal data: never through the content API. */
    fields: { type: 'json', private: true },
    /** Stock number, VIN, rego, lead number and e-mail in lower case, for the search; personal data too. */
    searchText: { type: 'text', private: true },
    /** The values the discrepancy is about, hashed: Ignore mutes this record while they stay the same. */
    fingerprint: { type: 'string', required: true, private: true },
    /** The latest action: names the administrator, so admin-only. */
    outcome: { type: 'json', private: true },
  },
  indexes: [
    {
      name: 'easycars_discrepancies_report',
      columns: ['reconciliation_id', 'entity', 'category', 'severity'],
    },
  ],
};
