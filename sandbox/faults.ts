import { IMAGE_ENDPOINT, KNOWN_ENDPOINT_NAMES, endpointMatches, type VendorEndpoint } from './endpoints';
import type { EasyCarsService } from '../plugins/easycars/shared/easycars/api';
import { InputError } from './errors';

export const FAULT_TYPES = ['latency', 'http', 'code', 'malformed', 'timeout', 'drop-answer'] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

export const FAULT_HTTP_STATUSES: readonly number[] = [500, 502, 503, 504, 429];
export const FAULT_CODES: readonly number[] = [5, 7, 9];

export interface Fault {
  id: number;
  endpoint: string;
  type: FaultType;
  /** How many more matching calls it applies to. */
  remaining: number;
  ms?: number;
  status?: number;
  retryAfter?: number;
  code?: number;
  message?: string;
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Validates a fault as posted to the control API. */
export function parseFault(input: unknown): Omit<Fault, 'id'> {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new InputError('a fault must be an object');
  const raw = input as Record<string, unknown>;
  const { endpoint, type } = raw;
  if (typeof endpoint !== 'string' || !KNOWN_ENDPOINT_NAMES.includes(endpoint)) {
    throw new InputError(`endpoint must be one of ${KNOWN_ENDPOINT_NAMES.join(', ')}`);
  }
  if (typeof type !== 'string' || !(FAULT_TYPES as readonly string[]).includes(type)) {
    throw new InputError(`type must be one of ${FAULT_TYPES.join(', ')}`);
  }
  if (endpoint === IMAGE_ENDPOINT && type === 'code')
    throw new InputError('code faults apply to API endpoints, not Image');
  const count = raw.count ?? 1;
  if (!isNonNegativeInteger(count) || count < 1) throw new InputError('count must be a positive integer');
  const fault: Omit<Fault, 'id'> = { endpoint, type: type as FaultType, remaining: count };
  switch (fault.type) {
    case 'latency':
      if (!isNonNegativeInteger(raw.ms) || raw.ms > 600000) throw new InputError('latency needs ms (0..600000)');
      fault.ms = raw.ms;
      break;
    case 'http':
      if (typeof raw.status !== 'number' || !FAULT_HTTP_STATUSES.includes(raw.status)) {
        throw new InputError(`http needs status, one of ${FAULT_HTTP_STATUSES.join(', ')}`);
      }
      fault.status = raw.status;
      if (raw.retryAfter !== undefined) {
        if (!isNonNegativeInteger(raw.retryAfter)) throw new InputError('retryAfter must be a whole number of seconds');
        fault.retryAfter = raw.retryAfter;
      }
      break;
    case 'code':
      if (typeof raw.code !== 'number' || !FAULT_CODES.includes(raw.code)) {
        throw new InputError(`code needs code, one of ${FAULT_CODES.join(', ')}`);
      }
      fault.code = raw.code;
      if (raw.message !== undefined) {
        if (typeof raw.message !== 'string') throw new InputError('message must be a string');
        fault.message = raw.message;
      }
      break;
    default:
      break;
  }
  return fault;
}

/** Pending faults, consumed in the order they were added by the calls they match. */
export class FaultQueue {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: Omit<Fault, 'id'>): Fault {
    const fault = { id: this.nextId++, ...spec };
    this.faults.push(fault);
    return { ...fault };
  }

  /** Uses up one application of the first fault matching this call. */
  take(endpoint: VendorEndpoint, service: EasyCarsService | null): Fault | undefined {
    const fault = this.faults.find((f) => endpointMatches(f.endpoint, endpoint, service));
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return { ...fault };
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): number {
    const count = this.faults.length;
    this.faults = [];
    return count;
  }
}
