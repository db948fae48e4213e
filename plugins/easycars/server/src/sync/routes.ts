import { guarded } from '../utils/route';

// /runs/export before /runs/:id, or "export" would be taken for a run id
export default [
  guarded('sync', 'POST', '/sync', 'sync.trigger'),
  guarded('read', 'GET', '/runs', 'sync.listRuns'),
  guarded('read', 'GET', '/runs/export', 'sync.exportRuns'),
  guarded('read', 'GET', '/runs/:id', 'sync.findRun'),
  guarded('read', 'GET', '/runs/:id/items', 'sync.listItems'),
  guarded('read', 'GET', '/runs/:id/export', 'sync.exportRun'),
];
