/**
 * Leads over REST. `create` is the public enquiry form: it accepts only the form's fields, links the vehicle by its
 * documentId, and answers with the new lead's id alone (no internal state leaves the server). The EasyCars push is
 * started by the plugin's lead outbox, which watches every creation path.
 */
import { factories } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { parseLeadForm } from '../utils/form';

export default factories.createCoreController('api::lead.lead', ({ strapi }) => ({
  async create(ctx) {
    const input = parseLeadForm(ctx.request.body);
    let vehicle: { id: number } | null = null;
    if (input.vehicle) {
      vehicle = await strapi.db
        .query('api::vehicle.vehicle')
        .findOne({ where: { documentId: input.vehicle }, select: ['id'] });
      if (!vehicle) {
        throw new errors.ValidationError(`vehicle "${input.vehicle}" does not exist`, {
          errors: [{ path: ['data', 'vehicle'], message: `vehicle "${input.vehicle}" does not exist` }],
        });
      }
    }
    const lead = await strapi.documents('api::lead.lead').create({
      data: {
        name: input.name,
        email: input.email,
        phone: input.phone ?? null,
        message: input.message ?? null,
        // by row id: a document id that begins with a digit would be read as one (older bulk imports wrote such ids)
        vehicle: vehicle ? { id: vehicle.id } : null,
        interest: (input.interest ?? 'buy') as any,
        sourcePageUrl: input.sourcePageUrl ?? null,
        source: 'website',
        status: 'new',
      } as any,
    });
    ctx.status = 201;
    ctx.body = { data: { documentId: lead.documentId, status: 'received' } };
  },
}));
