/** Thin shells of the monitoring endpoints: the health check, Prometheus, the performance series, what runs now. */
import type { Core } from '@strapi/strapi';
import { healthReader } from './health';
import { prometheusOf } from './prometheus';

type Ctx = Parameters<Core.MiddlewareHandler>[0];

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** `GET /api/admin/easycars/health`: 200 while it works (ok or degraded), 503 when down. */
  async health(ctx: Ctx) {
    const health = await healthReader(strapi).read();
    ctx.status = health.status === 'down' ? 503 : 200;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = health;
  },

  /** `GET /api/easycars/metrics`: the Prometheus text format. */
  async metrics(ctx: Ctx) {
    const prometheus = prometheusOf(strapi);
    const body = await prometheus.metrics();
    ctx.set('Cache-Control', 'no-store');
    ctx.type = prometheus.contentType;
    ctx.body = body;
  },
});
