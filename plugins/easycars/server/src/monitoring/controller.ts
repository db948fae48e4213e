/** Thin shells of the monitoring endpoints: the health check, Prometheus, the performance series, what runs now. */
import type { Core } from '@strapi/strapi';
import { METRIC_SERIES, metricsQuerySchema, operationsQuerySchema } from '../../../shared/contracts/monitoring';
import { validate } from '../utils/validate';
import { healthReader } from './health';
import { readOperations } from './operations';
import { seriesReader } from './series';
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

  /** `GET /easycars/metrics?from=&to=&series=`: the performance page's series (default: the last 24 hours, all). */
  async series(ctx: Ctx) {
    const query = validate(metricsQuerySchema, ctx.query);
    const to = query.to ?? new Date();
    const from = query.from ?? new Date(to.getTime() - 86_400_000);
    const names = query.series ?? METRIC_SERIES;
    ctx.body = { data: await seriesReader(strapi).performance(from, to, names) };
  },

  /** `GET /easycars/operations`: runs in progress, queue depth, resource use. */
  async operations(ctx: Ctx) {
    validate(operationsQuerySchema, ctx.query);
    ctx.body = await readOperations(strapi);
  },
});
