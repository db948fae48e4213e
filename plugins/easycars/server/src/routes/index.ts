import alerts from '../alerts/routes';
import conflicts from '../conflicts/routes';
import connections from '../connections/routes';
import contentApi from '../content-api/routes';
import retention from '../retention/routes';
import dashboard from '../dashboard/routes';
import * as monitoring from '../monitoring/routes';
import sync from '../sync/routes';
import reconciliation from '../reconciliation/routes';

export default {
  admin: {
    type: 'admin',
    routes: [
      ...connections,
      ...sync,
      ...retention,
      ...conflicts,
      ...dashboard,
      ...reconciliation,
      ...alerts,
      ...monitoring.adminRoutes,
    ],
  },
  'content-api': {
    type: 'content-api',
    // before /:collection, which would take /metrics for a collection
    routes: [...monitoring.contentApiRoutes, ...contentApi],
  },
};
