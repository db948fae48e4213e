/** Admin endpoints of the alert rules (list, create, replace, delete) and of their events (list, acknowledge). */
import type { Core } from '@strapi/strapi';
import { alertRuleSchema, listAlertsQuerySchema } from '../../../shared/contracts/alerts';
import { actorOf } from '../audit/service';
import { getService } from '../utils/get-service';
import { bodyOf, idParam } from '../utils/http';
import { validate } from '../utils/validate';

type Ctx = Parameters<Core.MiddlewareHandler>[0];

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const alerts = () => getService('alerts', { strapi });
  return {
    async listRules(ctx: Ctx) {
      ctx.body = { data: await alerts().listRules(), meta: {} };
    },

    async createRule(ctx: Ctx) {
      const input = validate(alertRuleSchema, bodyOf(ctx));
      ctx.status = 201;
      ctx.body = { data: await alerts().createRule(input, actorOf(ctx.state.user)), meta: {} };
    },

    async updateRule(ctx: Ctx) {
      const id = idParam(ctx.params.id, 'alert rule');
      const input = validate(alertRuleSchema, bodyOf(ctx));
      ctx.body = { data: await alerts().updateRule(id, input, actorOf(ctx.state.user)), meta: {} };
    },

    async deleteRule(ctx: Ctx) {
      const id = idParam(ctx.params.id, 'alert rule');
      await alerts().deleteRule(id, actorOf(ctx.state.user));
      ctx.body = { data: { id }, meta: {} };
    },

    async listEvents(ctx: Ctx) {
      const { data, pagination } = await alerts().listEvents(validate(listAlertsQuerySchema, ctx.query));
      ctx.body = { data, meta: { pagination } };
    },

    async acknowledge(ctx: Ctx) {
      const id = idParam(ctx.params.id, 'alert');
      ctx.body = { data: await alerts().acknowledge(id, actorOf(ctx.state.user)), meta: {} };
    },
  };
};
