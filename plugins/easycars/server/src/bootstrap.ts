import type { Core } from '@strapi/strapi';
import { ACTIONS, ACTION_LABELS, PLUGIN_ID, type ActionName } from '../../shared/permissions';
import { ensureLookupIndexes } from './history/indexes';
import { ensureDashboardIndexes } from './dashboard/indexes';
import { ensureStockSyncIndexes } from './sync/stock/indexes';
import { registerMetricsJob } from './monitoring/job';
import { recorderOf } from './monitoring/recorder';
import { metricStore } from './monitoring/store';
import type queueService from './queue/service';
import { registerRetentionJob } from './retention/job';
import { registerAlertsJob } from './alerts/job';
import { registerSyncHandlers } from './sync/handlers';
import { registerLeadOutbox } from './sync/lead/outbox';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  registerLeadOutbox(strapi);
  await ensureLookupIndexes(strapi);
  await ensureDashboardIndexes(strapi);
  await ensureStockSyncIndexes(strapi);
  await metricStore(strapi).ensureTables();
  const actions = (Object.keys(ACTIONS) as ActionName[]).map((uid) => ({
    section: 'plugins',
    displayName: ACTION_LABELS[uid],
    uid,
    pluginName: PLUGIN_ID,
  }));
  await strapi.service('admin::permission').actionProvider.registerMany(actions);
  const resealed = await strapi.plugin(PLUGIN_ID).service('connections').resealLegacyCredentials();
  if (resealed > 0)
    strapi.log.info(`[easycars] Credentials of ${resealed} connection(s) sealed for their EasyCars address`);
  const queue = strapi.plugin(PLUGIN_ID).service('queue') as ReturnType<typeof queueService>;
  registerSyncHandlers(queue);
  await registerRetentionJob(queue);
  await registerAlertsJob(queue);
  await registerMetricsJob(queue);
  recorderOf(strapi).start();
  await queue.start();
};
