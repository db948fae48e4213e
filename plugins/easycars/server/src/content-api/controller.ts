/**
 * GET /api/easycars/:collection (sync-runs, sync-items, conflicts, reconciliations, discrepancies): sync data for a token or role given
 * plugin::easycars.sync-data.read. Query, filters and output go through Strapi's content-API validation and
 * sanitizers, like a core REST route.
 */
import type { Core } from '@strapi/strapi';
import { factories } from '@strapi/strapi';
import { SYNC_DATA } from './sync-data';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async read(ctx: any) {
    const uid = SYNC_DATA[ctx.params.collection];
    if (!uid) return ctx.notFound();
    const model = strapi.getModel(uid as any);
    const auth = ctx.state.auth;
    await strapi.contentAPI.validate.query(ctx.query, model, { auth });
    const query = await strapi.contentAPI.sanitize.query(ctx.query, model, { auth });
    const { results, pagination } = await factories
      .createCoreService(uid as any)({ strapi })
      .find(query);
    ctx.body = { data: await strapi.contentAPI.sanitize.output(results, model, { auth }), meta: { pagination } };
  },
});
