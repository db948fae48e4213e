/** `GET /easycars/dashboard`: everything the dashboard and the Home page widget show, in one answer. */
import type { Core } from '@strapi/strapi';
import { dashboardQuerySchema } from '../../../shared/contracts/dashboard';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

type Ctx = Parameters<Core.MiddlewareHandler>[0];

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async show(ctx: Ctx) {
    validate(dashboardQuerySchema, ctx.query);
    ctx.body = await getService('dashboard', { strapi }).read();
  },
});
