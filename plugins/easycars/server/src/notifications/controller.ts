/** Admin endpoints of the in-app notifications: the list with its unread count, and marking them read. */
import type { Core } from '@strapi/strapi';
import { listNotificationsQuerySchema, markReadSchema } from '../../../shared/contracts/notifications';
import { getService } from '../utils/get-service';
import { bodyOf } from '../utils/http';
import { validate } from '../utils/validate';

type Ctx = Parameters<Core.MiddlewareHandler>[0];

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const notifications = () => getService('notifications', { strapi });
  return {
    async list(ctx: Ctx) {
      const { data, pagination, unread } = await notifications().list(
        validate(listNotificationsQuerySchema, ctx.query)
      );
      ctx.body = { data, meta: { pagination, unread } };
    },
    async markRead(ctx: Ctx) {
      const { ids } = validate(markReadSchema, bodyOf(ctx));
      ctx.body = { data: { marked: await notifications().markRead(ids) }, meta: {} };
    },
  };
};
