/**
 * The plugin's part of the admin's data layer: Strapi's RTK Query api (`adminApi`) with the plugin's cache tags.
 * Each capability injects its endpoints into it (connections.ts, runs.ts); requests go through Strapi's fetch
 * client, which adds the admin JWT.
 */
import { adminApi } from '@strapi/strapi/admin';

export const easycarsApi = adminApi.enhanceEndpoints({ addTagTypes: ['Connection', 'Run'] });

/** How often a queued or running run is asked about again, everywhere in the plugin. */
export const POLL_INTERVAL_MS = 1000;
