/** Admin users and roles for API tests, created through Strapi's own services. */
import type { Core } from '@strapi/strapi';
import request from 'supertest';

export const SUPER_ADMIN = {
  email: 'super@example.com',
  password: 'Sup3rSecret!pass',
  firstname: 'Super',
  lastname: 'Admin',
};

export function http(strapi: Core.Strapi) {
  return request(strapi.server.httpServer);
}

/** Requests to the plugin's admin API (`/easycars/...`) as the user of `token`. */
export function adminApi(strapi: Core.Strapi, token: string) {
  const call = (method: 'get' | 'post' | 'put' | 'delete', path: string, body?: unknown) =>
    http(strapi)
      [method](`/easycars${path}`)
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);
  return {
    get: (path: string) => call('get', path),
    post: (path: string, body: unknown) => call('post', path, body),
    put: (path: string, body: unknown) => call('put', path, body),
    delete: (path: string) => call('delete', path),
  };
}

/** Registers the first (super) admin and returns its JWT. */
export async function registerSuperAdmin(strapi: Core.Strapi): Promise<string> {
  const res = await http(strapi).post('/admin/register-admin').send(SUPER_ADMIN);
  if (res.status !== 200) throw new Error(`register-admin failed: ${res.status} ${res.text}`);
  return res.body.data.token;
}

/** Creates a role holding exactly the given plugin actions and an active user with it; returns the user's JWT. */
export async function userWithActions(strapi: Core.Strapi, name: string, actions: string[]): Promise<string> {
  const roleService = strapi.service('admin::role');
  const role = await roleService.create({ name, description: `test role ${name}` });
  await roleService.assignPermissions(
    role.id,
    actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] }))
  );
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}@example.com`;
  const password = 'Us3rSecret!pass';
  await strapi
    .service('admin::user')
    .create({ email, firstname: name, lastname: 'User', password, isActive: true, roles: [role.id] });
  const res = await http(strapi).post('/admin/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return res.body.data.token;
}
