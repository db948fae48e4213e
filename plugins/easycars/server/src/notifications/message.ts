/**
 * The words of a conflict notification: the same list in the admin and in the e-mail (plain text, and HTML for mail
 * readers). Records are named by vehicle title or lead number and their fields by name: no values, so no customer
 * details.
 */

export interface ListedRecord {
  label: string;
  fields: string[];
}

export interface ConflictMessage {
  title: string;
  /** Plain text: the in-app body and the e-mail's text part. */
  text: string;
  html: string;
}

/** Records listed in one message; the rest are in the inbox. */
export const LISTED = 50;

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function conflictMessage(runId: number, records: ListedRecord[], inboxUrl: string): ConflictMessage {
  const count = records.length;
  const title = `${count} conflict${count === 1 ? '' : 's'} waiting for review`;
  const listed = records.slice(0, LISTED);
  const more = count > LISTED ? `and ${count - LISTED} more` : null;
  const intro = `Sync run ${runId} found records changed both here and in EasyCars:`;
  const text = [
    intro,
    ...listed.map((r) => `- ${r.label}: ${r.fields.join(', ')}`),
    ...(more ? [`- ${more}`] : []),
    '',
    `Resolve them in the conflict inbox: ${inboxUrl}`,
  ].join('\n');
  const items = listed.map(
    (r) => `<li><strong>${escapeHtml(r.label)}</strong>: ${escapeHtml(r.fields.join(', '))}</li>`
  );
  if (more) items.push(`<li>${more}</li>`);
  const html = [
    `<p>${escapeHtml(intro)}</p>`,
    `<ul>${items.join('')}</ul>`,
    `<p><a href="${escapeHtml(inboxUrl)}">Resolve them in the conflict inbox</a></p>`,
  ].join('\n');
  return { title, text, html };
}
