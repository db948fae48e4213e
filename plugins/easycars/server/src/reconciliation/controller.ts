/** Admin endpoints of reconciliations: run one, read reports and discrepancies, act on them, export a report. */
import type { Core } from '@strapi/strapi';
import {
  discrepancyActionSchema,
  exportReconciliationQuerySchema,
  listDiscrepanciesQuerySchema,
  listReconciliationsQuerySchema,
  RECONCILIATION_EXPORT_PREFIX,
  startReconciliationSchema,
} from '../../../shared/contracts/reconciliation';
import { actorOf } from '../audit/service';
import { mayReadCustomers } from '../history/privacy';
import { RunConflictError } from '../queue/errors';
import { getService } from '../utils/get-service';
import { bodyOf, idParam, sendError } from '../utils/http';
import { validate } from '../utils/validate';
import { applyAction } from './actions';
import { reportCsv, reportPdf } from './export';

type Ctx = Parameters<Core.MiddlewareHandler>[0];

const showCustomers = (ctx: Ctx) => mayReadCustomers(ctx.state.userAbility);

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const reports = () => getService('reconciliations', { strapi });

  return {
    /** 202: queued; 409 with the active one's id while one of this connection is queued or running. */
    async start(ctx: Ctx) {
      const { connectionId } = validate(startReconciliationSchema, bodyOf(ctx));
      try {
        const data = await reports().start(connectionId, ctx.state.user, actorOf(ctx.state.user));
        ctx.status = 202;
        ctx.body = { data, meta: {} };
      } catch (error) {
        if (!(error instanceof RunConflictError)) throw error;
        sendError(ctx, 409, 'ConflictError', error.message, { runId: error.runId });
      }
    },

    async list(ctx: Ctx) {
      const { data, pagination } = await reports().list(validate(listReconciliationsQuerySchema, ctx.query));
      ctx.body = { data, meta: { pagination } };
    },

    async findOne(ctx: Ctx) {
      ctx.body = { data: await reports().findOne(idParam(ctx.params.id, 'reconciliation')), meta: {} };
    },

    async discrepancies(ctx: Ctx) {
      const id = idParam(ctx.params.id, 'reconciliation');
      const query = validate(listDiscrepanciesQuerySchema, ctx.query);
      const { data, pagination } = await reports().discrepancies(id, query, showCustomers(ctx));
      ctx.body = { data, meta: { pagination } };
    },

    async act(ctx: Ctx) {
      const input = validate(discrepancyActionSchema, bodyOf(ctx));
      const user = ctx.state.user as { email?: string } | undefined;
      const who = { actor: actorOf(ctx.state.user), email: user?.email ?? null };
      if (input.background) {
        ctx.status = 202;
        ctx.body = { data: await getService('discrepancy-actions', { strapi }).start(input, who), meta: {} };
        return;
      }
      const data = await applyAction(strapi, input, who);
      const count = (status: string) => data.filter((o) => o.status === status).length;
      ctx.body = {
        data,
        meta: { action: input.action, done: count('done'), failed: count('failed'), refused: count('refused') },
      };
    },

    async actionJob(ctx: Ctx) {
      const job = await getService('discrepancy-actions', { strapi }).findOne(idParam(ctx.params.jobId, 'action job'));
      ctx.body = { data: job, meta: {} };
    },

    async export(ctx: Ctx) {
      const id = idParam(ctx.params.id, 'reconciliation');
      const { format } = validate(exportReconciliationQuerySchema, ctx.query);
      const report = await reports().findOne(id);
      const user = ctx.state.user as { firstname?: string; lastname?: string; email?: string } | undefined;
      const who = actorOf(ctx.state.user)?.name ?? user?.email ?? null;
      ctx.set('Content-Disposition', `attachment; filename="${RECONCILIATION_EXPORT_PREFIX}-${id}.${format}"`);
      ctx.set('Cache-Control', 'no-store');
      if (format === 'csv') {
        ctx.type = 'text/csv; charset=utf-8';
        ctx.body = await reportCsv(strapi, report, showCustomers(ctx));
      } else {
        ctx.type = 'application/pdf';
        ctx.body = await reportPdf(strapi, report, { showCustomers: showCustomers(ctx), exportedBy: who });
      }
    },
  };
};
