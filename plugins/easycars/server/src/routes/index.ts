import alerts from '../alerts/routes';
import conflicts from '../conflicts/routes';
import connections from '../connections/routes';
import contentApi from '../content-api/routes';
import retention from '../retention/routes';
import dashboard from '../dashboard/routes';
import sync from '../sync/routes';

export default {
  admin: {
    type: 'admin',
    routes: [...connections, ...sync, ...retention, ...conflicts, ...dashboard, ...alerts],
  },
  'content-api': {
    type: 'content-api',
    routes: contentApi,
  },
};
