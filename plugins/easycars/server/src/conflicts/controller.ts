/** Admin endpoints of the conflict inbox: list, detail, preview and resolve one, resolve many and follow that job. */
import type { Core } from '@strapi/strapi';
import {
  bulkResolveSchema,
  listConflictsQuerySchema,
  resolveConflictSchema,
} from '../../../shared/contracts/conflicts';
import { actorOf } from '../audit/service';
import { getService } from '../utils/get-service';
import { bodyOf, idParam, sendError } from '../utils/http';
import { validate } from '../utils/validate';
import { ConflictClosedError, EasyCarsRefusedError } from './errors';
import { conflictInbox } from './resolve';

type Ctx = Parameters<Core.MiddlewareHandler>[0];

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const inbox = () => conflictInbox(strapi);
  const bulk = () => getService('bulk-resolutions', { strapi });

  /** The two refusals Strapi has no class for. */
  async function answering(ctx: Ctx, work: () => Promise<void>) {
    try {
      await work();
    } catch (error) {
      if (error instanceof ConflictClosedError) return sendError(ctx, 409, error.name, error.message, { id: error.id });
      if (error instanceof EasyCarsRefusedError) return sendError(ctx, 502, error.name, error.message);
      throw error;
    }
  }

  return {
    async list(ctx: Ctx) {
      const query = validate(listConflictsQuerySchema, ctx.query);
      const { data, pagination, openCount } = await inbox().list(query);
      ctx.body = { data, meta: { pagination, openCount } };
    },

    async findOne(ctx: Ctx) {
      ctx.body = { data: await inbox().detail(idParam(ctx.params.id, 'conflict')), meta: {} };
    },

    async preview(ctx: Ctx) {
      const id = idParam(ctx.params.id, 'conflict');
      const input = validate(resolveConflictSchema, bodyOf(ctx));
      await answering(ctx, async () => {
        ctx.body = { data: await inbox().preview(id, input), meta: {} };
      });
    },

    async resolve(ctx: Ctx) {
      const id = idParam(ctx.params.id, 'conflict');
      const input = validate(resolveConflictSchema, bodyOf(ctx));
      await answering(ctx, async () => {
        const { conflict, preview, auditEntryId } = await inbox().resolve(id, input, actorOf(ctx.state.user));
        ctx.body = { data: conflict, meta: { preview, auditEntryId } };
      });
    },

    /** 202: the conflicts are resolved in the background; bulkJob tells how far it got. */
    async resolveMany(ctx: Ctx) {
      const input = validate(bulkResolveSchema, bodyOf(ctx));
      ctx.status = 202;
      ctx.body = { data: await bulk().start(input, actorOf(ctx.state.user)), meta: {} };
    },

    async bulkJob(ctx: Ctx) {
      ctx.body = { data: await bulk().findOne(idParam(ctx.params.jobId, 'bulk resolution')), meta: {} };
    },
  };
};
