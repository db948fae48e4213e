/**
 * Every admin route of the plugin is guarded on the server: 401 without a session, 403 without the route's action,
 * allowed with it. The route list comes from the plugin itself, so a new unguarded route fails here.
 */
import type { Core } from '@strapi/strapi';
import { ACTIONS } from '../../plugins/easycars/shared/permissions';
import { http, registerSuperAdmin, userWithActions } from '../helpers/admin';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

type Route = {
  method: string;
  path: string;
  config: { policies: Array<string | { name: string; config: { actions: string[] } }> };
};

let strapi: Core.Strapi;
let routes: Route[];
const tokens: Record<string, string> = {};

const ALL_ACTIONS = Object.values(ACTIONS);

function requiredAction(route: Route): string {
  const policy = route.config.policies.find((p) => typeof p === 'object' && p.name === 'admin::hasPermissions');
  return (policy as { config: { actions: string[] } }).config.actions[0];
}

function call(route: Route, token?: string) {
  const path = `/easycars${route.path.replace(':id', 'no-such-connection')}`;
  const req = (http(strapi) as any)[route.method.toLowerCase()](path);
  if (token) req.set('Authorization', `Bearer ${token}`);
  return route.method === 'GET' || route.method === 'DELETE' ? req : req.send({});
}

beforeAll(async () => {
  strapi = await setupStrapi();
  routes = (strapi.plugin('easycars').routes as unknown as Record<string, { routes: Route[] }>).admin.routes;
  tokens.super = await registerSuperAdmin(strapi);
  tokens.none = await userWithActions(strapi, 'No plugin access', ['admin::marketplace.read']);
  for (const action of ALL_ACTIONS) {
    tokens[`only:${action}`] = await userWithActions(strapi, `Only ${action}`, [action]);
    tokens[`all-but:${action}`] = await userWithActions(
      strapi,
      `All but ${action}`,
      ALL_ACTIONS.filter((a) => a !== action)
    );
  }
});

afterAll(async () => {
  await teardownStrapi();
});

it('registers the four plugin actions with the admin permission service', () => {
  const registered = strapi
    .service('admin::permission')
    .actionProvider.values()
    .map((a: { actionId: string }) => a.actionId);
  expect(registered).toEqual(expect.arrayContaining(ALL_ACTIONS));
});

it('has routes, each with isAuthenticatedAdmin and hasPermissions for one plugin action', () => {
  expect(routes.length).toBeGreaterThanOrEqual(7);
  for (const route of routes) {
    expect(route.config.policies).toContain('admin::isAuthenticatedAdmin');
    expect(ALL_ACTIONS).toContain(requiredAction(route));
  }
});

it('answers 401 on every route without a session', async () => {
  for (const route of routes) {
    const res = await call(route);
    expect([route.method, route.path, res.status]).toEqual([route.method, route.path, 401]);
  }
});

it('answers 403 on every route to a user without any plugin action', async () => {
  for (const route of routes) {
    const res = await call(route, tokens.none);
    expect([route.method, route.path, res.status]).toEqual([route.method, route.path, 403]);
  }
});

it("answers 403 to a user with every plugin action except the route's own", async () => {
  for (const route of routes) {
    const res = await call(route, tokens[`all-but:${requiredAction(route)}`]);
    expect([route.method, route.path, res.status]).toEqual([route.method, route.path, 403]);
  }
});

it("lets through a user holding only the route's action, and the super admin", async () => {
  for (const route of routes) {
    for (const token of [tokens[`only:${requiredAction(route)}`], tokens.super]) {
      const res = await call(route, token);
      // past the guard the route itself answers: 200 for lists, 400 for an empty body, 404 for an unknown id
      expect([route.method, route.path, [200, 400, 404].includes(res.status)]).toEqual([
        route.method,
        route.path,
        true,
      ]);
    }
  }
});

it('lets a read-only user list connections but not create one', async () => {
  const read = tokens[`only:${ACTIONS.read}`];
  const list = await http(strapi).get('/easycars/connections').set('Authorization', `Bearer ${read}`);
  expect(list.status).toBe(200);
  expect(list.body).toEqual({ data: [], meta: { total: 0 } });
  const create = await http(strapi)
    .post('/easycars/connections')
    .set('Authorization', `Bearer ${read}`)
    .send({ name: 'x' });
  expect(create.status).toBe(403);
  expect(await strapi.db.query('plugin::easycars.connection').count()).toBe(0);
});
