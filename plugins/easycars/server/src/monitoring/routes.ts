/**
 * The monitoring routes. Content API (API tokens): the health check at /api/admin/easycars/health (the empty prefix
 * mounts it outside /api/easycars), which admin sessions with the read action may call too, and Prometheus at
 * /api/easycars/metrics. Each route's handler is also the token permission Strapi offers for it:
 * plugin::easycars.monitoring.health and plugin::easycars.monitoring.metrics.
 */
import { guarded } from '../utils/route';
import { API_TOKEN_STRATEGY, adminSessionStrategy } from './auth';

export const contentApiRoutes = [
  {
    method: 'GET',
    path: '/admin/easycars/health',
    handler: 'monitoring.health',
    config: { prefix: '', auth: { strategies: [adminSessionStrategy, API_TOKEN_STRATEGY] } },
  },
  // API tokens only (no users-permissions public role): without one, a 401
  {
    method: 'GET',
    path: '/metrics',
    handler: 'monitoring.metrics',
    config: { auth: { strategies: [API_TOKEN_STRATEGY] } },
  },
];

/** Admin API: the performance page's series and what runs now. */
export const adminRoutes = [
  guarded('read', 'GET', '/metrics', 'monitoring.series'),
  guarded('read', 'GET', '/operations', 'monitoring.operations'),
];
