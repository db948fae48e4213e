/**
 * The one EasyCars API client: connection tests, stock sync, lead sync and metrics all go through it, so token
 * handling, retries, error classes and call logging behave the same everywhere.
 *
 * Retry rule (per logical call):
 * - Transient failures (network, timeout, HTTP 5xx, HTTP 429, Code 9, malformed answer) are retried up to
 *   `retry.attempts` attempts in total, each a fresh request with its own timeout, after a full-jitter exponential
 *   delay: random(0, min(maxDelayMs, baseDelayMs * 2^(n-1))) before retry n.
 * - Retry-After (on 429 or 5xx) is honoured: the delay is at least Retry-After. If Retry-After exceeds maxDelayMs the
 *   client does not sleep that long inside a request; it throws the HttpError (with `retryAfterMs`) at once so the
 *   caller's scheduler can come back later.
 * - HTTP 401 or body Code 1 on a data call: the token is renewed once and the call repeated (not counted as a
 *   transient attempt); a second refusal is AuthenticationError stage 'data'. Code 1/401 on RequestToken is
 *   AuthenticationError stage 'token', never retried.
 * - Code 7 and other 4xx are never retried.
 * - CreateLead has no idempotency key, so a failure after which EasyCars may already have created the lead
 *   (timeout, lost answer, 5xx other than 503, Code 9, malformed answer: `error.maybeProcessed`) is not repeated;
 *   the lead outbox decides what to do.
 */
import {
  ResponseCode,
  rootOf,
  type AccountCredentials,
  type Contact,
  type CreateLeadRequest,
  type EasyCarsEnvironment,
  type EasyCarsService,
  type LeadDetail,
  type LeadNumbers,
  type SearchContactsRequest,
  type UpdateLeadRequest,
} from '../../../shared/easycars/api';
import {
  AuthenticationError,
  EasyCarsError,
  HttpError,
  MalformedResponseError,
  NetworkError,
  SystemError,
  TimeoutError,
  ValidationError,
} from './errors';
import { fetchFor } from './origin-policy';
import { DEFAULT_LOG_BODY_LIMIT, redactBody, redactBodyBytes, redactUrl, scrubSecrets } from './redact';
import {
  describeIssues,
  envelopeSchema,
  leadDetailSchema,
  leadNumbersSchema,
  searchContactsAnswerSchema,
  stockListAnswerSchema,
  tokenAnswerSchema,
} from './schemas';
import { parseStockList, type StockFeedItem } from './stock-list';
import { TokenCache, defaultTokenCache, tokenCacheKey } from './tokens';
import type { z } from 'zod';
import { createHash } from 'crypto';

export type EasyCarsEndpoint =
  | 'RequestToken'
  | 'GetAdvertisementStocks'
  | 'CreateLead'
  | 'UpdateLead'
  | 'GetLeadDetail'
  | 'SearchContacts';

export interface EasyCarsCredentials {
  clientId: string;
  clientSecret: string;
  accountNumber: string;
  accountSecret: string;
}

export interface RetryOptions {
  /** Total attempts per call for transient failures (default 4). */
  attempts?: number;
  /** Base of the exponential backoff (default 500 ms). */
  baseDelayMs?: number;
  /** Cap of one backoff delay, and the longest Retry-After waited for in-process (default 10 000 ms). */
  maxDelayMs?: number;
}

/** One HTTP attempt, as reported to `onCall`. Bodies and URL are redacted and truncated. */
export interface CallRecord {
  service: EasyCarsService;
  endpoint: EasyCarsEndpoint;
  /** Redacted URL (RequestToken's query string holds the client pair). */
  url: string;
  /** 1-based attempt number within one logical call (token renewals and retries each add one). */
  attempt: number;
  httpStatus: number | null;
  /** Body `Code`, when the answer had one. */
  code: number | null;
  latencyMs: number;
  /** The attempt produced a usable answer (Code 0 or 5). */
  ok: boolean;
  errorKind?: string;
  /** Safe message of the failure (no secrets). */
  errorMessage?: string;
  requestBody?: string;
  responseBody?: string;
  /** ISO time the attempt started. */
  startedAt: string;
  /** The Retry-After the answer asked for (a 429 or 5xx), in ms. */
  retryAfterMs?: number;
}

/**
 * What the client reads of an HTTP answer. A fetch Response is one; so is undici's request() answer as
 * origin-policy.ts gives it (the client's own sends: a feed read as a Node stream costs a fifth of fetch's CPU).
 */
export interface HttpAnswer {
  status: number;
  headers: { get(name: string): string | null };
  /** A Node stream, or a fetch body (a web stream, which Node iterates the same way). */
  body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<HttpAnswer>;

export interface EasyCarsClientOptions {
  environment: EasyCarsEnvironment;
  /** Host override (e.g. the sandbox); the environment's path prefix is still appended. */
  baseUrl?: string;
  credentials: EasyCarsCredentials;
  /** Default yard filter for GetAdvertisementStocks; absent = all yards. */
  yardCode?: string;
  /** Per-attempt timeout, covering the whole answer body (default 30 000 ms). */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Called after every HTTP attempt; exceptions thrown by it are ignored. */
  onCall?: (record: CallRecord) => void;
  /** Shared token cache (default: one per process). */
  tokenCache?: TokenCache;
  fetch?: FetchLike;
  /** Delay between retries; injectable so tests neither wait nor guess. */
  sleep?: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1). */
  random?: () => number;
  /** Logged body size limit in bytes (default 4096). */
  logBodyLimit?: number;
  /** Overall budget of testConnection (default 10 000 ms). */
  testConnectionBudgetMs?: number;
}

/** Caller-side requests: the client adds AccountNumber/AccountSecret itself. */
export type CreateLeadInput = Omit<CreateLeadRequest, keyof AccountCredentials>;
export type UpdateLeadInput = Omit<UpdateLeadRequest, keyof AccountCredentials>;
export type SearchContactsInput = Omit<SearchContactsRequest, keyof AccountCredentials>;

/** Code 5 answers keep their payload; the vendor message comes back as `warning`. */
export interface Warned {
  warning?: string;
}
export interface StockAnswer extends Warned {
  /** Raw StockItems, validated one by one by the sync (a bad item must not sink the whole feed). */
  items: unknown[];
  /** sha256 of the answer body, to recognise the same feed next time. */
  feedHash: string;
  /** True when the body matched `unlessFeedHash`: `items` is then empty and nothing was parsed. */
  unchanged: boolean;
}
/** The feed item by item, each with the digest of its text; items the caller already has are not parsed. */
export interface StockFeed extends Omit<StockAnswer, 'items'> {
  items: StockFeedItem[];
}
export interface StockFeedOptions {
  yardCode?: string;
  unlessFeedHash?: string;
  /**
   * Asked once the answer is in and is not the `unlessFeedHash` one: which item digests the caller has already.
   * Those items come back `known`, with their text, not parsed.
   */
  knownItems?: () => Promise<(digest: string) => boolean>;
}
export type LeadNumbersAnswer = Omit<LeadNumbers, 'Code' | 'ErrorMessage'> & Warned;
export type LeadDetailAnswer = Omit<LeadDetail, 'Code' | 'ErrorMessage'> & Warned;
export interface SearchContactsAnswer extends Warned {
  contacts: Contact[];
}

export type TestConnectionStage = 'client' | 'account' | 'network' | 'timeout' | 'unexpected';
export type TestConnectionOutcome =
  | { ok: true; latencyMs: number; message: string }
  | { ok: false; stage: TestConnectionStage; message: string };

export const TEST_CONNECTION_MESSAGES = {
  ok: 'Connected: both credential pairs accepted by EasyCars',
  client: 'Client ID or secret rejected by EasyCars',
  account: 'Account number or secret rejected',
} as const;

/** An address no contact can have: SearchContacts with it is the cheapest call that proves the account pair. */
export const CONNECTION_TEST_EMAIL = 'connection-test@invalid.example';

export interface EasyCarsClient {
  readonly environment: EasyCarsEnvironment;
  /** Base URL plus environment prefix, e.g. https://testmy.easycars.com.au/TestECService */
  readonly root: string;
  /** A valid token for `service`, from the cache or a (single-flight) RequestToken. `fresh` skips the cache. */
  requestToken(service: EasyCarsService, options?: { fresh?: boolean }): Promise<string>;
  /**
   * The whole feed. With `unlessFeedHash`, an answer whose body hashes to that value is not parsed at all and comes
   * back as `unchanged` with no items: the feed is byte for byte the one already applied.
   */
  getAdvertisementStocks(options?: { yardCode?: string; unlessFeedHash?: string }): Promise<StockAnswer>;
  /** The same call for the sync: the feed item by item (see `StockFeed`). */
  getStockFeed(options?: StockFeedOptions): Promise<StockFeed>;
  createLead(request: CreateLeadInput): Promise<LeadNumbersAnswer>;
  updateLead(request: UpdateLeadInput): Promise<LeadNumbersAnswer>;
  getLeadDetail(leadNumber: string): Promise<LeadDetailAnswer>;
  searchContacts(query: SearchContactsInput): Promise<SearchContactsAnswer>;
  /** Proves both credential pairs within a short budget; never throws. */
  testConnection(options?: { budgetMs?: number }): Promise<TestConnectionOutcome>;
}

const DEFAULTS = {
  timeoutMs: 30_000,
  attempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  testConnectionBudgetMs: 10_000,
};

/** Socket errors raised before the request left this machine: repeating them can never duplicate anything. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'EASYCARS_INTERNAL_ADDRESS',
]);

/** undici's code when the server closed the socket under the request ("other side closed"), typical of keep-alive. */
const STALE_SOCKET_CODE = 'UND_ERR_SOCKET';

/** How much of an answer that is not JSON (an HTML error page, another server) is ever kept in a call log. */
const NON_JSON_LOG_CHARS = 200;
/** EasyCars answers are JSON objects; anything else is described, not logged. */
const LOOKS_LIKE_JSON = /^\s*(?:[{[]|$)/;

/** An answer that is not JSON: its status, type and size, and at most its first 200 characters, redacted. */
function describeNonJson(
  httpStatus: number | null,
  contentType: string | null,
  text: string,
  redact: { secrets: (string | undefined)[]; identifiers: string[] }
): string {
  const head = scrubSecrets(text.slice(0, NON_JSON_LOG_CHARS), redact.secrets, redact.identifiers);
  const bytes = Buffer.byteLength(text, 'utf8');
  const more = text.length > NON_JSON_LOG_CHARS ? '…' : '';
  return `[not JSON: HTTP ${httpStatus ?? '-'}, ${contentType ?? 'no content type'}, ${bytes} bytes] ${head}${more}`;
}

interface CallContext {
  tokenCache: TokenCache;
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
  /** Absolute time (ms, Date.now clock) after which no attempt starts and no wait is made. */
  deadline?: number;
}

interface CallSpec<T> {
  service: EasyCarsService;
  endpoint: EasyCarsEndpoint;
  /** Data calls carry a JSON body and a bearer token; RequestToken has neither. */
  body?: Record<string, unknown>;
  schema: z.ZodType<T>;
  /** False for CreateLead: see the retry rule above. */
  safeToRepeat: boolean;
  /** The answer's bytes are kept as well as its text, for the hooks below (the stock feed is read from them). */
  keepBytes?: boolean;
  /** Sees a 2xx body before it is parsed; a value returned here is the answer (used to skip an unchanged feed). */
  beforeParse?: (body: Body) => Promise<T | undefined>;
  /** Reads the body; JSON.parse of its text unless given. Throws on a body that is not JSON. */
  parse?: (body: Body) => unknown;
}

/**
 * An answer's body: its text, and its bytes (with their SHA-256, taken as they arrived) when the call asked to keep
 * them. A kept body's text is decoded only when something reads it: a stock feed is read from its bytes.
 */
interface Body {
  readonly text: string;
  bytes?: Buffer;
  sha256?: string;
}

type AttemptOutcome<T> =
  | { type: 'ok'; value: T; warning?: string }
  | { type: 'auth'; httpStatus: number; code: number | null; vendorMessage?: string }
  | { type: 'error'; error: EasyCarsError };

/**
 * A body kept as bytes, hashed chunk by chunk as it arrives rather than after the last byte. When the answer says its
 * length, the chunks are copied into one buffer of that size as they come: a whole stock feed (130 MB at 50,000
 * vehicles) is then held once, not twice (every chunk, then their concatenation).
 */
async function readKeptBody(res: HttpAnswer): Promise<{ bytes: Buffer; sha256: string }> {
  const hash = createHash('sha256');
  const declared = Number(res.headers.get('content-length') ?? NaN);
  let into: Buffer | null = Number.isSafeInteger(declared) && declared > 0 ? Buffer.allocUnsafe(declared) : null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of (res.body ?? []) as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    if (into && size + chunk.length <= into.length) {
      into.set(chunk, size);
    } else {
      // longer than it said (or no length given): kept as chunks from here on
      if (into) chunks.push(into.subarray(0, size));
      into = null;
      chunks.push(chunk);
    }
    size += chunk.length;
  }
  const bytes = into ? into.subarray(0, size) : Buffer.concat(chunks, size);
  return { bytes, sha256: hash.digest('hex') };
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Full-jitter exponential backoff before retry number `retry` (1-based). */
export function backoffDelay(
  retry: number,
  policy: { baseDelayMs: number; maxDelayMs: number },
  random: () => number = Math.random
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function causeCode(err: unknown): string | undefined {
  const seen = new Set<unknown>();
  let cur: unknown = err;
  while (cur && typeof cur === 'object' && !seen.has(cur)) {
    seen.add(cur);
    const c = cur as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof c.code === 'string' && /^[A-Z_]+$/.test(c.code)) return c.code;
    if (Array.isArray(c.errors) && c.errors.length) {
      const inner = causeCode(c.errors[0]);
      if (inner) return inner;
    }
    cur = c.cause;
  }
  return undefined;
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? String(s) : String(Number(s.toFixed(2)));
}

export { rootOf };

export function createEasyCarsClient(options: EasyCarsClientOptions): EasyCarsClient {
  const environment = options.environment;
  const root = rootOf(environment, options.baseUrl);
  const host = new URL(root).host;
  const creds = options.credentials;
  // Unless a listed origin, sockets to internal addresses are refused after DNS resolution (see origin-policy).
  const doFetch: FetchLike = options.fetch ?? fetchFor(root);
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const logLimit = options.logBodyLimit ?? DEFAULT_LOG_BODY_LIMIT;
  const sharedCache = options.tokenCache ?? defaultTokenCache;

  const defaultContext: CallContext = {
    tokenCache: sharedCache,
    attempts: Math.max(1, Math.floor(options.retry?.attempts ?? DEFAULTS.attempts)),
    baseDelayMs: Math.max(0, options.retry?.baseDelayMs ?? DEFAULTS.baseDelayMs),
    maxDelayMs: Math.max(0, options.retry?.maxDelayMs ?? DEFAULTS.maxDelayMs),
    timeoutMs: Math.max(1, options.timeoutMs ?? DEFAULTS.timeoutMs),
  };

  const secrets = [creds.clientSecret, creds.accountSecret];
  const identifiers = [creds.clientId, creds.accountNumber];
  const scrub = (text: string, extra: (string | undefined)[] = []) =>
    scrubSecrets(text, [...secrets, ...extra], identifiers);

  const urlOf = (service: EasyCarsService, endpoint: EasyCarsEndpoint) => `${root}/${service}/${endpoint}`;
  const tokenKey = (service: EasyCarsService) =>
    tokenCacheKey({ root, service, clientId: creds.clientId, clientSecret: creds.clientSecret });

  function report(record: CallRecord): void {
    if (!options.onCall) return;
    try {
      options.onCall(record);
    } catch {
      // Logging must never break a sync.
    }
  }

  /** One HTTP attempt: send, read the whole answer within the timeout, classify it, report it. */
  async function attemptOnce<T>(
    spec: CallSpec<T>,
    attempt: number,
    ctx: CallContext,
    token: string | undefined
  ): Promise<AttemptOutcome<T>> {
    const where = { service: spec.service, endpoint: spec.endpoint };
    const isToken = spec.endpoint === 'RequestToken';
    let url = urlOf(spec.service, spec.endpoint);
    if (isToken) {
      url += `?ClientID=${encodeURIComponent(creds.clientId)}&ClientSecret=${encodeURIComponent(creds.clientSecret)}`;
    }
    const requestBody = spec.body ? JSON.stringify(spec.body) : undefined;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (requestBody !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;

    const remaining = ctx.deadline !== undefined ? ctx.deadline - Date.now() : Infinity;
    const timeoutMs = Math.max(1, Math.min(ctx.timeoutMs, remaining));
    const startedAt = new Date().toISOString();
    const t0 = performance.now();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);

    let httpStatus: number | null = null;
    let responseText: string | undefined;
    let responseBytes: Buffer | undefined;
    let responseSha256: string | undefined;
    let contentType: string | null = null;
    let retryAfterHeader: string | null = null;
    let transportError: EasyCarsError | undefined;
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers,
        body: requestBody,
        signal: controller.signal,
        redirect: 'manual',
      });
      httpStatus = res.status;
      retryAfterHeader = res.headers.get('retry-after');
      contentType = res.headers.get('content-type');
      if (spec.keepBytes) {
        ({ bytes: responseBytes, sha256: responseSha256 } = await readKeptBody(res));
      } else {
        responseText = await res.text();
      }
    } catch (err) {
      if (timedOut) {
        transportError = new TimeoutError({ ...where, timeoutMs });
      } else {
        const code = causeCode(err);
        transportError = new NetworkError({
          ...where,
          host,
          causeCode: code,
          // A reset or closed socket may come after EasyCars processed the request.
          maybeProcessed: !(code && NOT_SENT_CODES.has(code)),
        });
      }
    } finally {
      clearTimeout(timer);
    }
    const latencyMs = Math.round(performance.now() - t0);

    let outcome: AttemptOutcome<T>;
    let code: number | null = null;
    if (transportError) {
      outcome = { type: 'error', error: transportError };
    } else {
      const bytes = responseBytes;
      const body: Body = {
        // what res.text() does: UTF-8, a byte order mark dropped, bad sequences replaced
        get text() {
          return (responseText ??= bytes ? new TextDecoder().decode(bytes) : '');
        },
        bytes,
        sha256: responseSha256,
      };
      const early = httpStatus! >= 200 && httpStatus! <= 299 ? await spec.beforeParse?.(body) : undefined;
      const classified = classify(spec, httpStatus as number, body, retryAfterHeader, token, early);
      outcome = classified.outcome;
      code = classified.code;
    }
    const redactOptions = { limit: logLimit, secrets: [...secrets, token], identifiers };
    function loggedBody(): string | undefined {
      // a large kept answer (a whole stock feed) is decoded only as far as the log shows it
      if (responseText === undefined && responseBytes && LOOKS_LIKE_JSON.test(responseBytes.toString('utf8', 0, 64))) {
        return redactBodyBytes(responseBytes, redactOptions);
      }
      if (responseText === undefined && responseBytes) responseText = new TextDecoder().decode(responseBytes);
      return responseText === undefined || LOOKS_LIKE_JSON.test(responseText)
        ? redactBody(responseText, redactOptions)
        : describeNonJson(httpStatus, contentType, responseText, redactOptions);
    }

    report({
      ...where,
      url: redactUrl(url),
      attempt,
      httpStatus,
      code,
      latencyMs,
      ok: outcome.type === 'ok',
      errorKind: outcome.type === 'ok' ? undefined : outcome.type === 'auth' ? 'authentication' : outcome.error.kind,
      errorMessage:
        outcome.type === 'error'
          ? outcome.error.message
          : outcome.type === 'auth'
            ? `Refused (HTTP ${outcome.httpStatus}, Code ${outcome.code ?? '-'})${outcome.vendorMessage ? `: ${outcome.vendorMessage}` : ''}`
            : undefined,
      requestBody: redactBody(requestBody, redactOptions),
      responseBody: loggedBody(),
      startedAt,
      retryAfterMs: parseRetryAfter(retryAfterHeader),
    });
    return outcome;
  }

  function classify<T>(
    spec: CallSpec<T>,
    status: number,
    body: Body,
    retryAfterHeader: string | null,
    token: string | undefined,
    early: T | undefined
  ): { outcome: AttemptOutcome<T>; code: number | null } {
    const where = { service: spec.service, endpoint: spec.endpoint, httpStatus: status };
    if (early !== undefined) return { outcome: { type: 'ok', value: early }, code: ResponseCode.Success };
    let json: unknown;
    let isJson: boolean;
    try {
      json = spec.parse ? spec.parse(body) : JSON.parse(body.text);
      isJson = true;
    } catch {
      isJson = false;
    }
    const obj = isJson && json && typeof json === 'object' && !Array.isArray(json) ? (json as object) : undefined;
    const envelope = obj ? envelopeSchema.safeParse(obj) : undefined;
    const hasCode = !!obj && 'Code' in obj && (obj as { Code?: unknown }).Code !== null;
    const code = envelope?.success && hasCode ? envelope.data.Code : null;
    const rawMessage = envelope?.success ? envelope.data.ErrorMessage : null;
    const vendorMessage = rawMessage ? scrub(rawMessage, [token]).slice(0, 500) : undefined;
    const withCode = { ...where, code: code ?? undefined, vendorMessage };

    if (status === 401 || code === ResponseCode.AuthenticationFail) {
      return { outcome: { type: 'auth', httpStatus: status, code, vendorMessage }, code };
    }
    if (code === ResponseCode.Failed) {
      return { outcome: { type: 'error', error: new ValidationError(withCode) }, code };
    }
    if (status < 200 || status > 299) {
      const retryAfterMs = parseRetryAfter(retryAfterHeader);
      if (status === 429 || status >= 500) {
        return {
          outcome: {
            type: 'error',
            error: new HttpError({
              ...withCode,
              httpStatus: status,
              retryable: true,
              retryAfterMs,
              // 429 and 503 say the request was turned away; other 5xx may come after work was done.
              maybeProcessed: status !== 429 && status !== 503,
            }),
          },
          code,
        };
      }
      return {
        outcome: { type: 'error', error: new HttpError({ ...withCode, httpStatus: status, retryable: false }) },
        code,
      };
    }
    if (!obj) {
      const detail = isJson ? 'not a JSON object' : body.text.trim() === '' ? 'empty body' : 'not JSON';
      return { outcome: { type: 'error', error: new MalformedResponseError({ ...where, detail }) }, code };
    }
    if (!envelope || !envelope.success) {
      const detail = envelope && !envelope.success ? describeIssues(envelope.error) : 'bad envelope';
      return { outcome: { type: 'error', error: new MalformedResponseError({ ...where, detail }) }, code };
    }
    const effective = envelope.data.Code;
    if (effective === ResponseCode.SystemError) {
      return {
        outcome: { type: 'error', error: new SystemError({ ...withCode, retryable: true, maybeProcessed: true }) },
        code,
      };
    }
    if (effective !== ResponseCode.Success && effective !== ResponseCode.Warning) {
      return { outcome: { type: 'error', error: new SystemError({ ...withCode, retryable: false }) }, code };
    }
    const parsed = spec.schema.safeParse(obj);
    if (!parsed.success) {
      const error = new MalformedResponseError({
        ...where,
        code: code ?? undefined,
        detail: describeIssues(parsed.error),
      });
      return { outcome: { type: 'error', error }, code };
    }
    const warning = effective === ResponseCode.Warning ? (vendorMessage ?? 'EasyCars returned a warning') : undefined;
    return { outcome: { type: 'ok', value: parsed.data, warning }, code };
  }

  async function getToken(service: EasyCarsService, ctx: CallContext): Promise<string> {
    return ctx.tokenCache.get(tokenKey(service), async () => {
      const answer = await call(
        { service, endpoint: 'RequestToken', schema: tokenAnswerSchema, safeToRepeat: true },
        ctx
      );
      return answer.value.Token;
    });
  }

  /** One logical call with token handling and the retry rule. */
  async function call<T>(spec: CallSpec<T>, ctx: CallContext): Promise<{ value: T; warning?: string }> {
    const isData = spec.endpoint !== 'RequestToken';
    let attempt = 0;
    let failures = 0;
    let renewed = false;
    let reconnected = false;
    for (;;) {
      if (ctx.deadline !== undefined && Date.now() >= ctx.deadline) {
        throw new TimeoutError({ service: spec.service, endpoint: spec.endpoint, timeoutMs: ctx.timeoutMs });
      }
      const token = isData ? await getToken(spec.service, ctx) : undefined;
      attempt += 1;
      const outcome = await attemptOnce(spec, attempt, ctx, token);
      if (outcome.type === 'ok') return { value: outcome.value, warning: outcome.warning };

      if (outcome.type === 'auth') {
        const init = {
          service: spec.service,
          endpoint: spec.endpoint,
          httpStatus: outcome.httpStatus,
          code: outcome.code ?? undefined,
          vendorMessage: outcome.vendorMessage,
        };
        if (!isData) throw new AuthenticationError({ ...init, stage: 'token' });
        if (renewed) throw new AuthenticationError({ ...init, stage: 'data' });
        renewed = true;
        ctx.tokenCache.invalidate(tokenKey(spec.service), token);
        continue;
      }

      const error = outcome.error;
      if (!reconnected && spec.safeToRepeat && error instanceof NetworkError && error.causeCode === STALE_SOCKET_CODE) {
        // A kept-alive socket the server had already closed: not EasyCars failing, so try once more on a fresh one
        // at once, without using up an attempt.
        reconnected = true;
        continue;
      }
      failures += 1;
      if (!error.retryable || failures >= ctx.attempts) throw error;
      if (!spec.safeToRepeat && error.maybeProcessed) throw error;
      let delay = backoffDelay(failures, ctx, random);
      if (error instanceof HttpError && error.retryAfterMs !== undefined) {
        if (error.retryAfterMs > ctx.maxDelayMs) throw error;
        delay = Math.max(delay, error.retryAfterMs);
      }
      if (ctx.deadline !== undefined && Date.now() + delay >= ctx.deadline) throw error;
      await sleep(delay);
    }
  }

  function dataBody(payload: object): Record<string, unknown> {
    const body: Record<string, unknown> = { AccountNumber: creds.accountNumber, AccountSecret: creds.accountSecret };
    for (const [k, v] of Object.entries(payload)) {
      if (k === 'AccountNumber' || k === 'AccountSecret' || v === undefined) continue;
      body[k] = v;
    }
    return body;
  }

  async function searchContactsWith(query: SearchContactsInput, ctx: CallContext): Promise<SearchContactsAnswer> {
    const { value, warning } = await call(
      {
        service: 'LeadService',
        endpoint: 'SearchContacts',
        body: dataBody(query),
        schema: searchContactsAnswerSchema,
        safeToRepeat: true,
      },
      ctx
    );
    return { contacts: value.Contacts, ...(warning !== undefined ? { warning } : {}) };
  }

  function withWarning<T extends object>(value: T, warning: string | undefined): T & Warned {
    return warning !== undefined ? { ...value, warning } : value;
  }

  async function getStockFeed(opts?: StockFeedOptions): Promise<StockFeed> {
    const yardCode = opts?.yardCode ?? options.yardCode;
    let feedHash = '';
    let isKnown: ((digest: string) => boolean) | undefined;
    const unchangedFeed: StockFeedItem[] = [];
    const { value, warning } = await call(
      {
        service: 'StockService',
        endpoint: 'GetAdvertisementStocks',
        body: dataBody(yardCode ? { YardCode: yardCode } : {}),
        schema: stockListAnswerSchema,
        safeToRepeat: true,
        keepBytes: true,
        beforeParse: async ({ sha256 }) => {
          feedHash = sha256!;
          if (opts?.unlessFeedHash === feedHash) return { StockList: unchangedFeed };
          isKnown ??= await opts?.knownItems?.();
          return undefined;
        },
        parse: (body) => parseStockList(body.bytes!, () => body.text, isKnown),
      },
      defaultContext
    );
    return withWarning({ items: value.StockList, feedHash, unchanged: value.StockList === unchangedFeed }, warning);
  }

  return {
    environment,
    root,

    async requestToken(service, opts) {
      if (opts?.fresh) defaultContext.tokenCache.invalidate(tokenKey(service));
      return getToken(service, defaultContext);
    },

    getStockFeed,

    async getAdvertisementStocks(opts) {
      const { items, ...feed } = await getStockFeed(opts);
      return { ...feed, items: items.map((item) => (item.known ? item.read() : item.value)) };
    },

    async createLead(request) {
      const { value, warning } = await call(
        {
          service: 'LeadService',
          endpoint: 'CreateLead',
          body: dataBody(request),
          schema: leadNumbersSchema,
          safeToRepeat: false,
        },
        defaultContext
      );
      return withWarning({ LeadNumber: value.LeadNumber, CustomerNo: value.CustomerNo }, warning);
    },

    async updateLead(request) {
      const { value, warning } = await call(
        {
          service: 'LeadService',
          endpoint: 'UpdateLead',
          body: dataBody(request),
          schema: leadNumbersSchema,
          // Sets values rather than adding anything, so repeating it is harmless.
          safeToRepeat: true,
        },
        defaultContext
      );
      return withWarning({ LeadNumber: value.LeadNumber, CustomerNo: value.CustomerNo }, warning);
    },

    async getLeadDetail(leadNumber) {
      const { value, warning } = await call(
        {
          service: 'LeadService',
          endpoint: 'GetLeadDetail',
          body: dataBody({ LeadNumber: leadNumber }),
          schema: leadDetailSchema,
          safeToRepeat: true,
        },
        defaultContext
      );
      const detail: LeadDetailAnswer = { ...value };
      if (detail.LeadStatus === undefined) delete detail.LeadStatus;
      return withWarning(detail, warning);
    },

    searchContacts(query) {
      return searchContactsWith(query, defaultContext);
    },

    async testConnection(opts) {
      const budgetMs = opts?.budgetMs ?? options.testConnectionBudgetMs ?? DEFAULTS.testConnectionBudgetMs;
      const started = Date.now();
      const t0 = performance.now();
      // A private cache: the test must prove the credentials now, not reuse a token fetched earlier.
      const ctx: CallContext = {
        tokenCache: new TokenCache(),
        attempts: 2,
        baseDelayMs: Math.min(defaultContext.baseDelayMs, 200),
        maxDelayMs: Math.min(defaultContext.maxDelayMs, 1000),
        timeoutMs: budgetMs,
        deadline: started + budgetMs,
      };
      try {
        await getToken('StockService', ctx);
        await getToken('LeadService', ctx);
        await searchContactsWith({ Email: CONNECTION_TEST_EMAIL }, ctx);
        return { ok: true, latencyMs: Math.round(performance.now() - t0), message: TEST_CONNECTION_MESSAGES.ok };
      } catch (err) {
        return testFailure(err, budgetMs);
      }
    },
  };

  function testFailure(err: unknown, budgetMs: number): TestConnectionOutcome {
    if (err instanceof AuthenticationError) {
      return err.stage === 'token'
        ? { ok: false, stage: 'client', message: TEST_CONNECTION_MESSAGES.client }
        : { ok: false, stage: 'account', message: TEST_CONNECTION_MESSAGES.account };
    }
    // With a well-formed SearchContacts, a Code 7 means the account pair was refused (seen as Code 1 or 7).
    if (err instanceof ValidationError && err.endpoint !== 'RequestToken') {
      return { ok: false, stage: 'account', message: TEST_CONNECTION_MESSAGES.account };
    }
    if (err instanceof TimeoutError) {
      return { ok: false, stage: 'timeout', message: `EasyCars did not answer in ${formatSeconds(budgetMs)} s` };
    }
    if (err instanceof NetworkError) {
      return { ok: false, stage: 'network', message: `Could not reach EasyCars at ${host}` };
    }
    if (err instanceof EasyCarsError) {
      return { ok: false, stage: 'unexpected', message: err.message };
    }
    return { ok: false, stage: 'unexpected', message: 'Unexpected error while testing the EasyCars connection' };
  }
}
