/**
 * Turns one raw StockItem from GetAdvertisementStocks into a clean, typed item, or a short sentence saying why it
 * cannot be a vehicle. The vendor is loose with types (easycars-api.md §6 and §8.8): `""` for numbers and booleans,
 * null for text, numeric strings, trailing spaces. Those are absorbed here so that the mapper, the hash and the diff
 * only ever see one representation per value. Pure: no Strapi, never throws.
 */
import { z } from 'zod';
import { CONTROL_CHARACTERS, CONTROL_CHARACTERS_EXCEPT_LINE_BREAKS } from '../../../../shared/contracts/fields';
import { STOCK_ITEM_FIELDS, type StockItem, type StockTypeLetter } from '../../../../shared/easycars/stock-item';

export type StockItemField = (typeof STOCK_ITEM_FIELDS)[number];

/**
 * A StockItem after normalisation. Same 72 members as the vendor's, with one difference: `IsUsed` may be null,
 * because a blank `IsUsed` says nothing about newness and guessing `false` would advertise a used car as new.
 * Text is trimmed and never null (`""` = unknown), except `RegoExpiry`, which is null when blank.
 */
export type NormalisedStockItem = Omit<StockItem, 'IsUsed'> & { IsUsed: boolean | null };

export type NormaliseResult =
  | { ok: true; item: NormalisedStockItem }
  | {
      ok: false;
      error: string;
      /** Best-effort identity of the rejected item, so a failed item can still be reported against its key. */
      stockNumber: string | null;
      yardCode: string | null;
    };

/**
 * The version of how an item is read (this file) and hashed (`hashStockItem`). The record state keeps each
 * vehicle's item digest under this version, and an item whose text has that digest is not read again: raise it
 * whenever an item would be read or hashed differently, so that every item is read again once.
 */
export const NORMALISATION_VERSION = 1;

export const STOCK_TYPE_LETTERS: readonly StockTypeLetter[] = ['A', 'B', 'C', 'H', 'M', 'T'];

/** Largest value of a 32-bit integer column (PostgreSQL `integer`). */
const MAX_INT = 2_147_483_647;
/** Prices land in a decimal(10,2) column. */
const MAX_PRICE = 99_999_999.99;
const MIN_YEAR = 1900;
const MAX_KEY_LENGTH = 255;
/** More than this many problems are summarised, so a garbage object does not produce a wall of text. */
const MAX_REPORTED = 3;

export interface NormaliseOptions {
  /** The clock used for the plausible-year check (a model year may run up to two years ahead). */
  now?: Date;
}

/** A value quoted for an error message, short enough to read. */
function show(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Why a member's value cannot be used; a plain value, so the readers below compose without flags. */
class Problem {
  constructor(readonly message: string) {}
}

/**
 * Reads one member. Plain functions rather than a zod schema each: a feed of 10,000 items has 720,000 member values,
 * and a zod parse of each cost more than the reading itself, plus, at times, 150 MB of short-lived objects that
 * outlived the young generation.
 */
type Reader<T> = (value: unknown) => T | Problem;

/** Plain decimal, optionally with thousands separators ("12,990"). */
const NUMERIC_TEXT = /^-?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$/;

/** A number, or a numeric string; `""`/null/missing → null. */
function readNumber(member: string, v: unknown): number | null | Problem {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    const s = v.trim();
    if (s === '') return null;
    if (NUMERIC_TEXT.test(s)) return Number(s.replace(/,/g, ''));
  }
  return new Problem(`${member} ${show(v)} is not a number`);
}

function numberRule(member: string, opts: { integer?: boolean; max?: number }): Reader<number | null> {
  return (v) => {
    const n = readNumber(member, v);
    if (n === null || n instanceof Problem) return n;
    if (n < 0) return new Problem(`${member} ${show(v)} is negative`);
    if (opts.integer && !Number.isInteger(n)) return new Problem(`${member} ${show(v)} is not a whole number`);
    const max = opts.max ?? (opts.integer ? MAX_INT : undefined);
    if (max !== undefined && n > max) return new Problem(`${member} ${show(v)} is too large`);
    return n;
  };
}

const nullableNumber = (member: string) => numberRule(member, {});
const nullableInt = (member: string) => numberRule(member, { integer: true });
const price = (member: string) => numberRule(member, { max: MAX_PRICE });

/** A count the vendor types as a plain int: blank → 0. */
function count(member: string): Reader<number> {
  const read = numberRule(member, { integer: true });
  return (v) => {
    const n = read(v);
    return n === null ? 0 : n;
  };
}

const TRUE_TEXT = new Set(['true', 'yes', 'y', '1']);
const FALSE_TEXT = new Set(['false', 'no', 'n', '0']);

function readBoolean(member: string, v: unknown): boolean | null | Problem {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === '') return null;
    if (TRUE_TEXT.has(s)) return true;
    if (FALSE_TEXT.has(s)) return false;
  }
  return new Problem(`${member} ${show(v)} is not true or false`);
}

/** Documented as nullable (IsDriveAway), or where blank must stay "unknown" (IsUsed). */
const nullableBoolean =
  (member: string): Reader<boolean | null> =>
  (v) =>
    readBoolean(member, v);

/** A flag: blank means "not set". */
const flag =
  (member: string): Reader<boolean> =>
  (v) => {
    const b = readBoolean(member, v);
    return b === null ? false : b;
  };

const ALL_CONTROLS = new RegExp(CONTROL_CHARACTERS.source, 'g');
const CONTROLS_BUT_LINE_BREAKS = new RegExp(CONTROL_CHARACTERS_EXCEPT_LINE_BREAKS.source, 'g');

/**
 * Control characters out of vendor text: PostgreSQL cannot store a NUL at all, and the others only garble a page.
 * Long text (descriptions) keeps its tabs and line breaks; elsewhere they become a space, so words stay apart.
 */
function withoutControls(s: string, long: boolean): string {
  if (long) return s.replace(CONTROLS_BUT_LINE_BREAKS, '');
  return s.replace(/[\t\r\n]/g, ' ').replace(ALL_CONTROLS, '');
}

/** Text: trimmed; null/missing → ""; numbers and booleans written as text (numeric stock numbers are common). */
function readText(member: string, v: unknown, long = false): string | Problem {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return withoutControls(v, long).trim();
  if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') return String(v);
  return new Problem(`${member} is not text`);
}

const text =
  (member: string): Reader<string> =>
  (v) =>
    readText(member, v);
/** Text shown as paragraphs on the site. */
const longText =
  (member: string): Reader<string> =>
  (v) =>
    readText(member, v, true);

/** Nullable text (documented as `string | null`): blank → null, so "no value" has one form. */
const nullableText =
  (member: string): Reader<string | null> =>
  (v) => {
    const s = readText(member, v);
    return s === '' ? null : s;
  };

/** Identity members land in varchar(255) columns and cannot be cut without risking two vehicles on one key. */
function readKey(member: string, v: unknown): string | Problem {
  const s = readText(member, v);
  if (!(s instanceof Problem) && s.length > MAX_KEY_LENGTH) {
    return new Problem(`${member} is longer than ${MAX_KEY_LENGTH} characters`);
  }
  return s;
}

const stockNumber: Reader<string> = (v) => {
  const s = readKey('StockNumber', v);
  return s === '' ? new Problem('StockNumber is missing') : s;
};

/** A missing YardCode is an error, but `""` (and null) is the single-yard account. */
const yardCode: Reader<string> = (v) => (v === undefined ? new Problem('YardCode is missing') : readKey('YardCode', v));

function yearGroup(now: Date): Reader<number> {
  const maxYear = now.getUTCFullYear() + 2;
  return (v) => {
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      return new Problem('YearGroup is missing');
    }
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < MIN_YEAR || n > maxYear) return new Problem(`YearGroup ${show(v)} is not a year`);
    return n;
  };
}

const stockType: Reader<StockTypeLetter> = (v) => {
  const s = typeof v === 'string' ? v.trim().toUpperCase() : v;
  if (s === undefined || s === null || s === '') return new Problem('StockType is missing');
  if (typeof s === 'string' && (STOCK_TYPE_LETTERS as readonly string[]).includes(s)) return s as StockTypeLetter;
  return new Problem(`StockType ${show(v)} is not one of ${STOCK_TYPE_LETTERS.join(', ')}`);
};

type MemberReaders = { [M in StockItemField]: Reader<NormalisedStockItem[M]> };

function memberReaders(now: Date): MemberReaders {
  return {
    YardCode: yardCode,
    YardName: text('YardName'),
    StockNumber: stockNumber,
    VIN: text('VIN'),
    RegoNum: text('RegoNum'),
    RegoState: text('RegoState'),
    RegoExpiry: nullableText('RegoExpiry'),
    Make: text('Make'),
    Model: text('Model'),
    Badge: text('Badge'),
    Series: text('Series'),
    YearGroup: yearGroup(now),
    Body: text('Body'),
    Colour: text('Colour'),
    InteriorColor: text('InteriorColor'),
    DoorNum: nullableInt('DoorNum'),
    SeatCapacity: nullableInt('SeatCapacity'),
    DriveTrain: text('DriveTrain'),
    GearType: text('GearType'),
    GearCount: nullableInt('GearCount'),
    FuelType: text('FuelType'),
    EngineCapacity: text('EngineCapacity'),
    EngineSize: nullableNumber('EngineSize'),
    Cylinder: text('Cylinder'),
    EngineTypeDescription: text('EngineTypeDescription'),
    EngineMake: text('EngineMake'),
    EngineNumber: text('EngineNumber'),
    EnginePower: nullableNumber('EnginePower'),
    PowerkW: nullableNumber('PowerkW'),
    Powerhp: nullableNumber('Powerhp'),
    Price: price('Price'),
    AdvSpecialPrice: price('AdvSpecialPrice'),
    IsDriveAway: nullableBoolean('IsDriveAway'),
    IsSpecial: flag('IsSpecial'),
    IsDemo: flag('IsDemo'),
    IsUsed: nullableBoolean('IsUsed'),
    IsPrestiged: flag('IsPrestiged'),
    IsDepositTaken: flag('IsDepositTaken'),
    StockStatus: text('StockStatus'),
    StockType: stockType,
    Odometer: nullableInt('Odometer'),
    IsMiles: flag('IsMiles'),
    AdvDescription: longText('AdvDescription'),
    ShortDescription: longText('ShortDescription'),
    AdditionalDescription: longText('AdditionalDescription'),
    Warranty: longText('Warranty'),
    Location: text('Location'),
    VideoLink: text('VideoLink'),
    StandardFeatures: text('StandardFeatures'),
    OptionalFeatures: text('OptionalFeatures'),
    GCM: nullableNumber('GCM'),
    GVM: nullableNumber('GVM'),
    Tare: nullableNumber('Tare'),
    Length: nullableNumber('Length'),
    SleepingCapacity: nullableInt('SleepingCapacity'),
    Toilet: text('Toilet'),
    Shower: text('Shower'),
    AirConditioning: text('AirConditioning'),
    Fridge: text('Fridge'),
    Stereo: text('Stereo'),
    GPS: text('GPS'),
    Wheelsize: text('Wheelsize'),
    Wheels: text('Wheels'),
    TowBallWeight: text('TowBallWeight'),
    AxleConfiguration: text('AxleConfiguration'),
    BuiltDate: text('BuiltDate'),
    ComplianceDate: text('ComplianceDate'),
    RedbookCode: text('RedbookCode'),
    NVIC: text('NVIC'),
    SerialNumber: text('SerialNumber'),
    ImageCount: count('ImageCount'),
    ImageURLs: text('ImageURLs'),
  };
}

// Built once per calendar year of the clock; a sync normalises thousands of items with the same readers.
let cached: { year: number; readers: MemberReaders } | null = null;
function readersFor(now: Date): MemberReaders {
  const year = now.getUTCFullYear();
  if (!cached || cached.year !== year) cached = { year, readers: memberReaders(now) };
  return cached.readers;
}

/**
 * Every member, null: a normalised item starts as a copy of it. V8 keeps an object that receives its 72 members one
 * by one as a slow dictionary (several times the memory, slower to read and serialise); a copy of this template
 * has them all from the start, in the vendor's order.
 */
const EMPTY_ITEM = Object.fromEntries(STOCK_ITEM_FIELDS.map((member) => [member, null]));

// A check, not a copy: the members are read one by one below, and a feed holds thousands of items.
const rootSchema = z.custom<Record<string, unknown>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  'The stock item is not an object'
);

/** The identity of a raw item as far as it can be read, for reporting a rejection. */
function rawKey(record: Record<string, unknown>, member: 'StockNumber' | 'YardCode'): string | null {
  const v = record[member];
  if (typeof v === 'string') return withoutControls(v, false).trim() || null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/**
 * Validates and cleans one raw item. Members outside the documented 72 are dropped (the item is a fixed contract;
 * an unexpected member would otherwise change every hash the day the vendor adds one).
 */
export function normaliseStockItem(raw: unknown, options: NormaliseOptions = {}): NormaliseResult {
  try {
    const root = rootSchema.safeParse(raw);
    if (!root.success) {
      return { ok: false, error: 'The stock item is not an object', stockNumber: null, yardCode: null };
    }
    const record = root.data;
    const readers = readersFor(options.now ?? new Date());
    const item: Record<string, unknown> = { ...EMPTY_ITEM };
    const problems: string[] = [];
    for (const member of STOCK_ITEM_FIELDS) {
      const value = readers[member](record[member]);
      if (value instanceof Problem) problems.push(value.message);
      else item[member] = value;
    }
    if (problems.length > 0) {
      const shown = problems.slice(0, MAX_REPORTED).join('; ');
      const more = problems.length - MAX_REPORTED;
      return {
        ok: false,
        error: more > 0 ? `${shown}; and ${more} more problem${more === 1 ? '' : 's'}` : shown,
        stockNumber: rawKey(record, 'StockNumber'),
        yardCode: rawKey(record, 'YardCode'),
      };
    }
    return { ok: true, item: item as NormalisedStockItem };
  } catch (error) {
    // Only a getter on an exotic input could get here; report it as a bad item rather than break the run.
    return {
      ok: false,
      error: `The stock item could not be read (${error instanceof Error ? error.message : String(error)})`,
      stockNumber: null,
      yardCode: null,
    };
  }
}
