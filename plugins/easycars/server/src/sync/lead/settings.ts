/** Lead outbox settings: easycars.config.leads, read with getConfig(strapi, 'leads') (schema in config/schema). */
import type { LeadSettings } from '../../config/schema';

export type { LeadSettings };

/** When the next attempt may start after `attempts` failed ones. */
export function backoffMs(attempts: number, settings: Pick<LeadSettings, 'backoffBaseMs' | 'backoffMaxMs'>): number {
  return Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
}
