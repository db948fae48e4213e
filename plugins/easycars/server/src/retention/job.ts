/**
 * The daily clean-up, a system job: each tick runs once across every instance (see queue/), and the clean-up's own
 * lock keeps it from running beside a "Clean up now".
 */
import type { SystemJobDefinition } from '../queue/types';
import { getService } from '../utils/get-service';
import { CleanupRunningError } from './lock';

export const RETENTION_JOB = 'retention';
/** Every day at 03:30, server time: after midnight's lead follow-ups, before the working day. */
export const RETENTION_CRON = '30 3 * * *';

export function retentionJob(): SystemJobDefinition {
  return {
    cron: RETENTION_CRON,
    description: 'Deletes (or archives, then deletes) sync runs older than retention.days',
    handler: async (strapi, { signal }) => {
      const retention = getService('retention', { strapi });
      let outcome;
      try {
        outcome = await retention.run({ trigger: 'scheduled', signal });
      } catch (error) {
        if (!(error instanceof CleanupRunningError)) throw error;
        strapi.log.info(`[easycars] Daily clean-up skipped: ${error.message}`);
        return;
      }
      // the queue records the job's execution as failed, with the message
      if (outcome.status === 'failed') throw new Error(`Clean-up failed: ${outcome.errorMessage}`);
    },
  };
}

/** Declares the daily clean-up; bootstrap calls it before the queue starts. */
export async function registerRetentionJob(queue: {
  registerSystemJob(name: string, definition: SystemJobDefinition): Promise<void>;
}): Promise<void> {
  await queue.registerSystemJob(RETENTION_JOB, retentionJob());
}
