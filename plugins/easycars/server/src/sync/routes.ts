import { guarded } from '../utils/route';

export default [
  guarded('sync', 'POST', '/sync', 'sync.trigger'),
  guarded('read', 'GET', '/runs', 'sync.listRuns'),
  guarded('read', 'GET', '/runs/:id', 'sync.findRun'),
  guarded('read', 'GET', '/runs/:id/items', 'sync.listItems'),
];
