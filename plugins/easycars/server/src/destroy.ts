import type { Core } from '@strapi/strapi';
import { clearPrometheus } from './monitoring/prometheus';
import { recorderOf } from './monitoring/recorder';
import { stopLeadFollowUps } from './sync/lead/outbox';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  // stops workers, timers and Redis connections so the process can exit
  stopLeadFollowUps(strapi);
  await strapi.plugin('easycars').service('bulk-resolutions').stop();
  await strapi.plugin('easycars').service('discrepancy-actions').stop();
  await strapi.plugin('easycars').service('queue').stop();
  // after the workers stopped: what their last runs recorded is written
  await recorderOf(strapi).stop();
  clearPrometheus(strapi);
};
