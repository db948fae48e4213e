/**
 * The public lead form's per-IP rate limit: a 429 with Retry-After and a clear message. (The window's end is covered
 * by the limiter's unit test, without waiting.)
 */
import type { Core } from '@strapi/strapi';
import { http } from '../helpers/admin';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

let strapi: Core.Strapi;
const post = (data: Record<string, unknown>) => http(strapi).post('/api/leads').send({ data });

beforeAll(async () => {
  strapi = await setupStrapi({ LEAD_FORM_RATE_LIMIT: '3', LEAD_FORM_RATE_WINDOW_SECONDS: '30' });
  strapi.config.set('plugin::easycars.leads', { pushOnCreate: false });
});

afterAll(async () => {
  await teardownStrapi();
});

it('counts every submission from one address and refuses the one over the limit', async () => {
  expect((await post({ name: 'A', email: 'a@example.com' })).status).toBe(201);
  expect((await post({ name: 'B', email: 'not-an-email' })).status).toBe(400);
  expect((await post({ name: 'C', email: 'c@example.com' })).status).toBe(201);

  const refused = await post({ name: 'D', email: 'd@example.com' });
  expect(refused.status).toBe(429);
  expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(30);
  expect(refused.body.error).toMatchObject({ status: 429, name: 'RateLimitError' });
  expect(refused.body.error.message).toMatch(
    /Too many enquiries from this address: at most 3 every 30 seconds\. Try again in \d+ seconds\.$/
  );
  expect(await strapi.db.query('api::lead.lead').count({ where: { name: 'D' } })).toBe(0);

  // Other lead routes are not limited by the form's counter (they answer 403 to the public as usual)
  expect((await http(strapi).get('/api/leads')).status).toBe(403);
});
