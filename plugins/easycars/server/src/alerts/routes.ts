import { guarded } from '../utils/route';

/** Whoever reads sync data sees the rules and their alerts; changing a rule or handling an alert takes settings. */
export default [
  guarded('read', 'GET', '/alert-rules', 'alerts.listRules'),
  guarded('settings', 'POST', '/alert-rules', 'alerts.createRule'),
  guarded('settings', 'PUT', '/alert-rules/:id', 'alerts.updateRule'),
  guarded('settings', 'DELETE', '/alert-rules/:id', 'alerts.deleteRule'),
  guarded('read', 'GET', '/alerts', 'alerts.listEvents'),
  guarded('settings', 'POST', '/alerts/:id/acknowledge', 'alerts.acknowledge'),
];
