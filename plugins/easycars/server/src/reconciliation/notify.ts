/**
 * After a scheduled reconciliation: one notification in the admin, and one e-mail to the configured recipients with
 * the counts, the first rows, where the report is, and the report attached as CSV and PDF. Nothing when everything
 * agrees (unless `reconciliation.emailWhenAgreeing`). Customer details are never in it: rows are named by stock
 * number and title, or lead number, and customer values in the attachments read "[hidden]".
 */
import type { Core } from '@strapi/strapi';
import {
  DISCREPANCY_CATEGORIES,
  DISCREPANCY_ENTITIES,
  RECONCILIATION_EXPORT_PREFIX,
  type Reconciliation,
} from '../../../shared/contracts/reconciliation';
import { getConfig } from '../config';
import { sendEmail } from '../notifications/service';
import { getService } from '../utils/get-service';
import { reportCsv, reportPdf } from './export';

/** Rows an e-mail lists; the attachments have the rest. */
const TOP_ROWS = 10;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string
  );

async function text(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

export function reconciliationMessage(
  report: Reconciliation,
  top: Array<{ label: string; entity: string; category: string; severity: string }>
) {
  const total = DISCREPANCY_ENTITIES.reduce(
    (n, e) => n + DISCREPANCY_CATEGORIES.reduce((m, c) => m + report.counts[e][c], 0),
    0
  );
  const name = report.connectionName ?? report.connectionId;
  const title =
    total === 0
      ? `Reconciliation of "${name}": the site and EasyCars agree`
      : `Reconciliation of "${name}": ${total} discrepanc${total === 1 ? 'y' : 'ies'}`;
  const lines = [
    title,
    '',
    ...DISCREPANCY_ENTITIES.map(
      (e) =>
        `${e === 'vehicle' ? 'Vehicles' : 'Leads'}: ${report.counts[e].missing_local} only in EasyCars, ` +
        `${report.counts[e].missing_remote} only on the site, ${report.counts[e].mismatch} with different values`
    ),
    `Severity: ${report.counts.severity.missing} missing, ${report.counts.severity.outdated} outdated, ` +
      `${report.counts.severity.conflicting} conflicting; ${report.counts.ignored} ignored`,
    ...(report.leadWalk ? ['', report.leadWalk.summary] : []),
    ...(top.length > 0
      ? ['', `First ${top.length}:`, ...top.map((d) => `- ${d.label} (${d.entity}, ${d.category}, ${d.severity})`)]
      : []),
    '',
    `The report: reconciliation ${report.id} (GET /easycars/reconciliations/${report.id} in the admin API); CSV and PDF attached.`,
  ];
  const body = lines.join('\n');
  return { title, text: body, html: `<pre>${escapeHtml(body)}</pre>`, total };
}

export async function notifyAfterReconciliation(strapi: Core.Strapi, id: number): Promise<void> {
  try {
    const report = await getService('reconciliations', { strapi }).findOne(id);
    const top = await getService('reconciliations', { strapi }).matching(id, {}, TOP_ROWS, false);
    const message = reconciliationMessage(report, top);
    if (message.total === 0 && !getConfig(strapi, 'reconciliation').emailWhenAgreeing) return;
    const { notificationRecipients } = await getService('settings', { strapi }).get();
    let emailed: boolean | null = null;
    let emailError: string | null = null;
    if (notificationRecipients.length > 0) {
      const [csv, pdf] = await Promise.all([
        reportCsv(strapi, report, false).then(text),
        reportPdf(strapi, report, { showCustomers: false, exportedBy: 'the schedule' }),
      ]);
      emailError = await sendEmail(strapi, notificationRecipients, message, [
        { filename: `${RECONCILIATION_EXPORT_PREFIX}-${id}.csv`, content: csv, contentType: 'text/csv' },
        { filename: `${RECONCILIATION_EXPORT_PREFIX}-${id}.pdf`, content: pdf, contentType: 'application/pdf' },
      ]);
      emailed = emailError === null;
      if (emailError) strapi.log.warn(`[easycars] The e-mail of reconciliation ${id} could not be sent: ${emailError}`);
    }
    await getService('notifications', { strapi }).record({
      kind: 'reconciliation',
      title: message.title,
      body: message.text,
      runId: id,
      connectionId: report.connectionId,
      link: `reconciliations/${id}`,
      emailed,
      emailError,
    });
  } catch (error) {
    strapi.log.error(
      `[easycars] The notification of reconciliation ${id} could not be sent: ${(error as Error).message}`
    );
  }
}
