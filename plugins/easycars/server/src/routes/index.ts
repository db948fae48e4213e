import conflicts from '../conflicts/routes';
import connections from '../connections/routes';
import contentApi from '../content-api/routes';
import retention from '../retention/routes';
import dashboard from '../dashboard/routes';
import sync from '../sync/routes';
import reconciliation from '../reconciliation/routes';

export default {
  admin: {
    type: 'admin',
    routes: [...connections, ...sync, ...retention, ...conflicts, ...dashboard, ...reconciliation],
  },
  'content-api': {
    type: 'content-api',
    routes: contentApi,
  },
};
