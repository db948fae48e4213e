/** Admin endpoints of syncs: start one, and read the run history with each run's items. */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { listItemsQuerySchema, listRunsQuerySchema, triggerSyncSchema } from '../../../shared/contracts/sync';
import { RunConflictError } from '../queue/errors';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

type Ctx = Parameters<Core.MiddlewareHandler>[0];

const body = (ctx: Ctx) => (ctx.request as unknown as { body: unknown }).body;

function runId(ctx: Ctx): number {
  const raw = String(ctx.params.id ?? '');
  if (!/^\d{1,15}$/.test(raw)) {
    throw new errors.ValidationError(`"${raw.slice(0, 40)}" is not a run id (a whole number)`, {
      errors: [{ path: ['id'], message: 'id must be a whole number', name: 'ValidationError' }],
    });
  }
  return Number(raw);
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const queue = () => getService('queue', { strapi });
  const runs = () => getService('runs', { strapi });

  return {
    async trigger(ctx: Ctx) {
      const input = validate(triggerSyncSchema, body(ctx));
      const user = ctx.state.user as { email?: string } | undefined;
      try {
        const run = await queue().trigger({ ...input, trigger: 'manual', triggeredBy: user?.email ?? null });
        ctx.status = 202;
        ctx.body = { data: run, meta: {} };
      } catch (error) {
        // Strapi's error classes have no 409
        if (!(error instanceof RunConflictError)) throw error;
        ctx.status = 409;
        ctx.body = {
          data: null,
          error: { status: 409, name: 'ConflictError', message: error.message, details: { runId: error.runId } },
        };
      }
    },

    async listRuns(ctx: Ctx) {
      const query = validate(listRunsQuerySchema, ctx.query);
      const { data, pagination } = await runs().list(query);
      ctx.body = { data, meta: { pagination } };
    },

    async findRun(ctx: Ctx) {
      ctx.body = { data: await runs().findOne(runId(ctx)), meta: {} };
    },

    async listItems(ctx: Ctx) {
      const id = runId(ctx);
      const query = validate(listItemsQuerySchema, ctx.query);
      const { data, pagination } = await runs().items(id, query);
      ctx.body = { data, meta: { pagination } };
    },
  };
};
