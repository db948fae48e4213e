/** Admin endpoints of the clean-up: its policy and last outcome, and "Clean up now". */
import type { Core } from '@strapi/strapi';
import { runCleanupSchema } from '../../../shared/contracts/retention';
import { actorOf } from '../audit/service';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';
import { CleanupRunningError } from './lock';

type Ctx = Parameters<Core.MiddlewareHandler>[0];

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const retention = () => getService('retention', { strapi });

  return {
    async show(ctx: Ctx) {
      const [policy, lastCleanup] = await Promise.all([retention().policy(), retention().lastCleanup()]);
      ctx.body = { data: { policy, lastCleanup }, meta: {} };
    },

    async run(ctx: Ctx) {
      validate(runCleanupSchema, (ctx.request as unknown as { body: unknown }).body);
      const user = ctx.state.user as { email?: string } | undefined;
      try {
        const outcome = await retention().run({
          trigger: 'manual',
          triggeredBy: user?.email ?? null,
          actor: actorOf(ctx.state.user),
        });
        if (outcome.status === 'failed') {
          // what was deleted before the failure is in `data`; the message says what to fix
          ctx.status = 500;
          ctx.body = {
            data: outcome,
            error: { status: 500, name: 'CleanupError', message: `The clean-up failed: ${outcome.errorMessage}` },
          };
          return;
        }
        ctx.body = { data: outcome, meta: {} };
      } catch (error) {
        // Strapi's error classes have no 409
        if (!(error instanceof CleanupRunningError)) throw error;
        ctx.status = 409;
        ctx.body = { data: null, error: { status: 409, name: 'ConflictError', message: error.message } };
      }
    },
  };
};
