/**
 * Typed failures of the EasyCars client, one class per failure class, so callers (sync jobs, the connection test,
 * metrics) can branch on `kind` without parsing messages. Messages are built only from safe parts (service, endpoint,
 * HTTP status, vendor code, scrubbed vendor message): never a credential, token or URL with a query string.
 */
import type { EasyCarsService } from '../../../shared/easycars/api';

export type EasyCarsErrorKind =
  | 'authentication'
  | 'validation'
  | 'system'
  | 'http'
  | 'timeout'
  | 'network'
  | 'malformed';

export interface EasyCarsErrorInit {
  service?: EasyCarsService;
  endpoint: string;
  retryable: boolean;
  httpStatus?: number;
  code?: number;
  /**
   * True when EasyCars may have acted on the request before the failure (answer lost, timed out, server error).
   * Matters for CreateLead, which has no idempotency key: such a failure must not be blindly repeated.
   */
  maybeProcessed?: boolean;
  /** Vendor ErrorMessage, already scrubbed of secrets. */
  vendorMessage?: string;
}

export class EasyCarsError extends Error {
  readonly kind: EasyCarsErrorKind;
  readonly service?: EasyCarsService;
  readonly endpoint: string;
  readonly retryable: boolean;
  readonly httpStatus?: number;
  readonly code?: number;
  readonly maybeProcessed: boolean;
  readonly vendorMessage?: string;

  constructor(kind: EasyCarsErrorKind, message: string, init: EasyCarsErrorInit) {
    super(message);
    this.name = new.target.name;
    this.kind = kind;
    this.service = init.service;
    this.endpoint = init.endpoint;
    this.retryable = init.retryable;
    this.httpStatus = init.httpStatus;
    this.code = init.code;
    this.maybeProcessed = init.maybeProcessed ?? false;
    this.vendorMessage = init.vendorMessage;
    // Keeps instanceof working when compiled to ES5-style classes.
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

function where(init: { service?: EasyCarsService; endpoint: string }): string {
  return init.service ? `${init.service}/${init.endpoint}` : init.endpoint;
}

function withVendor(text: string, vendorMessage?: string): string {
  return vendorMessage ? `${text}: ${vendorMessage}` : text;
}

export type AuthenticationStage = 'token' | 'data';

/**
 * Code 1 (or HTTP 401) that a token renewal did not cure.
 * stage 'token': RequestToken refused the ClientID/ClientSecret pair.
 * stage 'data': a data call refused the request with a fresh token, i.e. the AccountNumber/AccountSecret pair.
 */
export class AuthenticationError extends EasyCarsError {
  readonly stage: AuthenticationStage;
  constructor(init: Omit<EasyCarsErrorInit, 'retryable'> & { stage: AuthenticationStage }) {
    const what =
      init.stage === 'token' ? 'client ID or secret rejected' : 'account number or secret rejected (or token refused)';
    super('authentication', withVendor(`EasyCars ${where(init)}: ${what}`, init.vendorMessage), {
      ...init,
      retryable: false,
    });
    this.stage = init.stage;
  }
}

/** Code 7: validation or business rule. Never retried; the vendor message says what to fix. */
export class ValidationError extends EasyCarsError {
  constructor(init: Omit<EasyCarsErrorInit, 'retryable'>) {
    super('validation', withVendor(`EasyCars ${where(init)} rejected the request`, init.vendorMessage), {
      ...init,
      retryable: false,
    });
  }
}

/** Code 9 (server-side error), or an undocumented non-zero code (then not retryable). */
export class SystemError extends EasyCarsError {
  constructor(init: EasyCarsErrorInit) {
    const text =
      init.code === 9
        ? `EasyCars ${where(init)} reported a system error`
        : `EasyCars ${where(init)} answered with unknown code ${init.code}`;
    super('system', withVendor(text, init.vendorMessage), init);
  }
}

/** An HTTP status that is not a usable answer: 5xx, 429, other 4xx, unexpected redirects. */
export class HttpError extends EasyCarsError {
  /** Parsed Retry-After, in milliseconds, when the server sent one. */
  readonly retryAfterMs?: number;
  constructor(init: EasyCarsErrorInit & { httpStatus: number; retryAfterMs?: number }) {
    const after = init.retryAfterMs !== undefined ? ` (retry after ${Math.ceil(init.retryAfterMs / 1000)} s)` : '';
    super(
      'http',
      withVendor(`EasyCars ${where(init)} answered HTTP ${init.httpStatus}${after}`, init.vendorMessage),
      init
    );
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** No complete answer within the per-attempt timeout (or the caller's overall budget). */
export class TimeoutError extends EasyCarsError {
  readonly timeoutMs: number;
  constructor(init: Omit<EasyCarsErrorInit, 'retryable'> & { timeoutMs: number }) {
    super('timeout', `EasyCars ${where(init)} did not answer within ${init.timeoutMs} ms`, {
      ...init,
      retryable: true,
      maybeProcessed: init.maybeProcessed ?? true,
    });
    this.timeoutMs = init.timeoutMs;
  }
}

/** The request could not be sent or the connection broke (DNS, refused, reset). */
export class NetworkError extends EasyCarsError {
  /** Host only, never the full URL (RequestToken URLs carry the client secret). */
  readonly host: string;
  /** System error code from the socket layer, e.g. ECONNREFUSED. */
  readonly causeCode?: string;
  constructor(init: Omit<EasyCarsErrorInit, 'retryable'> & { host: string; causeCode?: string }) {
    const detail = init.causeCode ? ` (${init.causeCode})` : '';
    super('network', `Could not reach EasyCars at ${init.host} for ${where(init)}${detail}`, {
      ...init,
      retryable: true,
    });
    this.host = init.host;
    this.causeCode = init.causeCode;
  }
}

/** A 2xx answer that is not JSON, or JSON of the wrong shape. */
export class MalformedResponseError extends EasyCarsError {
  /** Which part of the answer was wrong (e.g. "StockList: expected array"); never holds answer values. */
  readonly detail: string;
  constructor(init: Omit<EasyCarsErrorInit, 'retryable'> & { detail: string }) {
    super('malformed', `EasyCars ${where(init)} sent a malformed answer: ${init.detail}`, {
      ...init,
      retryable: true,
      maybeProcessed: init.maybeProcessed ?? true,
    });
    this.detail = init.detail;
  }
}

export function isEasyCarsError(err: unknown): err is EasyCarsError {
  return err instanceof EasyCarsError;
}
