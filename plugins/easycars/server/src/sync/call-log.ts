/** Collects the API calls of one run for its log: already redacted by the client, capped so a run row stays small. */
import type { CallRecord } from '../easycars';

export const CALL_LOG_LIMIT = 200;

export function createCallLog(limit = CALL_LOG_LIMIT) {
  const calls: CallRecord[] = [];
  let omitted = 0;
  return {
    record(call: CallRecord) {
      if (calls.length < limit) calls.push(call);
      else omitted += 1;
    },
    entries(): unknown[] {
      return omitted > 0 ? [...calls, { omitted, note: `${omitted} more calls not kept` }] : [...calls];
    },
  };
}
