import { factories } from '@strapi/strapi';
import { listedUnlessAsked } from '../../../../plugins/easycars/server/src/content-api/listing';

export default factories.createCoreController('api::vehicle.vehicle', () => ({
  async find(ctx) {
    const query = ctx.query as Record<string, unknown>;
    ctx.query = { ...query, filters: listedUnlessAsked(query.filters, '$eq') };
    return super.find(ctx);
  },
}));
