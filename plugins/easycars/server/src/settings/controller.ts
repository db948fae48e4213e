/** Admin endpoints of the plugin settings (conflict strategies, notification recipients, support contacts). */
import type { Core } from '@strapi/strapi';
import { updateSettingsSchema } from '../../../shared/contracts/settings';
import { actorOf } from '../audit/service';
import { bodyOf } from '../utils/http';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

type Ctx = Parameters<Core.MiddlewareHandler>[0];

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService('settings', { strapi });
  return {
    async find(ctx: Ctx) {
      ctx.body = { data: await settings().get(), meta: settings().meta() };
    },

    /** The support contacts alone, for every page's Help & support panel (read permission, not settings). */
    async support(ctx: Ctx) {
      const { supportContacts, documentationUrl } = await settings().get();
      ctx.body = { data: { ...supportContacts, documentationUrl } };
    },

    async update(ctx: Ctx) {
      const input = validate(updateSettingsSchema, bodyOf(ctx));
      // the settings and their audit entry commit together
      const after = await strapi.db.transaction(async () => {
        const { before, after } = await settings().update(input);
        const changes = (Object.keys(input) as (keyof typeof input)[]).map((field) => ({
          field,
          before: before[field],
          after: after[field],
        }));
        await getService('audit', { strapi }).record({
          action: 'settings.updated',
          actor: actorOf(ctx.state.user),
          changes,
        });
        return after;
      });
      ctx.body = { data: after, meta: settings().meta() };
    },
  };
};
