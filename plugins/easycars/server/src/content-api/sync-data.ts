/**
 * The sync data the content API may serve (REST and GraphQL), and how it is cleaned on the way out. The call log,
 * the stack and who triggered or resolved are private attributes in the schemas; lead customer details inside the
 * JSON snapshots (before/after, base/local/remote) are removed here, by one content-API output sanitizer that every
 * plugin content type goes through. The plugin's admin API reads the database directly and keeps everything.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { isCustomerKey } from '../utils/customer-data';

/** REST path segment → content type. Connections and the identity map are never served. */
export const SYNC_DATA: Record<string, string> = {
  'sync-runs': UID.run,
  'sync-items': UID.item,
  conflicts: UID.conflict,
  // reports and discrepancies without the differing values (private: a lead's are customer details) or who acted
  reconciliations: UID.reconciliation,
  discrepancies: UID.discrepancy,
};

export const SYNC_DATA_UIDS = Object.values(SYNC_DATA);

/** A deep copy of a JSON value without the members whose key is dropped, at any depth. */
export function withoutKeys(value: unknown, dropped: (key: string) => boolean): unknown {
  if (Array.isArray(value)) return value.map((member) => withoutKeys(member, dropped));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !dropped(key))
      .map(([key, member]) => [key, withoutKeys(member, dropped)])
  );
}

/**
 * A JSON value without a lead's customer members, local names and EasyCars' alike. Vehicles have none of these
 * attributes, so they are removed from every snapshot whatever its entity (a client may not select `entity`).
 */
export const withoutCustomerFields = (value: unknown): unknown => withoutKeys(value, isCustomerKey);

type Schema = { uid?: string; attributes?: Record<string, { type?: string }> };

/** A content-API output sanitizer: JSON attributes of the plugin's content types lose customer fields. */
export function syncDataOutputSanitizer(schema: Schema) {
  const jsonAttributes = schema.uid?.startsWith('plugin::easycars.')
    ? Object.entries(schema.attributes ?? {})
        .filter(([, attribute]) => attribute.type === 'json')
        .map(([name]) => name)
    : [];
  return (entity: unknown) => {
    if (jsonAttributes.length === 0 || !entity || typeof entity !== 'object') return entity;
    const out: Record<string, unknown> = { ...(entity as Record<string, unknown>) };
    for (const name of jsonAttributes) if (name in out) out[name] = withoutCustomerFields(out[name]);
    return out;
  };
}

export function registerSyncDataSanitizer(strapi: Core.Strapi) {
  strapi.sanitizers.add('content-api.output', syncDataOutputSanitizer as any);
}
