/** Admin endpoints of syncs: start one, and read the run history with each run's items, or download them. */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  exportRunQuerySchema,
  exportRunsQuerySchema,
  listItemsQuerySchema,
  listRunsQuerySchema,
  triggerSyncSchema,
  type ExportFormat,
} from '../../../shared/contracts/sync';
import { CONTENT_TYPES, csvStream, exportFileName, exportRows, jsonStream, type RunPages } from '../history/export';
import type { HistoryReader } from '../history/read';
import { itemForViewer, mayReadCustomers } from '../history/privacy';
import { actorOf } from '../audit/service';
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

/** Whether this admin may see lead customer details in the history (history/privacy.ts). */
const showCustomers = (ctx: Ctx) => mayReadCustomers(ctx.state.userAbility);

/** Answers with a download of these runs and their items, streamed. */
function download(ctx: Ctx, format: ExportFormat, history: HistoryReader, runPages: RunPages, runId?: number) {
  const rows = exportRows(history, runPages, showCustomers(ctx), format);
  ctx.set('Content-Disposition', `attachment; filename="${exportFileName(format, runId)}"`);
  ctx.set('Cache-Control', 'no-store');
  ctx.type = CONTENT_TYPES[format];
  ctx.body = format === 'csv' ? csvStream(rows) : jsonStream(rows, runId === undefined ? 'runs' : 'run');
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
        await getService('audit', { strapi }).record({
          action: 'sync.started',
          actor: actorOf(ctx.state.user),
          connectionId: run.connectionId,
          changes: [
            { field: 'runId', before: null, after: run.id },
            { field: 'kind', before: null, after: run.kind },
            { field: 'force', before: null, after: run.force },
          ],
        });
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
      ctx.body = { data: await runs().findOne(runId(ctx), { showCustomers: showCustomers(ctx) }), meta: {} };
    },

    async listItems(ctx: Ctx) {
      const id = runId(ctx);
      const query = validate(listItemsQuerySchema, ctx.query);
      const { data, pagination } = await runs().items(id, query);
      const shown = showCustomers(ctx);
      ctx.body = { data: data.map((item) => itemForViewer(item, shown)), meta: { pagination } };
    },

    async exportRuns(ctx: Ctx) {
      const { format, ...filters } = validate(exportRunsQuerySchema, ctx.query);
      const { history } = runs();
      download(ctx, format, history, history.runPages(filters));
    },

    async exportRun(ctx: Ctx) {
      const id = runId(ctx);
      const { format } = validate(exportRunQuerySchema, ctx.query);
      const { history } = runs();
      const run = await history.runById(id);
      download(ctx, format, history, [[run]], id);
    },
  };
};
