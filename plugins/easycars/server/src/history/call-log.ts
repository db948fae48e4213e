/** A run's call log as the run detail shows it: each call says whether its bodies were cut, customer details hidden. */
import type { RunApiCall, RunKind } from '../../../shared/contracts/sync';
import { hideCustomerText, hideCustomerValues } from './privacy';

/** The mark the EasyCars client leaves at the end of a body it cut (easycars/redact.ts). */
const TRUNCATED = /…\[truncated \d+ bytes\]$/;

type Stored = Record<string, unknown>;

const isOmittedNote = (entry: Stored) => typeof entry.omitted === 'number' && !('endpoint' in entry);

export function callLogView(
  stored: unknown,
  options: { kind: RunKind; showCustomers: boolean }
): { apiCalls: RunApiCall[]; apiCallsOmitted: number } {
  const entries = (Array.isArray(stored) ? stored : []).filter(
    (entry): entry is Stored => Boolean(entry) && typeof entry === 'object'
  );
  // a reconciliation reads leads too (GetLeadDetail)
  const hide = options.kind !== 'stock' && !options.showCustomers;
  const body = (value: unknown) => (typeof value === 'string' ? (hide ? hideCustomerText(value) : value) : undefined);
  let apiCallsOmitted = 0;
  const apiCalls: RunApiCall[] = [];
  for (const stored of entries) {
    if (isOmittedNote(stored)) {
      apiCallsOmitted += stored.omitted as number;
      continue;
    }
    const entry = hide ? (hideCustomerValues(stored) as Stored) : stored;
    const requestBody = body(entry.requestBody);
    const responseBody = body(entry.responseBody);
    apiCalls.push({
      ...(entry as Omit<RunApiCall, 'requestTruncated' | 'responseTruncated'>),
      ...(requestBody === undefined ? {} : { requestBody }),
      ...(responseBody === undefined ? {} : { responseBody }),
      requestTruncated: TRUNCATED.test(requestBody ?? ''),
      responseTruncated: TRUNCATED.test(responseBody ?? ''),
    });
  }
  return { apiCalls, apiCallsOmitted };
}
