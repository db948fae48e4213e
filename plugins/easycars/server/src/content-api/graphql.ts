/**
 * What the GraphQL plugin exposes of the plugin's data, leads and vehicles, and under which permission. Sync data
 * is read-only and needs plugin::easycars.sync-data.read (Strapi's default scope, `<uid>.find`, would let every
 * read-only token in); its results go through the same content-API output sanitizer as REST, which GraphQL's
 * queries skip on their own. Connections, the identity map, the alert rules and events, the audit log, bulk
 * resolutions and the notifications are not exposed at all.
 */
import type { Core } from '@strapi/strapi';
import { CONTENT_API_READ } from '../../../shared/permissions';
import { listedUnlessAsked } from './listing';
import { SYNC_DATA_UIDS } from './sync-data';
import { UID } from '../constants';

// the audit log and the notifications name administrators and hold the alert recipients' addresses; the ignore list
// and the actions on discrepancies say who acted (the API reference lists them from here)
export const GRAPHQL_HIDDEN = [
  UID.connection,
  UID.recordState,
  UID.alertRule,
  UID.alertEvent,
  UID.auditEntry,
  UID.bulkResolution,
  'plugin::easycars.notification',
  UID.reconciliationIgnore,
  UID.discrepancyAction,
];
const LEAD = UID.lead;
const VEHICLE = UID.vehicle;

type Resolve = (parent: unknown, args: any, context: any, info: unknown) => unknown;

export function exposeToGraphql(strapi: Core.Strapi) {
  const graphql = strapi.plugin('graphql');
  if (!graphql) return;
  const extension = graphql.service('extension');
  for (const uid of GRAPHQL_HIDDEN) extension.shadowCRUD(uid).disable();
  for (const uid of SYNC_DATA_UIDS) extension.shadowCRUD(uid).disableMutations();

  // A function: the naming service and the models are only needed once the schema is built.
  extension.use(() => {
    const { naming } = graphql.service('utils');
    const queries = (uid: string) => {
      const model = strapi.getModel(uid as any);
      return {
        one: `Query.${naming.getFindOneQueryName(model)}`,
        many: `Query.${naming.getFindQueryName(model)}`,
        connection: `Query.${naming.getFindConnectionQueryName(model)}`,
      };
    };
    const config: Record<string, object> = {};

    for (const uid of SYNC_DATA_UIDS) {
      const sanitised = sanitiseResult(strapi, uid);
      for (const name of Object.values(queries(uid))) {
        config[name] = { auth: { scope: [CONTENT_API_READ] }, middlewares: [sanitised] };
      }
    }
    for (const name of Object.values(queries(LEAD))) config[name] = { policies: ['api::lead.explicit-read'] };
    const vehicles = queries(VEHICLE);
    for (const name of [vehicles.many, vehicles.connection]) config[name] = { middlewares: [listedByDefault] };

    return { resolversConfig: config };
  });
}

/** Runs a query's result (one record, a list, or a connection's nodes) through the content-API output sanitizers. */
function sanitiseResult(strapi: Core.Strapi, uid: string) {
  return async (next: Resolve, parent: unknown, args: unknown, context: any, info: unknown) => {
    const result: any = await next(parent, args, context, info);
    const model = strapi.getModel(uid as any);
    const clean = (data: unknown) =>
      strapi.contentAPI.sanitize.output(data as any, model, { auth: context?.state?.auth });
    if (result == null) return result;
    if (Array.isArray(result.nodes)) return { ...result, nodes: await clean(result.nodes) };
    return clean(result);
  };
}

function listedByDefault(next: Resolve, parent: unknown, args: any, context: unknown, info: unknown) {
  return next(parent, { ...args, filters: listedUnlessAsked(args?.filters, 'eq') }, context, info);
}
