import type { Core } from '@strapi/strapi';
import { warnFlatKeys } from './config';
import { loadKey } from './connections/crypto';
import { exposeToGraphql } from './content-api/graphql';
import { registerSyncDataSanitizer } from './content-api/sync-data';
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
  warnFlatKeys(strapi);
  // A malformed EASYCARS_ALLOWED_BASE_URLS stops the start, naming the entry.
  allowedOrigins();
  registerSyncDataSanitizer(strapi);
  exposeToGraphql(strapi);
};
