import audit from '../audit/routes';
import notifications from '../notifications/routes';
import settings from '../settings/routes';
import { guarded } from '../utils/route';

/** The conflict inbox, with the audit log, the settings and the notifications it goes with. */
export default [
  guarded('read', 'GET', '/conflicts', 'conflicts.list'),
  guarded('read', 'GET', '/conflicts/:id', 'conflicts.findOne'),
  // a preview writes nothing: whoever may see the conflict may see what a resolution would do
  guarded('read', 'POST', '/conflicts/:id/preview', 'conflicts.preview'),
  guarded('resolve', 'POST', '/conflicts/:id/resolve', 'conflicts.resolve'),
  guarded('resolve', 'POST', '/conflicts/resolve', 'conflicts.resolveMany'),
  // a resolver has read too; whoever may see the conflicts may see how a bulk resolution is going
  guarded('read', 'GET', '/conflicts/resolve/:jobId', 'conflicts.bulkJob'),
  ...audit,
  ...settings,
  ...notifications,
];
