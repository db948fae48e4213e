import bootstrap from './bootstrap';
import config from './config';
import connectionController from './connections/controller';
import connectionService from './connections/service';
import contentApiController from './content-api/controller';
import contentTypes from './content-types';
import dashboardController from './dashboard/controller';
import dashboardService from './dashboard/service';
import destroy from './destroy';
import queueService from './queue/service';
import register from './register';
import routes from './routes';
import syncController from './sync/controller';
import runService from './sync/runs';

export default {
  register,
  bootstrap,
  destroy,
  config,
  contentTypes,
  controllers: {
    connections: connectionController,
    sync: syncController,
    'sync-data': contentApiController,
    dashboard: dashboardController,
  },
  services: { connections: connectionService, runs: runService, queue: queueService, dashboard: dashboardService },
  routes,
  policies: {},
  middlewares: {},
};
