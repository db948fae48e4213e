import bootstrap from './bootstrap';
import config from './config';
import connectionController from './connections/controller';
import connectionService from './connections/service';
import contentTypes from './content-types';
import register from './register';
import routes from './routes';
import runService from './sync/runs';

export default {
  register,
  bootstrap,
  config,
  contentTypes,
  controllers: { connections: connectionController },
  services: { connections: connectionService, runs: runService },
  routes,
  policies: {},
  middlewares: {},
};
