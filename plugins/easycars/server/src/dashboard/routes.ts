import { guarded } from '../utils/route';

export default [guarded('read', 'GET', '/dashboard', 'dashboard.show')];
