/**
 * Leads in a reconciliation. EasyCars cannot list leads: it reads one by number (GetLeadDetail), and only the
 * caller's own lead source's. So every local lead pushed to the account is read by its number, and the leads EasyCars
 * has that the site does not are found by walking the account's numbers: the gaps below the highest known one, then
 * onwards until a run of numbers EasyCars does not know. Reads only.
 */
import type { Core } from '@strapi/strapi';
import type { DiscrepancyField, LeadWalk } from '../../../shared/contracts/reconciliation';
import { UID } from '../constants';
import { ValidationError, type EasyCarsClient, type LeadDetailAnswer } from '../easycars';
import { leadAccountKey } from '../sync/lead/accounts';
import { LEAD_COLUMNS } from '../sync/lead/lead-run';
import { REFRESH_FIELDS, clean, localView, viewOfDetail, type LeadRow, type LeadView } from '../sync/lead/mapping';
import { formatLeadNumber, parseLeadNumber } from '../sync/lead/recovery';
import { columnsOf } from '../utils/tables';
import { fingerprintOf, type FoundDiscrepancy } from './compare';

/** What GetLeadDetail said of one number. */
export type LeadRead =
  | { found: true; detail: LeadDetailAnswer }
  /** `other-source`: the number exists but belongs to another lead source, which this one may not read. */
  | { found: false; reason: 'unknown' | 'other-source' };

/** Local leads that should be in EasyCars but were never sent, or failed. */
const NOT_SENT = ['pending', 'failed'];

const lower = (...values: unknown[]) =>
  values
    .filter((v) => typeof v === 'string' && v !== '')
    .map((v) => (v as string).toLowerCase())
    .join(' ');

/** The fields compared: customer and contact fields, interest, finance, rating; status when EasyCars reports it. */
function leadFields(statusReported: boolean): readonly string[] {
  return statusReported ? [...REFRESH_FIELDS, 'status'] : REFRESH_FIELDS;
}

const fieldsOf = (view: LeadView, side: 'local' | 'remote', fields: readonly string[]): DiscrepancyField[] =>
  fields.flatMap((field) => {
    const value = clean((view as Record<string, unknown>)[field]);
    if (value === null) return [];
    return [{ field, local: side === 'local' ? value : null, remote: side === 'remote' ? value : null }];
  });

/**
 * The pure part: local leads of the connection, what EasyCars answered for each number read, and the record state's
 * snapshots (the base) in; the lead discrepancies out.
 */
export function compareLeads(input: {
  locals: LeadRow[];
  /** Leads pushed to this account, by lead number. */
  reads: Map<string, LeadRead>;
  /** Leads found by the walk that no local lead has. */
  walkFound: LeadDetailAnswer[];
  bases: Map<string, LeadView>;
  statusReported: boolean;
}): FoundDiscrepancy[] {
  const found: FoundDiscrepancy[] = [];
  const fields = leadFields(input.statusReported);
  const byDocument = new Map(input.locals.map((l) => [l.documentId, l]));
  const linked = new Set<string>();

  for (const detail of input.walkFound) {
    const remote = viewOfDetail(detail);
    const owner = detail.ExternalID ? byDocument.get(detail.ExternalID) : undefined;
    if (owner && !owner.easycarsLeadNumber) {
      // pushed after all (an answer lost on the way): the site does not know it has this number
      linked.add(owner.documentId);
      const diff = [{ field: 'easycarsLeadNumber', local: null, remote: detail.LeadNumber }];
      found.push({
        entity: 'lead',
        category: 'mismatch',
        severity: 'outdated',
        externalKey: detail.LeadNumber,
        localId: owner.documentId,
        recordKey: detail.LeadNumber,
        label: `Lead ${detail.LeadNumber}`,
        fields: diff,
        searchText: lower(detail.LeadNumber, owner.email, remote.email),
        fingerprint: fingerprintOf('mismatch', diff),
      });
      continue;
    }
    found.push({
      entity: 'lead',
      category: 'missing_local',
      severity: 'missing',
      externalKey: detail.LeadNumber,
      localId: null,
      recordKey: detail.LeadNumber,
      label: `Lead ${detail.LeadNumber}`,
      fields: fieldsOf(remote, 'remote', fields),
      searchText: lower(detail.LeadNumber, remote.email),
      fingerprint: fingerprintOf('missing_local', remote),
    });
  }

  for (const lead of input.locals) {
    const number = lead.easycarsLeadNumber ?? null;
    const read = number ? input.reads.get(number) : undefined;
    const local = localView(lead);
    if (!number || !read) {
      if (number || !NOT_SENT.includes(lead.pushStatus) || linked.has(lead.documentId)) continue;
      const diff = [
        { field: 'pushStatus', local: lead.pushStatus, remote: null },
        ...(lead.pushLastError ? [{ field: 'pushLastError', local: lead.pushLastError, remote: null }] : []),
        ...fieldsOf(local, 'local', ['name', 'email']),
      ];
      found.push(missingRemote(lead, diff, { pushStatus: lead.pushStatus, error: lead.pushLastError ?? null }));
      continue;
    }
    if (!read.found) {
      const diff = [
        { field: 'easycarsLeadNumber', local: number, remote: null },
        ...fieldsOf(local, 'local', ['name', 'email']),
      ];
      found.push(missingRemote(lead, diff, { number, reason: read.reason }));
      continue;
    }
    const remote = viewOfDetail(read.detail);
    const base = input.bases.get(number) ?? null;
    const baseStatus = base?.status ?? lead.remoteStatusPushed ?? null;
    const value = (view: LeadView | null, field: string) =>
      field === 'status' && view === base ? baseStatus : clean((view as Record<string, unknown> | null)?.[field]);
    const differing = fields.filter((field) => value(local, field) !== value(remote, field));
    if (differing.length === 0) continue;
    // both sides moved away from the base on one field: a conflict; otherwise a sync would settle it
    const conflicting =
      base !== null &&
      differing.some(
        (field) => value(local, field) !== value(base, field) && value(remote, field) !== value(base, field)
      );
    const diff = differing.map((field) => ({ field, local: value(local, field), remote: value(remote, field) }));
    found.push({
      entity: 'lead',
      category: 'mismatch',
      severity: conflicting ? 'conflicting' : 'outdated',
      externalKey: number,
      localId: lead.documentId,
      recordKey: number,
      label: `Lead ${number}`,
      fields: diff,
      searchText: lower(number, local.email, remote.email),
      fingerprint: fingerprintOf('mismatch', diff),
    });
  }
  return found;
}

function missingRemote(lead: LeadRow, fields: DiscrepancyField[], values: unknown): FoundDiscrepancy {
  const number = lead.easycarsLeadNumber ?? null;
  return {
    entity: 'lead',
    category: 'missing_remote',
    severity: 'missing',
    externalKey: number,
    localId: lead.documentId,
    recordKey: number ?? `local:${lead.documentId}`,
    label: number ? `Lead ${number}` : 'Lead not sent to EasyCars',
    fields,
    searchText: lower(number, lead.email),
    fingerprint: fingerprintOf('missing_remote', values),
  };
}

/** Runs `work` over `items`, at most `limit` at a time, in order of start. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function readLead(client: EasyCarsClient, number: string): Promise<LeadRead> {
  try {
    return { found: true, detail: await client.getLeadDetail(number) };
  } catch (error) {
    // "Lead not found." or "… for this lead source.": EasyCars answers Code 7; anything else stops the run
    if (error instanceof ValidationError) {
      const other = /lead source/i.test(error.vendorMessage ?? '');
      return { found: false, reason: other ? 'other-source' : 'unknown' };
    }
    throw error;
  }
}

export interface LeadComparison {
  discrepancies: FoundDiscrepancy[];
  walk: LeadWalk;
  /** Leads found by the walk that no local lead has (or only under another name). */
  found: number;
  localCount: number;
}

/**
 * The shell: the connection's leads and their record state in one query each, every pushed lead read (the
 * client retries 429s and honours Retry-After), then the walk.
 */
export async function compareLeadsOf(
  strapi: Core.Strapi,
  input: {
    connectionId: string;
    client: EasyCarsClient;
    options: { credentials: { accountNumber: string } };
    settings: { leadWalkMisses: number; concurrency: number };
    checkpoint: () => Promise<void>;
    progress: (share: number, message: string) => Promise<void>;
  }
): Promise<LeadComparison> {
  const { connectionId, client, settings } = input;
  const accountKey = leadAccountKey(input.options.credentials, client.root);
  const hasLeads = strapi.db.metadata.has(UID.lead as any);
  const all = hasLeads
    ? ((await strapi.db.query(UID.lead as any).findMany({
        where: { connectionId },
        select: LEAD_COLUMNS,
      })) as LeadRow[])
    : [];
  // leads pushed to another account the connection used before are not this account's
  const locals = all.filter((l) => !l.easycarsAccount || l.easycarsAccount === accountKey);
  const pushed = locals.filter((l) => l.easycarsLeadNumber);
  const reads = new Map<string, LeadRead>();
  let statusReported: boolean | null = null;
  const note = (read: LeadRead) => {
    if (read.found) statusReported = (statusReported ?? false) || read.detail.LeadStatus !== undefined;
  };

  let done = 0;
  await eachLimited(pushed, settings.concurrency, async (lead) => {
    const number = lead.easycarsLeadNumber as string;
    const read = await readLead(client, number);
    note(read);
    reads.set(number, read);
    done += 1;
    if (done % 50 === 0) {
      await input.checkpoint();
      await input.progress((done / Math.max(1, pushed.length)) * 0.7, `Read ${done} of ${pushed.length} leads`);
    }
  });

  // the walk: gaps first, then past the highest known number
  const known = new Set(pushed.map((l) => parseLeadNumber(l.easycarsLeadNumber)).filter((n): n is number => !!n));
  const width = Math.max(6, ...pushed.map((l) => (l.easycarsLeadNumber as string).trim().length));
  const highestKnown = Math.max(0, ...known);
  const gaps: number[] = [];
  for (let n = 1; n < highestKnown; n++) if (!known.has(n)) gaps.push(n);
  const walkFound: LeadDetailAnswer[] = [];
  let tried = 0;
  let highestTried = highestKnown;
  await input.progress(0.7, `Looking for leads EasyCars has and the site does not (${gaps.length} gaps)`);
  await eachLimited(gaps, settings.concurrency, async (n) => {
    const read = await readLead(client, formatLeadNumber(n, width));
    tried += 1;
    note(read);
    if (read.found) walkFound.push(read.detail);
  });
  let misses = 0;
  let next = highestKnown + 1;
  while (misses < settings.leadWalkMisses) {
    await input.checkpoint();
    const batch = Array.from(
      { length: Math.min(settings.concurrency, settings.leadWalkMisses - misses) },
      (_, i) => next + i
    );
    next += batch.length;
    const answers = await Promise.all(batch.map((n) => readLead(client, formatLeadNumber(n, width))));
    for (const [i, read] of answers.entries()) {
      tried += 1;
      highestTried = batch[i];
      note(read);
      if (read.found) walkFound.push(read.detail);
      // a number of another lead source exists: the account's numbering goes on past it
      misses = read.found || read.reason === 'other-source' ? 0 : misses + 1;
    }
  }
  walkFound.sort((a, b) => a.LeadNumber.localeCompare(b.LeadNumber));

  const bases = await leadBases(strapi, connectionId);
  const discrepancies = compareLeads({
    locals,
    reads,
    walkFound,
    bases,
    statusReported: statusReported === true,
  });
  const highest = highestTried > 0 ? formatLeadNumber(highestTried, width) : null;
  const walk: LeadWalk = {
    knownRead: pushed.length,
    numbersTried: tried,
    highestTried: highest,
    stopAfterMisses: settings.leadWalkMisses,
    statusReported,
    summary:
      `Read ${pushed.length} lead${pushed.length === 1 ? '' : 's'} the site pushed to this account, then tried ` +
      `${tried} other lead number${tried === 1 ? '' : 's'} (the gaps below the highest known one, then onwards) ` +
      `up to ${highest ?? 'none'}, stopping after ${settings.leadWalkMisses} in a row that EasyCars did not know. ` +
      'Leads of other lead sources cannot be read through the API and are not compared. ' +
      (statusReported === false
        ? 'This account does not report lead status (LeadStatus) in GetLeadDetail: status was not compared.'
        : statusReported
          ? 'This account reports lead status: status was compared.'
          : 'No lead was read, so whether this account reports lead status is not known.'),
  };
  return { discrepancies, walk, found: walkFound.length, localCount: locals.length };
}

/** The record state's snapshot of each lead of the connection (the base), in one query. */
async function leadBases(strapi: Core.Strapi, connectionId: string): Promise<Map<string, LeadView>> {
  const { table, column } = columnsOf(strapi, UID.recordState);
  const rows: Array<{ externalKey: string; remoteSnapshot: unknown }> = await strapi.db
    .connection(table)
    .select({ externalKey: column('externalKey'), remoteSnapshot: column('remoteSnapshot') })
    .where(column('connectionId'), connectionId)
    .where(column('entity'), 'lead');
  const bases = new Map<string, LeadView>();
  for (const row of rows) {
    const snapshot = typeof row.remoteSnapshot === 'string' ? JSON.parse(row.remoteSnapshot) : row.remoteSnapshot;
    if (snapshot && typeof snapshot === 'object') bases.set(row.externalKey, snapshot as LeadView);
  }
  return bases;
}
