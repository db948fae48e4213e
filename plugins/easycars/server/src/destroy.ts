import type { Core } from '@strapi/strapi';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  // stops workers, timers and Redis connections so the process can exit
  await strapi.plugin('easycars').service('queue').stop();
};
