import alertController from './alerts/controller';
import alertService from './alerts/service';
import auditController from './audit/controller';
import auditService from './audit/service';
import bootstrap from './bootstrap';
import bulkResolutionService from './conflicts/bulk';
import conflictController from './conflicts/controller';
import config from './config';
import connectionController from './connections/controller';
import connectionService from './connections/service';
import contentApiController from './content-api/controller';
import contentTypes from './content-types';
import dashboardController from './dashboard/controller';
import dashboardService from './dashboard/service';
import destroy from './destroy';
import monitoringController from './monitoring/controller';
import queueService from './queue/service';
import notificationController from './notifications/controller';
import notificationService from './notifications/service';
import reconciliationController from './reconciliation/controller';
import reconciliationService from './reconciliation/service';
import discrepancyActionService from './reconciliation/action-jobs';
import register from './register';
import retentionController from './retention/controller';
import retentionService from './retention/service';
import routes from './routes';
import syncController from './sync/controller';
import runService from './sync/runs';
import settingsController from './settings/controller';
import settingsService from './settings/service';

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
    conflicts: conflictController,
    audit: auditController,
    settings: settingsController,
    notifications: notificationController,
    dashboard: dashboardController,
    alerts: alertController,
    monitoring: monitoringController,
    reconciliations: reconciliationController,
  },
  services: {
    connections: connectionService,
    runs: runService,
    queue: queueService,
    retention: retentionService,
    audit: auditService,
    'bulk-resolutions': bulkResolutionService,
    settings: settingsService,
    notifications: notificationService,
    dashboard: dashboardService,
    alerts: alertService,
    reconciliations: reconciliationService,
    'discrepancy-actions': discrepancyActionService,
  },
  routes,
  policies: {},
  middlewares: {},
};
