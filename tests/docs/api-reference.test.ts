/** The API reference covers every route the plugin registers, and the committed files are what the code renders. */
import { ROUTE_DOCS } from '../../scripts/docs/api-routes';
import { buildOpenApi, pluginRoutes, publicPath, routeKey } from '../../scripts/docs/api-reference';
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

  it('is committed as generated', () => {
    expectFresh('docs/api/openapi.json');
    expectFresh('docs/api/README.md');
  });
});
