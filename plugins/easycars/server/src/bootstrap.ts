import type { Core } from '@strapi/strapi';
import { ACTIONS, ACTION_LABELS, PLUGIN_ID, type ActionName } from '../../shared/permissions';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  const actions = (Object.keys(ACTIONS) as ActionName[]).map((uid) => ({
    section: 'plugins',
    displayName: ACTION_LABELS[uid],
    uid,
    pluginName: PLUGIN_ID,
  }));
  await strapi.service('admin::permission').actionProvider.registerMany(actions);
};
