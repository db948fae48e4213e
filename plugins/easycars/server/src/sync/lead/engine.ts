/**
 * One lead run for one connection: push the due leads of the outbox (push.ts: CreateLead), then read back the leads
 * EasyCars knows and send local status changes (refresh.ts, status-push.ts). Every push and every change is a run
 * item; the run ends succeeded, partial (some leads failed) or failed (the run could not do its work: credentials,
 * EasyCars unavailable, an unexpected error). Safe to run again at any point.
 */
import type { Core } from '@strapi/strapi';
import { createEasyCarsClient, type EasyCarsError } from '../../easycars';
import { notifyAfterRun } from '../../notifications/service';
import { evaluateAfterRun } from '../../alerts/job';
import { getService } from '../../utils/get-service';
import { describeRunError } from '../describe-error';
import { createRunContext, type RunJobContext } from '../run-context';
import { leadAccountKey, stampLeadsOfAccount } from './accounts';
import { RunStop, leadRows, plural, type LeadRun } from './lead-run';
import { defaultConnectionId } from './outbox';
import { pushDueLeads, releaseStaleClaims } from './push';
import { parseLeadNumber } from './recovery';
import { refreshKnownLeads } from './refresh';
import { getConfig } from '../../config';

export interface LeadJobRef {
  runId: number;
  connectionId: string;
  kind: 'lead';
}

export type LeadJobContext = RunJobContext;

export async function runLeadSync(strapi: Core.Strapi, job: LeadJobRef, ctx: LeadJobContext): Promise<void> {
  const { connectionId } = job;
  const run = createRunContext(strapi, { runId: job.runId, connectionId, entity: 'lead' }, ctx);
  const leads = () => leadRows(strapi);
  await run.start();
  try {
    const options = await getService('connections', { strapi }).clientOptionsFor(connectionId);
    const client = createEasyCarsClient({ ...options, onCall: run.recordCall });
    const accountKey = leadAccountKey(options.credentials, client.root);
    // Leads pushed before accounts were recorded were pushed to the account in use until now.
    await stampLeadsOfAccount(strapi, connectionId, accountKey);

    if ((await defaultConnectionId(strapi)) === connectionId) {
      // Leads created before any connection existed go to the default one.
      await leads().updateMany({ where: { connectionId: null, pushStatus: 'pending' }, data: { connectionId } });
    }
    const numbers = await leads().findMany({
      where: { connectionId, easycarsAccount: accountKey, easycarsLeadNumber: { $notNull: true } },
      select: ['easycarsLeadNumber'],
    });
    const floor = numbers.reduce((max: number, r: any) => Math.max(max, parseLeadNumber(r.easycarsLeadNumber) ?? 0), 0);
    const lr: LeadRun = {
      strapi,
      run,
      client,
      settings: getConfig(strapi, 'leads'),
      accountKey,
      floor,
      unavailable: null,
      progressMade: false,
    };

    await run.progress(5, 'Pushing new leads to EasyCars');
    await releaseStaleClaims(lr);
    await pushDueLeads(lr);
    await run.flush();
    if (!lr.unavailable) {
      await run.progress(50, 'Reading leads back from EasyCars');
      await refreshKnownLeads(lr);
    }
    await run.flush();

    const { counts } = run;
    const pending = await leads().count({ where: { connectionId, pushStatus: 'pending' } });
    let status: 'succeeded' | 'partial' | 'failed' = counts.failed > 0 ? 'partial' : 'succeeded';
    let errorMessage: string | null =
      counts.failed > 0 ? `${plural(counts.failed, 'lead')} could not be synced: see the items` : null;
    if (lr.unavailable) {
      const stopped = lr.unavailable as EasyCarsError;
      status = lr.progressMade ? 'partial' : 'failed';
      errorMessage = `${describeRunError(stopped)} ${plural(pending, 'lead')} wait${pending === 1 ? 's' : ''} in the outbox; none is lost.`;
    }
    await run.finish({ status, errorMessage });
  } catch (error) {
    await run.fail(error instanceof RunStop ? error.reason : error);
  }
  // conflicts opened before a failure wait for review all the same
  await notifyAfterRun(strapi, job.runId, connectionId);
  await evaluateAfterRun(strapi, connectionId);
}
