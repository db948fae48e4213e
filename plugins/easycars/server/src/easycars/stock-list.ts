/**
 * Reads a GetAdvertisementStocks answer item by item. The feed is one large JSON object (27 MB for 10,000 vehicles)
 * and most of its items are byte for byte the ones the last run applied: each item's bytes are cut out of the answer
 * and given a digest, and only the items the caller does not already have are parsed. Pure, no I/O.
 *
 * The answer is still checked as a whole: the envelope (the answer without its items) and every item parsed here
 * must be valid JSON, and an item not parsed is byte for byte one that was valid when it was first read. Anything
 * the cutter does not recognise (no StockList array, a StockList key written with escapes or given twice, a byte
 * order mark, bytes after the object) is read the plain way, with one JSON.parse of the whole answer's text.
 */
import { hash } from 'crypto';

/** One item of the feed, as cut out of the answer. */
export type StockFeedItem =
  /** Parsed; `digest` is null when the answer was read the plain way (no item bytes to digest). */
  | { known: false; digest: string | null; value: unknown }
  /** Not parsed: the caller has this digest already. `read()` parses it after all. */
  | KnownItem;

/** An item the caller has already, left unparsed: where its bytes are (a class, not a closure per item). */
class KnownItem {
  readonly known = true as const;
  constructor(
    private readonly bytes: Buffer,
    private readonly start: number,
    private readonly end: number,
    readonly digest: string
  ) {}

  read(): unknown {
    return JSON.parse(this.bytes.toString('utf8', this.start, this.end));
  }
}

/** The digest of an item's bytes (its JSON text as EasyCars sent it): equal digests mean the same bytes. */
export function stockItemDigest(bytes: Uint8Array): string {
  // one-shot: ten thousand items a sync, and a Hash object each cost more than the hashing
  return hash('sha256', bytes, 'base64');
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** JSON's four whitespace characters. */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(bytes: Buffer, i: number): number {
  while (i < bytes.length && isSpace(bytes[i])) i++;
  return i;
}

/** `i` is at an opening quote: the index after the closing one, or -1. Jumps from quote to quote. */
function stringEnd(bytes: Buffer, i: number): number {
  let from = i + 1;
  for (;;) {
    const quote = bytes.indexOf(QUOTE, from);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (bytes[quote - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/**
 * `i` is at the first byte of a value: the index after it, or -1. Only the structure is followed (strings,
 * nesting); whether the value is valid JSON is for JSON.parse to say.
 */
function valueEnd(bytes: Buffer, i: number): number {
  const first = bytes[i];
  if (first === QUOTE) return stringEnd(bytes, i);
  if (first === OPEN_OBJECT || first === OPEN_ARRAY) {
    let depth = 0;
    for (let j = i; j < bytes.length; j++) {
      const c = bytes[j];
      if (c === QUOTE) {
        j = stringEnd(bytes, j) - 1;
        if (j < 0) return -1;
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
      else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return -1;
  }
  // a number or a literal: up to the next separator
  let j = i;
  while (j < bytes.length) {
    const c = bytes[j];
    if (c === COMMA || c === CLOSE_OBJECT || c === CLOSE_ARRAY || isSpace(c)) break;
    j++;
  }
  return j > i ? j : -1;
}

interface Cut {
  /** The answer with an empty StockList in place of the items. */
  envelope: string;
  /** Start and end of each item's bytes, in feed order. */
  spans: number[];
}

/** Where the items of the root object's StockList array are, or null when the answer is not of that shape. */
function cutStockList(bytes: Buffer): Cut | null {
  let i = skipSpace(bytes, 0);
  if (bytes[i] !== OPEN_OBJECT) return null;
  i = skipSpace(bytes, i + 1);
  let list: { start: number; end: number; spans: number[] } | null = null;
  if (bytes[i] !== CLOSE_OBJECT) {
    for (;;) {
      if (bytes[i] !== QUOTE) return null;
      const keyEnd = stringEnd(bytes, i);
      if (keyEnd < 0) return null;
      // a key with escapes could spell StockList in another way: left to JSON.parse
      const key = bytes.toString('latin1', i + 1, keyEnd - 1);
      if (key.includes('\\')) return null;
      i = skipSpace(bytes, keyEnd);
      if (bytes[i] !== COLON) return null;
      i = skipSpace(bytes, i + 1);
      if (key === 'StockList') {
        if (list || bytes[i] !== OPEN_ARRAY) return null;
        const spans: number[] = [];
        const start = i;
        i = skipSpace(bytes, i + 1);
        if (bytes[i] !== CLOSE_ARRAY) {
          for (;;) {
            const end = valueEnd(bytes, i);
            if (end < 0) return null;
            spans.push(i, end);
            i = skipSpace(bytes, end);
            if (bytes[i] === CLOSE_ARRAY) break;
            if (bytes[i] !== COMMA) return null;
            i = skipSpace(bytes, i + 1);
          }
        }
        i += 1;
        list = { start, end: i, spans };
      } else {
        const end = valueEnd(bytes, i);
        if (end < 0) return null;
        i = end;
      }
      i = skipSpace(bytes, i);
      if (bytes[i] === CLOSE_OBJECT) break;
      if (bytes[i] !== COMMA) return null;
      i = skipSpace(bytes, i + 1);
    }
  }
  if (!list || skipSpace(bytes, i + 1) !== bytes.length) return null;
  const envelope = `${bytes.toString('utf8', 0, list.start)}[]${bytes.toString('utf8', list.end)}`;
  return { envelope, spans: list.spans };
}

/**
 * The answer as JSON, its StockList made of `StockFeedItem`s: the items for which `isKnown(digest)` is true are
 * not parsed. `text` gives the answer decoded, asked for only when the answer cannot be cut. Throws a SyntaxError,
 * like JSON.parse, when the answer is not valid JSON.
 */
export function parseStockList(
  bytes: Buffer,
  text: () => string,
  isKnown: (digest: string) => boolean = () => false
): unknown {
  const cut = cutStockList(bytes);
  if (!cut) {
    const answer = JSON.parse(text());
    if (answer && Array.isArray(answer.StockList)) {
      answer.StockList = answer.StockList.map((value: unknown) => ({ known: false, digest: null, value }));
    }
    return answer;
  }
  const answer = JSON.parse(cut.envelope);
  const items: StockFeedItem[] = [];
  const { spans } = cut;
  for (let k = 0; k < spans.length; k += 2) {
    const start = spans[k];
    const end = spans[k + 1];
    const digest = stockItemDigest(bytes.subarray(start, end));
    items.push(
      isKnown(digest)
        ? new KnownItem(bytes, start, end, digest)
        : { known: false, digest, value: JSON.parse(bytes.toString('utf8', start, end)) }
    );
  }
  answer.StockList = items;
  return answer;
}
