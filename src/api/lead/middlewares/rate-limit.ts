/**
 * Rate limit of the public lead form, per client IP (Koa's ctx.ip: behind a proxy, enable `proxy` in the server
 * config so the forwarded address is used). Settings: route config `{ max, windowSeconds }`, else the environment
 * (LEAD_FORM_RATE_LIMIT, LEAD_FORM_RATE_WINDOW_SECONDS), else 10 per 60 seconds.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { createRateLimiter } from '../utils/rate-limiter';

function positiveInt(value: unknown, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export default (config: { max?: number; windowSeconds?: number } = {}, _ctx: { strapi: Core.Strapi }) => {
  const max = positiveInt(config.max ?? process.env.LEAD_FORM_RATE_LIMIT, 10);
  const windowSeconds = positiveInt(config.windowSeconds ?? process.env.LEAD_FORM_RATE_WINDOW_SECONDS, 60);
  const limiter = createRateLimiter({ max, windowMs: windowSeconds * 1000 });

  return async (ctx: any, next: () => Promise<unknown>) => {
    const decision = limiter.hit(ctx.ip || 'unknown');
    if (!decision.allowed) {
      const retryAfter = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      ctx.set('Retry-After', String(retryAfter));
      throw new errors.RateLimitError(
        `Too many enquiries from this address: at most ${max} every ${windowSeconds} seconds. Try again in ${retryAfter} seconds.`,
        { retryAfterSeconds: retryAfter }
      );
    }
    await next();
  };
};
