/**
 * Content type schema of bulk resolutions: one row per Use Local / Use EasyCars applied to many conflicts, with its
 * progress and, once finished, what happened to each conflict. Kept in the database so any instance can answer
 * how a job started on another is doing.
 */
import { BULK_JOB_STATUSES, BULK_STRATEGIES } from '../../../../shared/contracts/conflicts';
import { PLUGIN_MODEL } from '../plugin-model';

export default {
  kind: 'collectionType',
  collectionName: 'easycars_bulk_resolutions',
  info: {
    singularName: 'bulk-resolution',
    pluralName: 'bulk-resolutions',
    displayName: 'EasyCars bulk resolution',
    description: 'Many conflicts given the same resolution, in the background',
  },
  ...PLUGIN_MODEL,
  attributes: {
    status: { type: 'enumeration', enum: [...BULK_JOB_STATUSES], required: true },
    strategy: { type: 'enumeration', enum: [...BULK_STRATEGIES], required: true },
    /** The conflicts to resolve, in order; fixed when the job is created. */
    conflictIds: { type: 'json' },
    total: { type: 'integer', required: true },
    done: { type: 'integer', required: true },
    outcomes: { type: 'json' },
    errorMessage: { type: 'text' },
    startedById: { type: 'integer' },
    startedByName: { type: 'string' },
    finishedAt: { type: 'datetime' },
  },
};
