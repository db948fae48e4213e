import type { Core } from '@strapi/strapi';
import { loadKey } from './connections/crypto';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  // Fails the start with a clear message when the key is missing (production) or malformed.
  const { derived } = loadKey();
  if (derived) {
    strapi.log.warn(
      '[easycars] EASYCARS_ENCRYPTION_KEY is not set: using a development key derived from APP_KEYS. ' +
        'Set a real key before going to production.'
    );
  }
};
