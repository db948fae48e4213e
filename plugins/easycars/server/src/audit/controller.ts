/** Admin endpoint of the audit log: entries by date, action and user, as JSON pages or one CSV file. */
import type { Core } from '@strapi/strapi';
import { listAuditQuerySchema } from '../../../shared/contracts/audit';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

type Ctx = Parameters<Core.MiddlewareHandler>[0];

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const audit = () => getService('audit', { strapi });
  return {
    async list(ctx: Ctx) {
      const query = validate(listAuditQuerySchema, ctx.query);
      if (query.format === 'csv') {
        ctx.type = 'text/csv; charset=utf-8';
        ctx.attachment(`easycars-audit-${new Date().toISOString().slice(0, 10)}.csv`);
        ctx.body = await audit().csv(query);
        return;
      }
      const { data, pagination } = await audit().list(query);
      ctx.body = { data, meta: { pagination } };
    },
  };
};
