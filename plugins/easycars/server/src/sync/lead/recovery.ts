/**
 * Finding a lead whose CreateLead answer was lost. EasyCars has no idempotency key and cannot list or search leads,
 * so a blind re-send could make a second lead. What it can do is read a lead by number (GetLeadDetail), and that
 * answer carries our ExternalID and its creation time. Lead numbers are one counter per account (zero-padded,
 * "000017": inferred from the vendor's examples, and what the sandbox does), so the lead, if it was created, sits
 * between the highest number we knew before the attempt (the floor) and the account's current highest number (the
 * top). The search finds the top by galloping then bisecting, then reads down from it until it meets our
 * ExternalID (found), the floor, or a lead created well before the attempt (absent). Anything it cannot interpret,
 * or a search longer than its budget, ends as "unknown": the caller then must not send again.
 */
import { ValidationError, type EasyCarsClient, type LeadDetailAnswer } from '../../easycars';

export type Probe =
  | { kind: 'own'; detail: LeadDetailAnswer }
  | { kind: 'foreign' }
  | { kind: 'missing' }
  | { kind: 'unreadable'; message: string };

export type LostLeadResult =
  | { outcome: 'found'; leadNumber: string; detail: LeadDetailAnswer; probes: number }
  | { outcome: 'absent'; probes: number }
  | { outcome: 'unknown'; reason: string; probes: number };

export interface LostLeadSearch {
  externalId: string;
  /** Highest lead number known to exist before the attempt (0 when none). */
  floor: number;
  /** When the first possibly-delivered attempt started. */
  since: Date;
  maxProbes: number;
  /** Numbers checked past the first missing one, in case of gaps (default 2). */
  lookAhead?: number;
  /** Clock skew allowed between us and EasyCars (default 30 min). */
  marginMs?: number;
}

export function parseLeadNumber(value: string | null | undefined): number | null {
  if (!value || !/^\s*\d+\s*$/.test(value)) return null;
  return Number(value);
}

export function formatLeadNumber(n: number, width = 6): string {
  return String(n).padStart(width, '0');
}

/**
 * `CreatedDateTime` ("dd/MM/yyyy HH:mm:ss", Sydney wall clock, no offset) as the latest UTC instant it can denote
 * (Sydney is UTC+10, or +11 in summer), or null when it does not parse.
 */
export function latestInstantOfSydneyTime(text: string | null | undefined): number | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(text?.trim() ?? '');
  if (!m) return null;
  const wall = Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  return Number.isNaN(wall) ? null : wall - 10 * 3600_000;
}

/** Reads one lead number through the client, classifying EasyCars' refusals. Transient failures are thrown. */
export function probeWith(client: Pick<EasyCarsClient, 'getLeadDetail'>, width = 6) {
  return async (n: number): Promise<Probe> => {
    try {
      return { kind: 'own', detail: await client.getLeadDetail(formatLeadNumber(n, width)) };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const message = error.vendorMessage ?? error.message;
      if (/not found for this lead source/i.test(message)) return { kind: 'foreign' };
      if (/lead not found/i.test(message)) return { kind: 'missing' };
      return { kind: 'unreadable', message };
    }
  };
}

export async function findLostLead(
  probe: (n: number) => Promise<Probe>,
  search: LostLeadSearch
): Promise<LostLeadResult> {
  const lookAhead = search.lookAhead ?? 2;
  const cutoff = search.since.getTime() - (search.marginMs ?? 30 * 60_000);
  const seen = new Map<number, Probe>();
  let probes = 0;
  let found: { n: number; detail: LeadDetailAnswer } | null = null;

  class Stop extends Error {}
  let stopReason = '';
  async function at(n: number): Promise<Probe> {
    const known = seen.get(n);
    if (known) return known;
    if (probes >= search.maxProbes) {
      stopReason = `the search needed more than ${search.maxProbes} lead reads`;
      throw new Stop();
    }
    probes += 1;
    const result = await probe(n);
    seen.set(n, result);
    if (result.kind === 'unreadable') {
      stopReason = `EasyCars answered "${result.message}" for lead ${formatLeadNumber(n)}`;
      throw new Stop();
    }
    if (result.kind === 'own' && result.detail.ExternalID === search.externalId) found = { n, detail: result.detail };
    return result;
  }
  const done = (): LostLeadResult | null =>
    found ? { outcome: 'found', leadNumber: found.detail.LeadNumber, detail: found.detail, probes } : null;

  try {
    let lo = Math.max(0, search.floor);
    for (;;) {
      let hi: number | null = null;
      for (let step = 1; hi === null; step *= 2) {
        const p = await at(lo + step);
        if (done()) return done() as LostLeadResult;
        if (p.kind === 'missing') hi = lo + step;
        else lo += step;
      }
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        const p = await at(mid);
        if (done()) return done() as LostLeadResult;
        if (p.kind === 'missing') hi = mid;
        else lo = mid;
      }
      let resumed = false;
      for (let k = 1; k <= lookAhead && !resumed; k++) {
        const p = await at(hi + k);
        if (done()) return done() as LostLeadResult;
        if (p.kind !== 'missing') {
          lo = hi + k;
          resumed = true;
        }
      }
      if (!resumed) break;
    }

    for (let n = lo; n > search.floor; n--) {
      const p = await at(n);
      if (done()) return done() as LostLeadResult;
      if (p.kind === 'own') {
        const created = latestInstantOfSydneyTime(p.detail.CreatedDateTime);
        if (created !== null && created < cutoff) break;
      }
    }
    return { outcome: 'absent', probes };
  } catch (error) {
    if (error instanceof Stop) return { outcome: 'unknown', reason: stopReason, probes };
    throw error;
  }
}
