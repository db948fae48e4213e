import bootstrap from './bootstrap';
import config from './config';
import connectionController from './connections/controller';
import connectionService from './connections/service';
import contentApiController from './content-api/controller';
import contentTypes from './content-types';
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
  controllers: { connections: connectionController, sync: syncController, 'sync-data': contentApiController },
  services: { connections: connectionService, runs: runService, queue: queueService },
  routes,
  policies: {},
  middlewares: {},
};
