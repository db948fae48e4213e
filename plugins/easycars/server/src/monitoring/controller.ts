/** Thin shells of the monitoring endpoints: the health check, Prometheus, the performance series, what runs now. */
import type { Core } from '@strapi/strapi';
import { healthReader } from './health';

type Ctx = Parameters<Core.MiddlewareHandler>[0];

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** `GET /api/admin/easycars/health`: 200 while it works (ok or degraded), 503 when down. */
  async health(ctx: Ctx) {
    const health = await healthReader(strapi).read();
    ctx.status = health.status === 'down' ? 503 : 200;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = health;
  },
});
