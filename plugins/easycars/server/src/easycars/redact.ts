/**
 * Redaction of everything the client logs (request/response bodies, URLs, messages), so call logs can be stored and
 * shown to admins. Pure functions, no I/O.
 *
 * Rules: secrets, tokens and Authorization values become "[redacted]"; AccountNumber and ClientID keep their last
 * 4 characters ("••••3815"), enough to tell accounts apart; any JWT-looking string is redacted wherever it appears;
 * known secret values passed by the caller are scrubbed from free text as a last line of defence.
 */

export const REDACTED = '[redacted]';
export const MASK = '••••';
export const DEFAULT_LOG_BODY_LIMIT = 4096;

/** Keys whose values are never logged. */
const SECRET_KEY = /secret|token|authorization|password|apikey|api_key/i;
/** Keys whose values are identifiers: logged masked, not hidden. */
const MASKED_KEY = /^(accountnumber|clientid)$/i;
/** Three base64url segments starting with a JSON header: a JWT. */
const JWT = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
/** Bodies larger than this are redacted as text (prefix only) rather than parsed, to keep logging cheap. */
const STRUCTURAL_LIMIT = 256 * 1024;
/** Read past the log's limit, so that a secret straddling the cut is still redacted. */
const PREFIX_MARGIN = 1024;

/** "EC103815" → "••••3815". Values no longer than `visible` are hidden entirely (they would otherwise be whole). */
export function maskTail(value: string | null | undefined, visible = 4): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  if (s.length <= visible) return MASK;
  return MASK + s.slice(s.length - visible);
}

const KEEP = Symbol('keep');

function redactValueForKey(key: string, value: unknown): unknown {
  if (SECRET_KEY.test(key)) return value === null || value === undefined || value === '' ? value : REDACTED;
  if (MASKED_KEY.test(key) && typeof value === 'string') return maskTail(value);
  return KEEP;
}

/** Deep copy of a JSON value with secrets redacted and identifiers masked. */
export function redactJson(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(JWT, REDACTED);
  if (Array.isArray(value)) return value.map(redactJson);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const r = redactValueForKey(k, v);
      out[k] = r === KEEP ? redactJson(v) : r;
    }
    return out;
  }
  return value;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function replaceAllLiteral(text: string, value: string, by: string): string {
  let out = text.replace(new RegExp(escapeRegExp(value), 'g'), by);
  // The same value may appear URL-encoded (query strings).
  const encoded = encodeURIComponent(value);
  if (encoded !== value) out = out.replace(new RegExp(escapeRegExp(encoded), 'g'), by);
  return out;
}

/**
 * Replaces literal occurrences of known secret values with "[redacted]" and of known identifiers with their masked
 * form, plus any JWT. Values shorter than 6 characters are skipped: too short to be secrets, too likely to hit
 * ordinary text.
 */
export function scrubSecrets(
  text: string,
  secrets: readonly (string | null | undefined)[] = [],
  identifiers: readonly (string | null | undefined)[] = []
): string {
  let out = text.replace(JWT, REDACTED);
  for (const secret of secrets) {
    if (secret && secret.length >= 6) out = replaceAllLiteral(out, secret, REDACTED);
  }
  for (const ident of identifiers) {
    if (ident && ident.length >= 6) out = replaceAllLiteral(out, ident, maskTail(ident));
  }
  return out;
}

/**
 * Text-level redaction for bodies that are not parseable JSON (or too large to parse): handles `"Key": "value"`
 * pairs, including a value cut off at the end of a prefix.
 */
export function redactJsonText(text: string): string {
  const pair = /("([A-Za-z_]+)"\s*:\s*)"((?:[^"\\]|\\.)*)("|$)/g;
  return text
    .replace(pair, (whole, head: string, key: string, value: string, close: string) => {
      if (SECRET_KEY.test(key)) return value === '' ? whole : `${head}"${REDACTED}${close || '"'}`;
      if (MASKED_KEY.test(key)) return `${head}"${maskTail(value)}${close || '"'}`;
      return whole;
    })
    .replace(JWT, REDACTED);
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Cuts `text` to at most `limit` UTF-8 bytes on a character boundary, noting how many bytes were left out. */
export function truncateBytes(text: string, limit: number, totalBytes = utf8Length(text)): string {
  if (totalBytes <= limit) return text;
  const buf = Buffer.from(text, 'utf8');
  let end = Math.min(limit, buf.length);
  // Step back over UTF-8 continuation bytes so no character is split.
  while (end > 0 && (buf[end] & 0xc0) === 0x80) end--;
  const kept = buf.subarray(0, end).toString('utf8');
  return `${kept}…[truncated ${totalBytes - end} bytes]`;
}

export interface RedactBodyOptions {
  /** Maximum logged size in bytes (default 4096). */
  limit?: number;
  /** Literal values to redact wherever they appear (the client passes its two secrets and the token in use). */
  secrets?: readonly (string | null | undefined)[];
  /** Literal identifiers to mask wherever they appear (ClientID, AccountNumber). */
  identifiers?: readonly (string | null | undefined)[];
}

/** Redacts and truncates one request/response body for logging. */
export function redactBody(body: string | null | undefined, options: RedactBodyOptions = {}): string | undefined {
  if (body === null || body === undefined) return undefined;
  if (body === '') return '';
  const limit = options.limit ?? DEFAULT_LOG_BODY_LIMIT;
  if (body.length <= STRUCTURAL_LIMIT) {
    let redacted: string | undefined;
    try {
      redacted = JSON.stringify(redactJson(JSON.parse(body)));
    } catch {
      redacted = undefined;
    }
    const text = scrubSecrets(redacted ?? redactJsonText(body), options.secrets, options.identifiers);
    return truncateBytes(text, limit);
  }
  // Large answers (a whole stock list): only a prefix is ever shown, so only a prefix is redacted. The margin keeps
  // secrets that straddle the cut inside the redacted part.
  const prefix = body.slice(0, limit + PREFIX_MARGIN);
  return redactPrefix(prefix, utf8Length(body) - utf8Length(prefix), limit, options);
}

/** `redactBody` of an answer kept as bytes: a large one is decoded only as far as the log shows it. */
export function redactBodyBytes(bytes: Buffer, options: RedactBodyOptions = {}): string {
  if (bytes.length <= STRUCTURAL_LIMIT) return redactBody(new TextDecoder().decode(bytes), options) ?? '';
  const limit = options.limit ?? DEFAULT_LOG_BODY_LIMIT;
  let end = Math.min(bytes.length, limit + PREFIX_MARGIN);
  // no character is split at the cut
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return redactPrefix(new TextDecoder().decode(bytes.subarray(0, end)), bytes.length - end, limit, options);
}

/** The shown part of a large answer's first characters, `hiddenTail` bytes after them left out. */
function redactPrefix(prefix: string, hiddenTail: number, limit: number, options: RedactBodyOptions): string {
  const text = scrubSecrets(redactJsonText(prefix), options.secrets, options.identifiers);
  const shown = truncateBytes(text, limit);
  if (shown !== text) {
    const m = /…\[truncated (\d+) bytes\]$/.exec(shown);
    const cutHere = m ? Number(m[1]) : 0;
    return shown.replace(/…\[truncated \d+ bytes\]$/, `…[truncated ${cutHere + hiddenTail} bytes]`);
  }
  return `${text}…[truncated ${hiddenTail} bytes]`;
}

const SECRET_QUERY = /secret|token|password|key|signature|auth/i;
const MASKED_QUERY = /^(clientid|accountnumber)$/i;

/** A URL safe to log: secret query values redacted, identifiers masked, user-info dropped. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL we can reason about: keep only what precedes a query string.
    return url.split('?')[0];
  }
  parsed.username = '';
  parsed.password = '';
  const params: string[] = [];
  parsed.searchParams.forEach((value, key) => {
    let shown = value;
    if (SECRET_QUERY.test(key)) shown = REDACTED;
    else if (MASKED_QUERY.test(key)) shown = maskTail(value);
    params.push(
      `${encodeURIComponent(key)}=${shown === REDACTED || shown.startsWith(MASK) ? shown : encodeURIComponent(shown)}`
    );
  });
  parsed.search = '';
  parsed.hash = '';
  const base = parsed.toString();
  return params.length ? `${base}?${params.join('&')}` : base;
}

/** Header values safe to log. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    out[k] = /authorization|cookie|secret|token/i.test(k) ? REDACTED : v;
  }
  return out;
}
