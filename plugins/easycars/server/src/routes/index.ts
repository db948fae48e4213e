import connections from '../connections/routes';

export default {
  admin: {
    type: 'admin',
    routes: [...connections],
  },
};
