import bootstrap from './bootstrap';
import config from './config';
import connectionController from './connections/controller';
import connectionService from './connections/service';
import contentApiController from './content-api/controller';
import contentTypes from './content-types';
import destroy from './destroy';
import queueService from './queue/service';
import register from './register';
import retentionController from './retention/controller';
import retentionService from './retention/service';
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
    retention: retentionController,
  },
  services: { connections: connectionService, runs: runService, queue: queueService, retention: retentionService },
  routes,
  policies: {},
  middlewares: {},
};
