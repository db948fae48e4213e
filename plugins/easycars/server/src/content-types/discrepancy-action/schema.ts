/**
 * Content type schema of discrepancy actions carried out in the background: one row per request, with its progress
 * and, once finished, what happened to each discrepancy. In the database so any instance can tell how it goes.
 */
import { ACTION_JOB_STATUSES, DISCREPANCY_ACTIONS } from '../../../../shared/contracts/reconciliation';
import { PLUGIN_MODEL } from '../plugin-model';

export default {
  kind: 'collectionType',
  collectionName: 'easycars_discrepancy_actions',
  info: {
    singularName: 'discrepancy-action',
    pluralName: 'discrepancy-actions',
    displayName: 'EasyCars discrepancy action',
    description: 'One action applied to many discrepancies, in the background',
  },
  ...PLUGIN_MODEL,
  attributes: {
    status: { type: 'enumeration', enum: [...ACTION_JOB_STATUSES], required: true },
    action: { type: 'enumeration', enum: [...DISCREPANCY_ACTIONS], required: true },
    /** The newest report its discrepancies belong to: the retention clean-up deletes the job with that report. */
    reconciliationId: { type: 'integer' },
    /** The discrepancies to act on, in order; fixed when the job is created. */
    discrepancyIds: { type: 'json' },
    reason: { type: 'text' },
    total: { type: 'integer', required: true },
    done: { type: 'integer', required: true },
    outcomes: { type: 'json' },
    errorMessage: { type: 'text' },
    startedById: { type: 'integer', private: true },
    startedByName: { type: 'string', private: true },
    startedByEmail: { type: 'string', private: true },
    finishedAt: { type: 'datetime' },
  },
};
