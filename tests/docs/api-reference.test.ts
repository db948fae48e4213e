/**
 * The API reference covers every route the plugin registers, describes each parameter and field, says what GraphQL
 * exposes, and the committed files are what the code renders.
 */
import { ROUTE_DOCS } from '../../scripts/docs/api-routes';
import {
  buildOpenApi,
  graphqlListQuery,
  pluginRoutes,
  publicPath,
  renderApiReadme,
  routeKey,
} from '../../scripts/docs/api-reference';
import { GRAPHQL_HIDDEN } from '../../plugins/easycars/server/src/content-api/graphql';
import { SYNC_DATA_UIDS } from '../../plugins/easycars/server/src/content-api/sync-data';
import { CONTENT_API_READ } from '../../plugins/easycars/shared/permissions';
import { expectFresh } from './generated';

describe('API reference', () => {
  const routes = pluginRoutes();

  it('has an entry for every route of the plugin, and none for a route that is gone', () => {
    const keys = routes.map(routeKey);
    expect(keys.filter((key) => !ROUTE_DOCS[key])).toEqual([]);
    expect(Object.keys(ROUTE_DOCS).filter((key) => !keys.includes(key))).toEqual([]);
  });

  it('puts every route in the OpenAPI document with its permission and errors', () => {
    const doc = buildOpenApi();
    expect(doc.openapi).toBe('3.1.0');
    for (const route of routes) {
      const path = publicPath(route).replace(/:(\w+)/g, '{$1}');
      const operation = doc.paths[path]?.[route.method.toLowerCase()];
      expect({ route: routeKey(route), found: Boolean(operation) }).toEqual({ route: routeKey(route), found: true });
      expect(operation['x-strapi-action']).toMatch(/^plugin::easycars\./);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
    // request bodies are the contracts' JSON schemas
    const create = doc.paths['/easycars/connections'].post.requestBody.content['application/json'].schema;
    expect(create).toEqual({ $ref: '#/components/schemas/createConnectionSchema' });
    expect(doc.components.schemas.createConnectionSchema.required).toEqual(
      expect.arrayContaining(['name', 'environment', 'clientId', 'clientSecret', 'accountNumber', 'accountSecret'])
    );
    const runs = doc.paths['/easycars/runs'].get.parameters.map((p: { name: string }) => p.name);
    expect(runs).toEqual(expect.arrayContaining(['from', 'to', 'status', 'page', 'pageSize']));
  });

  it('describes every path and query parameter and every request body field', () => {
    const doc = buildOpenApi();
    const missing: string[] = [];
    for (const [path, operations] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, operation] of Object.entries<any>(operations)) {
        for (const p of operation.parameters ?? []) {
          if (!p.description) missing.push(`${method} ${path} ${p.in} ${p.name}`);
        }
      }
    }
    // every property at any depth: through optional/nullable (anyOf) and lists
    const walk = (where: string, schema: any): void => {
      for (const [name, field] of Object.entries<any>(schema?.properties ?? {})) {
        if (!field.description) missing.push(`${where}.${name}`);
        walk(`${where}.${name}`, field);
      }
      for (const branch of schema?.anyOf ?? []) walk(where, branch);
      if (schema?.items) walk(`${where}[]`, schema.items);
    };
    for (const [name, schema] of Object.entries<any>(doc.components.schemas)) if (name !== 'Error') walk(name, schema);
    expect(missing).toEqual([]);
    // a parameter's description is the contract's own
    const runs = doc.paths['/easycars/runs'].get.parameters.find((p: { name: string }) => p.name === 'q');
    expect(runs.description).toMatch(/stock number/);
  });

  it('says what GraphQL exposes, and to which tokens, from what the plugin gives the GraphQL plugin', () => {
    const page = renderApiReadme();
    const section = page.slice(page.indexOf('## GraphQL'));
    for (const uid of SYNC_DATA_UIDS) expect(section).toContain(`\`${graphqlListQuery(uid)}\``);
    expect(section).toContain(CONTENT_API_READ);
    expect(section).toMatch(/Not exposed at all.*connection, record state/);
    expect(GRAPHQL_HIDDEN).toContain('plugin::easycars.connection');
  });

  it('is committed as generated', () => {
    expectFresh('docs/api/openapi.json');
    expectFresh('docs/api/README.md');
  });
});
