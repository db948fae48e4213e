import type { Core } from '@strapi/strapi';
import { loadKey } from './connections/crypto';
import { allowedOrigins } from './easycars';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  // Fails the start with a clear message when the key is missing (production) or malformed.
  const { derived } = loadKey();
  if (derived) {
    strapi.log.warn(
      '[easycars] EASYCARS_ENCRYPTION_KEY is not set: using a development key derived from APP_KEYS. ' +
        'Set a real key before going to production.'
    );
  }
  // A malformed EASYCARS_ALLOWED_BASE_URLS stops the start, naming the entry.
  allowedOrigins();
  exposeToGraphql(strapi);
};

/**
 * Sync history and conflicts are readable through GraphQL (with an API token), never writable there; connections and
 * the identity map are not exposed at all.
 */
function exposeToGraphql(strapi: Core.Strapi) {
  const graphql = strapi.plugin('graphql');
  if (!graphql) return;
  const extension = graphql.service('extension');
  for (const uid of ['plugin::easycars.connection', 'plugin::easycars.record-state']) {
    extension.shadowCRUD(uid).disable();
  }
  for (const uid of ['plugin::easycars.sync-run', 'plugin::easycars.sync-item', 'plugin::easycars.conflict']) {
    extension.shadowCRUD(uid).disableMutations();
  }
}
