import type { Core } from '@strapi/strapi';
import type alerts from '../alerts/service';
import type audit from '../audit/service';
import type bulkResolutions from '../conflicts/bulk';
import type connections from '../connections/service';
import type notifications from '../notifications/service';
import type dashboard from '../dashboard/service';
import type queue from '../queue/service';
import type retention from '../retention/service';
import type settings from '../settings/service';
import type runs from '../sync/runs';
import type reconciliations from '../reconciliation/service';
import type discrepancyActions from '../reconciliation/action-jobs';

export type Services = {
  connections: ReturnType<typeof connections>;
  runs: ReturnType<typeof runs>;
  queue: ReturnType<typeof queue>;
  retention: ReturnType<typeof retention>;
  audit: ReturnType<typeof audit>;
  'bulk-resolutions': ReturnType<typeof bulkResolutions>;
  settings: ReturnType<typeof settings>;
  notifications: ReturnType<typeof notifications>;
  dashboard: ReturnType<typeof dashboard>;
  alerts: ReturnType<typeof alerts>;
  reconciliations: ReturnType<typeof reconciliations>;
  'discrepancy-actions': ReturnType<typeof discrepancyActions>;
};

/**
 * Typed access to the plugin's services of this Strapi instance (never the global one: several instances can run
 * in one process, as the tests and a worker beside a server do).
 */
export function getService<K extends keyof Services>(name: K, { strapi }: { strapi: Core.Strapi }): Services[K] {
  return strapi.plugin('easycars').service(name) as Services[K];
}
