import { guarded } from '../utils/route';

export default [
  guarded('read', 'GET', '/notifications', 'notifications.list'),
  guarded('read', 'POST', '/notifications/read', 'notifications.markRead'),
];
