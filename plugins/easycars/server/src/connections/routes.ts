import { guarded } from '../utils/route';

export default [
  guarded('read', 'GET', '/connections', 'connections.list'),
  guarded('settings', 'POST', '/connections', 'connections.create'),
  // before "/connections/:id" so "test" is not taken for an id
  guarded('settings', 'POST', '/connections/test', 'connections.testUnsaved'),
  guarded('read', 'GET', '/connections/:id', 'connections.findOne'),
  guarded('settings', 'PUT', '/connections/:id', 'connections.update'),
  guarded('settings', 'DELETE', '/connections/:id', 'connections.remove'),
  guarded('settings', 'POST', '/connections/:id/test', 'connections.testSaved'),
];
