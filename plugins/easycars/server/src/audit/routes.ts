import { guarded } from '../utils/route';

export default [guarded('read', 'GET', '/audit', 'audit.list')];
