import { guarded } from '../utils/route';

/** Reconciliation reports: read to see them, sync to run one and to act on what it found. */
export default [
  guarded('sync', 'POST', '/reconciliations', 'reconciliations.start'),
  guarded('read', 'GET', '/reconciliations', 'reconciliations.list'),
  guarded('read', 'GET', '/reconciliations/:id', 'reconciliations.findOne'),
  guarded('read', 'GET', '/reconciliations/:id/discrepancies', 'reconciliations.discrepancies'),
  guarded('read', 'GET', '/reconciliations/:id/export', 'reconciliations.export'),
  guarded('sync', 'POST', '/discrepancies/actions', 'reconciliations.act'),
  // whoever may see the reports may see how a background action is going
  guarded('read', 'GET', '/discrepancies/actions/:jobId', 'reconciliations.actionJob'),
];
