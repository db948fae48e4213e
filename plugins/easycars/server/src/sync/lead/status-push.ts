/**
 * A status changed here goes out to EasyCars (UpdateLead). EasyCars may refuse it (e.g. Deleted is final there):
 * the refusal is kept on the lead so it is not sent again until the status changes once more.
 */
import { ValidationError, isEasyCarsError } from '../../easycars';
import { RunStop, isConnectionProblem, type LeadRun } from './lead-run';
import { STATUS_CODE, type LeadRow, type LocalLeadStatus } from './mapping';

/** "sent", "refused" (kept on the lead), or "waiting" (EasyCars unavailable: the next run sends it). */
export type StatusPushOutcome = 'sent' | 'refused' | 'waiting';

/** Sends `change.status` for the lead; what to write on the lead row goes into `write`. */
export async function pushStatus(
  lr: LeadRun,
  lead: LeadRow,
  change: { status: LocalLeadStatus; remoteStatus: LocalLeadStatus | null },
  write: Record<string, unknown>
): Promise<StatusPushOutcome> {
  const { run, client } = lr;
  const { status } = change;
  const leadNumber = lead.easycarsLeadNumber as string;
  const key = leadNumber;
  try {
    const answer = await client.updateLead({ LeadNumber: leadNumber, LeadStatus: STATUS_CODE[status] });
    if (answer.warning) run.warnings.push(`EasyCars warning for lead ${leadNumber}: ${answer.warning}`);
    write.remoteStatusPushed = status;
    write.statusPushError = null;
    lr.progressMade = true;
    run.item({
      externalKey: key,
      localId: lead.documentId,
      action: 'updated',
      before: { status: change.remoteStatus },
      after: { status },
      changedFields: ['status'],
    });
    return 'sent';
  } catch (error) {
    if (isConnectionProblem(error)) throw new RunStop(error);
    if (error instanceof ValidationError) {
      const message = `EasyCars refused the status "${status}": ${error.vendorMessage ?? error.message}`;
      write.statusPushRejected = status;
      write.statusPushError = message;
      run.counts.failed += 1;
      run.item({
        externalKey: key,
        localId: lead.documentId,
        action: 'failed',
        before: { status: change.remoteStatus },
        after: { status },
        changedFields: ['status'],
        error: message,
      });
      return 'refused';
    }
    if (isEasyCarsError(error) && error.retryable) {
      lr.unavailable = error;
      return 'waiting';
    }
    throw error;
  }
}
