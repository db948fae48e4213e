/**
 * Core REST routes: /api/leads. Only create is public (the website's enquiry form, rate limited); find, update and
 * delete keep Strapi's permission checks, so they need an API token or an authorised role, and reading is refused
 * to read-only tokens (see docs/access.md).
 */
import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::lead.lead', {
  config: {
    create: {
      auth: false,
      middlewares: ['api::lead.rate-limit'],
    },
    find: { policies: ['api::lead.explicit-read'] },
    findOne: { policies: ['api::lead.explicit-read'] },
  },
});
