import { guarded } from '../utils/route';

export default [
  guarded('settings', 'GET', '/settings', 'settings.find'),
  guarded('settings', 'PUT', '/settings', 'settings.update'),
  guarded('read', 'GET', '/support', 'settings.support'),
];
