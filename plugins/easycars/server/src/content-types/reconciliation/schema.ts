/**
 * Content type schema of reconciliation reports: one per run of kind `reconciliation`, with what it found counted
 * and how far it looked for leads. Its discrepancies are rows of their own.
 */
import { RECONCILIATION_TRIGGERS } from '../../../../shared/contracts/reconciliation';
import { RUN_STATUSES } from '../../../../shared/contracts/sync';
import { PLUGIN_MODEL } from '../plugin-model';

export default {
  kind: 'collectionType',
  collectionName: 'easycars_reconciliations',
  info: {
    singularName: 'reconciliation',
    pluralName: 'reconciliations',
    displayName: 'EasyCars reconciliation',
    description: 'A comparison of the site with EasyCars, changing nothing',
  },
  ...PLUGIN_MODEL,
  attributes: {
    /** The run it reports on; also the report's id in the API. */
    runId: { type: 'integer', required: true, unique: true },
    connectionId: { type: 'string', required: true },
    status: { type: 'enumeration', enum: [...RUN_STATUSES], required: true },
    trigger: { type: 'enumeration', enum: [...RECONCILIATION_TRIGGERS], required: true },
    startedById: { type: 'integer', private: true },
    startedByName: { type: 'string', private: true },
    startedAt: { type: 'datetime' },
    finishedAt: { type: 'datetime' },
    counts: { type: 'json' },
    leadWalk: { type: 'json' },
  },
};
