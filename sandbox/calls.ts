import type { EasyCarsService } from '../plugins/easycars/shared/easycars/api';
import { endpointMatches, type VendorEndpoint } from './endpoints';
import type { FaultType } from './faults';

export interface CallRecord {
  endpoint: VendorEndpoint;
  service: EasyCarsService | null;
  at: string;
  /** null when no answer was sent (timeout, drop-answer). */
  httpStatus: number | null;
  /** Body Code of the answer; null when there was no JSON envelope. */
  code: number | null;
  faulted?: true;
  fault?: FaultType;
}

const MAX_CALLS = 100000;

/** Every vendor call, so tests can count attempts and token requests. */
export class CallLog {
  private calls: CallRecord[] = [];

  add(call: CallRecord): void {
    this.calls.push(call);
    if (this.calls.length > MAX_CALLS) this.calls.splice(0, this.calls.length - MAX_CALLS);
  }

  list(endpoint?: string): CallRecord[] {
    const calls = endpoint ? this.calls.filter((c) => endpointMatches(endpoint, c.endpoint, c.service)) : this.calls;
    return calls.map((c) => ({ ...c }));
  }

  clear(): void {
    this.calls = [];
  }
}
