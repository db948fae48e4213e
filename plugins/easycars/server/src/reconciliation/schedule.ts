/**
 * The reconciliation schedule, a system job (`reconciliation`, `reconciliation.schedule`, Monday 06:00 server time
 * by default): each tick queues one reconciliation per enabled connection, once across every instance. A
 * connection whose reconciliation is still running is skipped until the next tick.
 */
import { getConfig } from '../config';
import { RunConflictError } from '../queue/errors';
import type { SystemJobDefinition } from '../queue/types';
import { getService } from '../utils/get-service';

export const RECONCILIATION_JOB = 'reconciliation';

export function reconciliationJob(cron: string): SystemJobDefinition {
  return {
    cron,
    description: 'Queues a reconciliation of every enabled connection (reconciliation.schedule)',
    handler: async (strapi) => {
      const queue = getService('queue', { strapi });
      for (const connection of await getService('connections', { strapi }).list()) {
        if (!connection.enabled) continue;
        try {
          await queue.trigger({ connectionId: connection.id, kind: 'reconciliation', trigger: 'scheduled' });
        } catch (error) {
          if (!(error instanceof RunConflictError)) throw error;
          strapi.log.info(`[easycars] Scheduled reconciliation of "${connection.name}" skipped: ${error.message}`);
        }
      }
    },
  };
}

/** Declares the schedule (unless `reconciliation.schedule` is null); bootstrap calls it before the queue starts. */
export async function registerReconciliationJob(
  strapi: Parameters<typeof getConfig>[0],
  queue: { registerSystemJob(name: string, definition: SystemJobDefinition): Promise<void> }
): Promise<void> {
  const cron = getConfig(strapi, 'reconciliation').schedule;
  if (cron) await queue.registerSystemJob(RECONCILIATION_JOB, reconciliationJob(cron));
}
