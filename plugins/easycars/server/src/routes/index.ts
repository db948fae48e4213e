import connections from '../connections/routes';
import sync from '../sync/routes';

export default {
  admin: {
    type: 'admin',
    routes: [...connections, ...sync],
  },
};
