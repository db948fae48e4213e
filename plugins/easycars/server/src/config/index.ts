/**
 * The plugin's config entry (Strapi checks it at start) and the one way the plugin reads its settings.
 * The schema, its defaults and types are in ./schema.
 */
import type { Core } from '@strapi/strapi';
import { FLAT_KEYS, flatKeysIn, parseConfig, type ConfigSection, type EasyCarsConfig } from './schema';

export type { EasyCarsConfig, LeadSettings, QueueSettings, RetentionSettings } from './schema';

export default {
  // defaults come from the schema when the settings are read, so config/plugins.ts keeps only what it sets
  default: {},
  /** Refuses the start, naming each bad key (Strapi prefixes "Error regarding easycars config: "). */
  validator(config: unknown) {
    parseConfig(config);
  },
};

/**
 * One section of the settings, checked and completed with defaults. Read at each use, so a setting changed at run
 * time (as the tests do) takes effect on the next run.
 */
export function getConfig<K extends ConfigSection>(strapi: Core.Strapi, section: K): EasyCarsConfig[K] {
  return parseConfig(strapi.config.get('plugin::easycars'))[section];
}

/** Logs, once at start, each setting still written by its old top-level name. */
export function warnFlatKeys(strapi: Core.Strapi): void {
  for (const key of flatKeysIn(strapi.config.get('plugin::easycars'))) {
    strapi.log.warn(
      `[easycars] easycars.config.${key} is deprecated: move it to easycars.config.${FLAT_KEYS[key]}.${key}`
    );
  }
}
