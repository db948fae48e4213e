import { guarded } from '../utils/route';

export default [
  guarded('settings', 'GET', '/maintenance/retention', 'retention.show'),
  guarded('settings', 'POST', '/maintenance/retention', 'retention.run'),
];
