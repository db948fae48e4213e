/**
 * From a normalised StockItem to the attributes of `api::vehicle.vehicle`. Pure and deterministic (no clock):
 * the same item always maps to the same data, so what is written can be hashed and compared later.
 */
import type { StockTypeLetter } from '../../../../shared/easycars/stock-item';
import type { NormalisedStockItem, StockItemField } from './normalise';

export type VehicleCondition = 'new' | 'used' | 'demo';
export type VehicleCategory = 'car' | 'boat' | 'caravan' | 'truck' | 'motorbike' | 'trailer';
export type ListingStatus = 'listed' | 'unlisted';
export type VehicleSource = 'easycars' | 'manual';

/** What a sync writes for one vehicle. `syncedAt` is not here: the writer stamps it at write time. */
export interface VehicleData {
  stockNumber: string;
  yardCode: string | null;
  yardName: string | null;
  vin: string | null;
  rego: string | null;
  regoState: string | null;
  regoExpiry: string | null;
  make: string | null;
  model: string | null;
  badge: string | null;
  series: string | null;
  year: number;
  body: string | null;
  colour: string | null;
  interiorColour: string | null;
  transmission: string | null;
  gearCount: number | null;
  drivetrain: string | null;
  fuelType: string | null;
  engineCapacity: string | null;
  engineSizeCc: number | null;
  cylinders: string | null;
  powerKw: number | null;
  doors: number | null;
  seats: number | null;
  odometer: number | null;
  odometerInMiles: boolean;
  price: number | null;
  specialPrice: number | null;
  isDriveAway: boolean | null;
  condition: VehicleCondition;
  category: VehicleCategory;
  stockStatus: string | null;
  depositTaken: boolean;
  isSpecial: boolean;
  isPrestige: boolean;
  title: string;
  description: string | null;
  shortDescription: string | null;
  additionalDescription: string | null;
  warranty: string | null;
  location: string | null;
  videoLink: string | null;
  standardFeatures: string[];
  optionalFeatures: string[];
  images: string[];
  imageCount: number;
  rawData: NormalisedStockItem;
  source: 'easycars';
  listingStatus: 'listed';
  connectionId: string;
  unlistedAt: null;
}

export type VehicleField = keyof VehicleData;

/** Where a member lands: a typed attribute, or `rawData.<Member>` only (it is always in rawData as well). */
export interface FieldLanding {
  attribute: VehicleField | `rawData.${StockItemField}`;
  rule: string;
}

const TEXT = 'trimmed; "" → null';
const SHORT_TEXT = 'trimmed; "" → null; cut to 255 characters';
const RAW_TEXT = 'trimmed; null → ""';
const NUMBER = 'number or numeric string; "" → null; negative rejected';
const WHOLE = 'whole number or numeric string; "" → null; negative rejected';

/**
 * Every one of the 72 StockItem members and where it lands. Tests hold this against the vendor's member list and
 * the content-type schema; docs/vehicle-fields.md is the readable form of the same table.
 */
export const VEHICLE_FIELD_MAP: { readonly [M in StockItemField]: FieldLanding } = {
  YardCode: { attribute: 'yardCode', rule: 'required member; trimmed; "" (single-yard account) → null' },
  YardName: { attribute: 'yardName', rule: SHORT_TEXT },
  StockNumber: { attribute: 'stockNumber', rule: 'required, not blank; trimmed; numbers written as text' },
  VIN: { attribute: 'vin', rule: SHORT_TEXT },
  RegoNum: { attribute: 'rego', rule: SHORT_TEXT },
  RegoState: { attribute: 'regoState', rule: SHORT_TEXT },
  RegoExpiry: { attribute: 'regoExpiry', rule: 'dd/mm/yyyy → yyyy-mm-dd; blank or impossible date → null' },
  Make: { attribute: 'make', rule: `${SHORT_TEXT}; the vendor's case is kept ("VOLVO")` },
  Model: { attribute: 'model', rule: SHORT_TEXT },
  Badge: { attribute: 'badge', rule: SHORT_TEXT },
  Series: { attribute: 'series', rule: SHORT_TEXT },
  YearGroup: { attribute: 'year', rule: 'required; whole number from 1900 to the current year + 2' },
  Body: { attribute: 'body', rule: SHORT_TEXT },
  Colour: { attribute: 'colour', rule: SHORT_TEXT },
  InteriorColor: { attribute: 'interiorColour', rule: SHORT_TEXT },
  DoorNum: { attribute: 'doors', rule: WHOLE },
  SeatCapacity: { attribute: 'seats', rule: WHOLE },
  DriveTrain: { attribute: 'drivetrain', rule: SHORT_TEXT },
  GearType: { attribute: 'transmission', rule: SHORT_TEXT },
  GearCount: { attribute: 'gearCount', rule: WHOLE },
  FuelType: { attribute: 'fuelType', rule: SHORT_TEXT },
  EngineCapacity: { attribute: 'engineCapacity', rule: `${SHORT_TEXT}; kept as text ("2.0L")` },
  EngineSize: { attribute: 'engineSizeCc', rule: `${NUMBER}; cubic centimetres` },
  Cylinder: { attribute: 'cylinders', rule: `${SHORT_TEXT}; a code ("TT4"), not a count` },
  EngineTypeDescription: { attribute: 'rawData.EngineTypeDescription', rule: RAW_TEXT },
  EngineMake: { attribute: 'rawData.EngineMake', rule: RAW_TEXT },
  EngineNumber: { attribute: 'rawData.EngineNumber', rule: RAW_TEXT },
  EnginePower: { attribute: 'rawData.EnginePower', rule: NUMBER },
  PowerkW: { attribute: 'powerKw', rule: NUMBER },
  Powerhp: { attribute: 'rawData.Powerhp', rule: NUMBER },
  Price: {
    attribute: 'price',
    rule: `${NUMBER}; null (price on application) kept; rounded to cents; 100,000,000 or more rejected`,
  },
  AdvSpecialPrice: { attribute: 'specialPrice', rule: `${NUMBER}; rounded to cents; 100,000,000 or more rejected` },
  IsDriveAway: { attribute: 'isDriveAway', rule: 'boolean; "" → null (unknown)' },
  IsSpecial: { attribute: 'isSpecial', rule: 'boolean; "" → false' },
  IsDemo: { attribute: 'condition', rule: 'IsDemo true → demo (wins over IsUsed)' },
  IsUsed: { attribute: 'condition', rule: 'IsUsed false → new; true or blank → used' },
  IsPrestiged: { attribute: 'isPrestige', rule: 'boolean; "" → false' },
  IsDepositTaken: { attribute: 'depositTaken', rule: 'boolean; "" → false' },
  StockStatus: { attribute: 'stockStatus', rule: SHORT_TEXT },
  StockType: {
    attribute: 'category',
    rule: 'A car, B boat, C caravan, H truck, M motorbike, T trailer; any other letter rejected',
  },
  Odometer: { attribute: 'odometer', rule: `${WHOLE}; null kept; not converted from miles` },
  IsMiles: { attribute: 'odometerInMiles', rule: 'boolean; "" → false' },
  AdvDescription: { attribute: 'description', rule: TEXT },
  ShortDescription: { attribute: 'shortDescription', rule: TEXT },
  AdditionalDescription: { attribute: 'additionalDescription', rule: TEXT },
  Warranty: { attribute: 'warranty', rule: TEXT },
  Location: { attribute: 'location', rule: SHORT_TEXT },
  VideoLink: { attribute: 'videoLink', rule: TEXT },
  StandardFeatures: {
    attribute: 'standardFeatures',
    rule: 'split on commas, each trimmed, blanks dropped, order kept',
  },
  OptionalFeatures: {
    attribute: 'optionalFeatures',
    rule: 'split on commas, each trimmed, blanks dropped, order kept',
  },
  GCM: { attribute: 'rawData.GCM', rule: NUMBER },
  GVM: { attribute: 'rawData.GVM', rule: NUMBER },
  Tare: { attribute: 'rawData.Tare', rule: NUMBER },
  Length: { attribute: 'rawData.Length', rule: NUMBER },
  SleepingCapacity: { attribute: 'rawData.SleepingCapacity', rule: WHOLE },
  Toilet: { attribute: 'rawData.Toilet', rule: RAW_TEXT },
  Shower: { attribute: 'rawData.Shower', rule: RAW_TEXT },
  AirConditioning: { attribute: 'rawData.AirConditioning', rule: RAW_TEXT },
  Fridge: { attribute: 'rawData.Fridge', rule: RAW_TEXT },
  Stereo: { attribute: 'rawData.Stereo', rule: RAW_TEXT },
  GPS: { attribute: 'rawData.GPS', rule: RAW_TEXT },
  Wheelsize: { attribute: 'rawData.Wheelsize', rule: RAW_TEXT },
  Wheels: { attribute: 'rawData.Wheels', rule: RAW_TEXT },
  TowBallWeight: { attribute: 'rawData.TowBallWeight', rule: RAW_TEXT },
  AxleConfiguration: { attribute: 'rawData.AxleConfiguration', rule: RAW_TEXT },
  BuiltDate: { attribute: 'rawData.BuiltDate', rule: `${RAW_TEXT}; not parsed (format undocumented)` },
  ComplianceDate: { attribute: 'rawData.ComplianceDate', rule: `${RAW_TEXT}; not parsed (format undocumented)` },
  RedbookCode: { attribute: 'rawData.RedbookCode', rule: RAW_TEXT },
  NVIC: { attribute: 'rawData.NVIC', rule: RAW_TEXT },
  SerialNumber: { attribute: 'rawData.SerialNumber', rule: RAW_TEXT },
  ImageCount: {
    attribute: 'imageCount',
    rule: "whole number; blank → 0; the vendor's count, not recounted from ImageURLs",
  },
  ImageURLs: { attribute: 'images', rule: 'split on commas, each trimmed, blanks dropped, order kept (first = hero)' },
};

/**
 * Attributes a sync derives from the item, other than rawData: the ones an administrator might also edit, so the
 * candidates for local-edit and conflict detection.
 */
// prettier-ignore
export const MAPPED_VEHICLE_FIELDS = [
  'stockNumber', 'yardCode', 'yardName', 'vin', 'rego', 'regoState', 'regoExpiry',
  'make', 'model', 'badge', 'series', 'year', 'body', 'colour', 'interiorColour', 'transmission', 'gearCount',
  'drivetrain', 'fuelType', 'engineCapacity', 'engineSizeCc', 'cylinders', 'powerKw', 'doors', 'seats',
  'odometer', 'odometerInMiles', 'price', 'specialPrice', 'isDriveAway', 'condition', 'category', 'stockStatus',
  'depositTaken', 'isSpecial', 'isPrestige', 'title', 'description', 'shortDescription', 'additionalDescription',
  'warranty', 'location', 'videoLink', 'standardFeatures', 'optionalFeatures', 'images', 'imageCount',
] as const satisfies readonly VehicleField[];

/** Everything a sync writes from the item: the mapped attributes plus rawData, which always follows EasyCars. */
export const SYNCED_VEHICLE_FIELDS = [...MAPPED_VEHICLE_FIELDS, 'rawData'] as const satisfies readonly VehicleField[];

/** Written by the sync for its own book-keeping, never compared as content. */
export const BOOKKEEPING_VEHICLE_FIELDS = [
  'source',
  'listingStatus',
  'connectionId',
  'unlistedAt',
  'syncedAt',
] as const;

const CATEGORY_BY_LETTER: Record<StockTypeLetter, VehicleCategory> = {
  A: 'car',
  B: 'boat',
  C: 'caravan',
  H: 'truck',
  M: 'motorbike',
  T: 'trailer',
};

export function categoryOf(letter: StockTypeLetter): VehicleCategory {
  return CATEGORY_BY_LETTER[letter];
}

/** Demo wins; otherwise only an explicit `IsUsed: false` makes a vehicle new. */
export function conditionOf(isUsed: boolean | null, isDemo: boolean): VehicleCondition {
  if (isDemo) return 'demo';
  return isUsed === false ? 'new' : 'used';
}

/** `""` → null, so every empty value has one form in the database. */
function orNull(value: string): string | null {
  return value === '' ? null : value;
}

/** For `string` (varchar 255) attributes; the full value stays in rawData. */
function short(value: string): string | null {
  return value === '' ? null : value.length > 255 ? value.slice(0, 255).trimEnd() : value;
}

/** Cents: a decimal(10,2) column would round anyway, and the written value must equal the value read back. */
function toCents(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}

/** A comma-separated vendor list, in order, without blanks. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/**
 * `dd/mm/yyyy` (day and month may be one digit, a time part is ignored) or ISO `yyyy-mm-dd` → `yyyy-mm-dd`.
 * Impossible dates (31/02/2024) and anything else → null.
 */
export function parseVendorDate(value: string | null): string | null {
  if (!value) return null;
  const s = value.trim();
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(s);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  let year: number;
  let month: number;
  let day: number;
  if (dmy) [day, month, year] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
  else if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Title case for a make: "LAND ROVER" → "Land Rover", "MERCEDES-BENZ" → "Mercedes-Benz". A word without vowels is
 * taken for an initialism and kept upper case ("BMW", "HSV", "LDV"); a word already in mixed case is left alone
 * ("McLaren").
 */
export function titleCaseMake(make: string): string {
  return make
    .split(/\s+/)
    .filter((word) => word !== '')
    .map((word) => {
      const mixed = /[a-z]/.test(word) && /[A-Z]/.test(word);
      if (mixed) return word;
      if (!/[aeiou]/i.test(word)) return word.toUpperCase();
      return word.toLowerCase().replace(/(^|[-'])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
    })
    .join(' ');
}

/** "<year> <Make in title case> <Model> <Badge>", skipping blanks. */
export function buildTitle(item: Pick<NormalisedStockItem, 'YearGroup' | 'Make' | 'Model' | 'Badge'>): string {
  const title = [String(item.YearGroup), titleCaseMake(item.Make), item.Model, item.Badge]
    .filter((part) => part !== '')
    .join(' ');
  return title.length > 255 ? title.slice(0, 255).trimEnd() : title;
}

export function toVehicleData(item: NormalisedStockItem, connectionId: string): VehicleData {
  return {
    stockNumber: item.StockNumber,
    yardCode: orNull(item.YardCode),
    yardName: short(item.YardName),
    vin: short(item.VIN),
    rego: short(item.RegoNum),
    regoState: short(item.RegoState),
    regoExpiry: parseVendorDate(item.RegoExpiry),
    make: short(item.Make),
    model: short(item.Model),
    badge: short(item.Badge),
    series: short(item.Series),
    year: item.YearGroup,
    body: short(item.Body),
    colour: short(item.Colour),
    interiorColour: short(item.InteriorColor),
    transmission: short(item.GearType),
    gearCount: item.GearCount,
    drivetrain: short(item.DriveTrain),
    fuelType: short(item.FuelType),
    engineCapacity: short(item.EngineCapacity),
    engineSizeCc: item.EngineSize,
    cylinders: short(item.Cylinder),
    powerKw: item.PowerkW,
    doors: item.DoorNum,
    seats: item.SeatCapacity,
    odometer: item.Odometer,
    odometerInMiles: item.IsMiles,
    price: toCents(item.Price),
    specialPrice: toCents(item.AdvSpecialPrice),
    isDriveAway: item.IsDriveAway,
    condition: conditionOf(item.IsUsed, item.IsDemo),
    category: categoryOf(item.StockType),
    stockStatus: short(item.StockStatus),
    depositTaken: item.IsDepositTaken,
    isSpecial: item.IsSpecial,
    isPrestige: item.IsPrestiged,
    title: buildTitle(item),
    description: orNull(item.AdvDescription),
    shortDescription: orNull(item.ShortDescription),
    additionalDescription: orNull(item.AdditionalDescription),
    warranty: orNull(item.Warranty),
    location: short(item.Location),
    videoLink: orNull(item.VideoLink),
    standardFeatures: splitList(item.StandardFeatures),
    optionalFeatures: splitList(item.OptionalFeatures),
    images: splitList(item.ImageURLs),
    imageCount: item.ImageCount,
    rawData: item,
    source: 'easycars',
    listingStatus: 'listed',
    connectionId,
    unlistedAt: null,
  };
}
