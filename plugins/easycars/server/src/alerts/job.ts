/**
 * When alert rules are evaluated: every minute by a system job (each tick runs once across every instance, see
 * queue/), and after each run for the rules that watch its connection, so a failing sync is told at once.
 */
import type { Core } from '@strapi/strapi';
import type { SystemJobDefinition } from '../queue/types';
import { getService } from '../utils/get-service';

export const ALERTS_JOB = 'alerts';
export const ALERTS_CRON = '* * * * *';

export function alertsJob(): SystemJobDefinition {
  return {
    cron: ALERTS_CRON,
    description: 'Evaluates the enabled alert rules and notifies each change of state',
    handler: async (strapi) => {
      await getService('alerts', { strapi }).evaluateAll(new Date());
    },
  };
}

/** Declares the evaluation every minute; bootstrap calls it before the queue starts. */
export async function registerAlertsJob(queue: {
  registerSystemJob(name: string, definition: SystemJobDefinition): Promise<void>;
}): Promise<void> {
  await queue.registerSystemJob(ALERTS_JOB, alertsJob());
}

/** Called by a run once it has finished: an evaluation that fails is logged, never the run's failure. */
export async function evaluateAfterRun(strapi: Core.Strapi, connectionId: string): Promise<void> {
  try {
    await getService('alerts', { strapi }).evaluateAll(new Date(), { connectionId });
  } catch (error) {
    strapi.log.error(`[easycars] Alert rules could not be evaluated after a run: ${(error as Error).message}`);
  }
}
