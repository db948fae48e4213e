import type { StockItem, StockTypeLetter } from '../plugins/easycars/shared/easycars/stock-item';
import type { DealerProfile, Yard } from './accounts';
import {
  ADVERT_SENTENCES,
  BOAT_FEATURES,
  CARAVAN_FEATURES,
  CARS,
  CAR_COLOURS,
  CAR_OPTIONAL_FEATURES,
  CAR_STANDARD_FEATURES,
  INTERIOR_COLOURS,
  OTHER_TYPES,
  STOCK_STATUSES,
  TRAILER_FEATURES,
  USED_ONLY_MAKES,
  WARRANTIES_NEW,
  WARRANTIES_USED,
  type ModelSpec,
} from './catalog';
import { Rng } from './random';

/** Fixed rather than "now", so a seed yields the same feed on any day. */
export const REFERENCE_YEAR = 2025;

export interface StockBatchOptions {
  seed: number;
  /** Names the PRNG stream, so each batch (initial feed, each later `generate`) is independent and reproducible. */
  stream: string;
  profile: DealerProfile;
  /** Digits of the account number; the first number in image paths. */
  accountId: string;
  baseUrl: string;
  count: number;
  /** Position of the batch's first item in the whole feed: the data-quality quirks are placed by position. */
  firstIndex: number;
  firstStockNumber: number;
}

type Condition = 'new' | 'demo' | 'used';

const VIN_ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

const WMI: Record<string, string> = {
  TOYOTA: 'MR0',
  MAZDA: 'JM0',
  VOLVO: 'YV1',
  FORD: 'MNA',
  HYUNDAI: 'KMH',
  KIA: 'KNA',
  MITSUBISHI: 'MMA',
  NISSAN: 'MNT',
  SUBARU: 'JF1',
  VOLKSWAGEN: 'WVW',
  ISUZU: 'MPA',
  MG: 'LSJ',
  TESLA: 'LRW',
  HOLDEN: '6G1',
  YAMAHA: 'JYA',
  HONDA: 'MLH',
  KAWASAKI: 'JKA',
  JAYCO: '6T9',
  'NEW AGE': '6U9',
  HINO: 'JHH',
  'BRIAN JAMES': '6K9',
  SWIFT: '6F9',
};

/** Mostly cars; each other category appears at fixed positions so any feed of 40+ items holds all six letters. */
export function stockTypeAt(index: number): StockTypeLetter {
  switch (index % 50) {
    case 8:
    case 33:
      return 'M';
    case 13:
      return 'C';
    case 17:
      return 'T';
    case 19:
      return 'B';
    case 39:
      return 'H';
    default:
      return 'A';
  }
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function roundPrice(value: number): number {
  return Math.max(490, Math.round(value / 500) * 500 - 10);
}

function plate(rng: Rng, state: string): string {
  switch (state) {
    case 'QLD':
      return `${rng.digits(3)}${rng.fromAlphabet(LETTERS, 3)}`;
    case 'VIC':
      return `${rng.digits(1)}${rng.fromAlphabet(LETTERS, 2)}${rng.digits(1)}${rng.fromAlphabet(LETTERS, 2)}`;
    case 'ACT':
      return `Y${rng.fromAlphabet(LETTERS, 2)}${rng.digits(2)}${rng.fromAlphabet(LETTERS, 1)}`;
    default:
      return `${rng.fromAlphabet(LETTERS, 2)}${rng.digits(2)}${rng.fromAlphabet(LETTERS, 2)}`;
  }
}

function vin(rng: Rng, make: string): string {
  return `${WMI[make] ?? 'ZZZ'}${rng.fromAlphabet(VIN_ALPHABET, 14)}`;
}

function monthYear(rng: Rng, year: number): string {
  return `${pad2(rng.int(1, 12))}/${year}`;
}

function features(rng: Rng, pool: readonly string[], min: number, max: number): string {
  return rng.sample(pool, Math.min(pool.length, rng.int(min, max))).join(', ');
}

function modelFor(rng: Rng, type: StockTypeLetter): ModelSpec {
  return type === 'A' ? rng.pick(CARS) : rng.pick(OTHER_TYPES[type]);
}

type Specs = Pick<
  StockItem,
  | 'GCM'
  | 'GVM'
  | 'Tare'
  | 'Length'
  | 'SleepingCapacity'
  | 'Toilet'
  | 'Shower'
  | 'AirConditioning'
  | 'Fridge'
  | 'Stereo'
  | 'GPS'
  | 'Wheelsize'
  | 'Wheels'
  | 'TowBallWeight'
  | 'AxleConfiguration'
  | 'SerialNumber'
>;

function specsFor(rng: Rng, spec: ModelSpec): Specs {
  const none: Specs = {
    GCM: null,
    GVM: null,
    Tare: null,
    Length: null,
    SleepingCapacity: null,
    Toilet: '',
    Shower: '',
    AirConditioning: '',
    Fridge: '',
    Stereo: '',
    GPS: '',
    Wheelsize: '0',
    Wheels: '',
    TowBallWeight: '',
    AxleConfiguration: '',
    SerialNumber: '',
  };
  switch (spec.type) {
    case 'A': {
      const ute = /UTILITY|PICK-UP|CHASSIS/.test(spec.bodies.join(' '));
      return {
        ...none,
        GCM: ute && rng.chance(0.6) ? rng.int(58, 64) * 100 : null,
        GVM: ute && rng.chance(0.6) ? rng.int(29, 32) * 100 : null,
        Tare: rng.chance(0.6) ? (ute ? rng.int(1900, 2350) : rng.int(1250, 1900)) : null,
        Wheelsize: rng.chance(0.6) ? '0' : String(rng.int(16, 20)),
        Wheels: rng.pick(['', '', 'Alloy', 'Steel']),
        TowBallWeight: ute && rng.chance(0.5) ? '350' : '',
        GPS: rng.pick(['', '', 'Yes']),
      };
    }
    case 'H':
      return {
        ...none,
        GCM: rng.int(100, 140) * 100,
        GVM: rng.int(65, 85) * 100,
        Tare: rng.int(2600, 3200),
        Wheelsize: '17.5',
      };
    case 'M':
      return { ...none, Tare: rng.int(140, 200) };
    case 'B':
      return {
        ...none,
        Tare: rng.int(380, 720),
        Length: Math.round(rng.int(440, 490)) / 100,
        Stereo: rng.pick(['Yes', 'No']),
        GPS: rng.pick(['Yes', 'No', '']),
        SerialNumber: `AU-${spec.make.slice(0, 3)}${rng.digits(5)}${rng.fromAlphabet(LETTERS, 1)}${rng.digits(3)}`,
      };
    case 'C':
      return {
        ...none,
        GVM: rng.int(25, 35) * 100,
        Tare: rng.int(1500, 2800),
        Length: rng.int(45, 75) / 10,
        SleepingCapacity: rng.int(2, 6),
        Toilet: rng.pick(['Yes', 'No']),
        Shower: rng.pick(['Yes', 'No']),
        AirConditioning: 'Yes',
        Fridge: rng.pick(['3 Way', 'Compressor', '']),
        Stereo: rng.pick(['Yes', '']),
        GPS: 'No',
        Wheelsize: rng.pick(['15', '16']),
        Wheels: 'Alloy',
        TowBallWeight: String(rng.int(15, 25) * 10),
        AxleConfiguration: rng.pick(['Single', 'Tandem']),
      };
    case 'T':
      return {
        ...none,
        GVM: rng.pick([750, 1400, 2000]),
        Tare: rng.int(200, 600),
        Length: rng.int(24, 36) / 10,
        Wheelsize: '13',
        Wheels: 'Steel',
        TowBallWeight: '75',
        AxleConfiguration: rng.pick(['Single', 'Tandem']),
      };
  }
}

function featurePools(type: StockTypeLetter): [readonly string[], readonly string[]] {
  switch (type) {
    case 'C':
      return [CARAVAN_FEATURES, ['Bike Rack', 'Second Battery', 'Generator', 'Reversing Camera']];
    case 'B':
      return [BOAT_FEATURES, ['Electric Motor', 'Ski Pole', 'Cover']];
    case 'T':
      return [TRAILER_FEATURES, ['Tarp', 'Ramps', 'Spare Wheel']];
    default:
      return [CAR_STANDARD_FEATURES, CAR_OPTIONAL_FEATURES];
  }
}

function odometerFor(rng: Rng, type: StockTypeLetter, condition: Condition, age: number): number | null {
  if (type === 'B' || type === 'C' || type === 'T') return null;
  if (condition === 'new') return rng.int(5, 60);
  if (condition === 'demo') return rng.int(1500, 9500);
  const perYear = type === 'M' ? rng.int(2000, 6000) : rng.int(8000, 20000);
  return Math.max(1, age) * perYear + rng.int(0, 999);
}

function buildItem(rng: Rng, opts: StockBatchOptions, index: number, stockNumber: string, yard: Yard): StockItem {
  const type = stockTypeAt(index);
  const spec = modelFor(rng, type);
  const engine = rng.pick(spec.engines);
  const [gearType, gearCount] = rng.pick(engine.gears);
  const condition: Condition = USED_ONLY_MAKES.has(spec.make)
    ? 'used'
    : rng.weighted<Condition>([
        ['used', 6],
        ['new', 3],
        ['demo', 1],
      ]);
  const age =
    condition === 'used'
      ? rng.int(USED_ONLY_MAKES.has(spec.make) ? 5 : 1, 12)
      : condition === 'demo'
        ? rng.int(0, 1)
        : 0;
  const year = REFERENCE_YEAR - age;
  const badge = rng.pick(spec.badges);
  const series = rng.pick(spec.series);
  const body = rng.pick(spec.bodies);
  const factor = condition === 'new' ? 1 : condition === 'demo' ? 0.92 : Math.pow(0.87, age);
  const price = roundPrice(rng.int(spec.newPrice[0], spec.newPrice[1]) * factor);
  const special = rng.chance(0.1);
  const regoState = rng.weighted(opts.profile.regoStates);
  const registered = condition !== 'new' && type !== 'B';
  const specs = specsFor(rng, spec);
  const [standardPool, optionalPool] = featurePools(type);
  const title = `${year} ${spec.make} ${spec.model} ${badge}`.trim();
  const sentences = rng.sample(ADVERT_SENTENCES, rng.int(2, 5)).join(' ');
  const imageCount = type === 'A' ? rng.int(4, 16) : rng.int(1, 8);
  const vehicleId = 700000 + index;
  const imageUrls: string[] = [];
  for (let i = 0; i < imageCount; i++) {
    imageUrls.push(`${opts.baseUrl}/publicimages/image/${opts.accountId}/${vehicleId}/${rng.hex(40)}`);
  }
  const kw = engine.kw;

  return {
    YardCode: yard.YardCode,
    YardName: yard.YardName,
    StockNumber: stockNumber,
    VIN: type === 'B' ? '' : vin(rng, spec.make),
    RegoNum: registered ? plate(rng, regoState) : '',
    RegoState: registered ? regoState : '',
    RegoExpiry: registered ? `${pad2(rng.int(1, 28))}/${pad2(rng.int(1, 12))}/${REFERENCE_YEAR + rng.int(0, 1)}` : null,
    Make: spec.make,
    Model: spec.model,
    Badge: badge,
    Series: series,
    YearGroup: year,
    Body: body,
    Colour: type === 'C' ? 'White' : rng.pick(CAR_COLOURS),
    InteriorColor: type === 'A' ? rng.pick(INTERIOR_COLOURS) : '',
    DoorNum: spec.doors !== null && rng.chance(0.95) ? spec.doors : null,
    SeatCapacity: spec.seats,
    DriveTrain: rng.pick(spec.drives),
    GearType: gearType,
    GearCount: gearCount,
    FuelType: engine.fuel,
    EngineCapacity: engine.capacity,
    EngineSize: engine.cc,
    Cylinder: engine.cylinder,
    EngineTypeDescription: engine.description,
    EngineMake:
      type === 'B' ? rng.pick(['YAMAHA', 'MERCURY', 'SUZUKI']) : engine.cc !== null && rng.chance(0.6) ? spec.make : '',
    EngineNumber:
      condition === 'used' && engine.cc !== null && rng.chance(0.4) ? rng.fromAlphabet(UPPER_ALNUM, 10) : '',
    EnginePower: kw !== null && rng.chance(0.4) ? kw : null,
    PowerkW: kw,
    Powerhp: kw === null ? null : Math.round(kw * 134) / 100,
    Price: price,
    // a discount, never below half the price (cheap trailers would otherwise go negative)
    AdvSpecialPrice: special ? Math.max(Math.round(price / 2), price - rng.int(1, 6) * 500) : null,
    IsDriveAway: condition === 'used' ? (rng.chance(0.3) ? null : false) : rng.chance(0.7),
    IsSpecial: special,
    IsDemo: condition === 'demo',
    IsUsed: condition === 'used',
    IsPrestiged: spec.prestige === true,
    IsDepositTaken: rng.chance(0.03),
    StockStatus: rng.pick(STOCK_STATUSES),
    StockType: type,
    Odometer: odometerFor(rng, type, condition, age),
    IsMiles: rng.chance(0.01),
    AdvDescription: rng.chance(0.05) ? '' : rng.chance(0.3) ? `${title}\r\n\r\n${sentences}` : `${title}. ${sentences}`,
    ShortDescription: rng.chance(0.5) ? `${title} ${body}` : '',
    AdditionalDescription: rng.pick([
      '',
      '',
      '',
      'Price excludes government charges.',
      `Dealer Licence MD${rng.digits(5)}`,
    ]),
    Warranty:
      condition === 'used' ? (age <= 5 ? WARRANTIES_USED[0] : rng.pick(WARRANTIES_USED)) : rng.pick(WARRANTIES_NEW),
    Location: yard.location,
    VideoLink: rng.chance(0.05)
      ? `https://www.youtube.com/watch?v=${rng.fromAlphabet(UPPER_ALNUM + 'abcdefghijkmnpqrstuvwxyz', 11)}`
      : '',
    StandardFeatures: features(rng, standardPool, 6, 30),
    OptionalFeatures: rng.chance(0.5) ? features(rng, optionalPool, 1, 5) : '',
    GCM: specs.GCM,
    GVM: specs.GVM,
    Tare: specs.Tare,
    Length: specs.Length,
    SleepingCapacity: specs.SleepingCapacity,
    Toilet: specs.Toilet,
    Shower: specs.Shower,
    AirConditioning: specs.AirConditioning,
    Fridge: specs.Fridge,
    Stereo: specs.Stereo,
    GPS: specs.GPS,
    Wheelsize: specs.Wheelsize,
    Wheels: specs.Wheels,
    TowBallWeight: specs.TowBallWeight,
    AxleConfiguration: specs.AxleConfiguration,
    BuiltDate: rng.chance(0.5) ? monthYear(rng, year - rng.int(0, 1)) : '',
    ComplianceDate: type === 'B' ? '' : monthYear(rng, year),
    RedbookCode:
      type === 'A' || type === 'H'
        ? `AUV${spec.make.slice(0, 4).padEnd(4, 'X')}${year}${rng.fromAlphabet(LETTERS, 4)}`
        : '',
    NVIC: type === 'A' && rng.chance(0.8) ? rng.fromAlphabet(UPPER_ALNUM, 6) : '',
    SerialNumber: specs.SerialNumber,
    ImageCount: imageCount,
    ImageURLs: imageUrls.join(','),
  };
}

/**
 * The data-quality quirks observed in live feeds, placed by position so every feed of a few dozen items has each
 * of them whatever the seed.
 */
function applyQuirks(rng: Rng, item: StockItem, index: number, batch: StockItem[], yards: readonly Yard[]): void {
  if (index % 11 === 3) {
    item.Price = null; // price on application, still advertised
    item.AdvSpecialPrice = null;
    item.IsSpecial = false;
    item.IsDriveAway = null;
  }
  if (index % 13 === 5) item.Odometer = null;
  if (index % 9 === 4) item.VIN = '';
  if (index % 10 === 6) {
    item.RegoNum = '';
    item.RegoExpiry = null;
  }
  if (index % 12 === 7) item.IsDepositTaken = true;
  if (index % 14 === 2) {
    item.ImageURLs = '';
    item.ImageCount = 0;
  }
  if (index % 4 === 1 || rng.chance(0.15)) item.Badge += rng.pick([' ', '  ']);
  if ((index % 5 === 2 || rng.chance(0.15)) && item.Series !== '') item.Series += ' ';

  const previous = batch[batch.length - 1];
  if (index % 25 === 10 && previous && yards.length > 1) {
    // the same stock number at another yard
    const yard = yards.find((y) => y.YardCode !== previous.YardCode) ?? yards[0];
    item.StockNumber = previous.StockNumber;
    item.YardCode = yard.YardCode;
    item.YardName = yard.YardName;
    item.Location = yard.location;
  }
  if (index % 30 === 20) {
    const source = [...batch].reverse().find((other) => other.VIN !== '');
    if (source) item.VIN = source.VIN;
  }
}

export function generateStock(opts: StockBatchOptions): StockItem[] {
  const rng = Rng.derive(opts.seed, opts.stream);
  const items: StockItem[] = [];
  let stockNumber = opts.firstStockNumber;
  for (let k = 0; k < opts.count; k++) {
    const index = opts.firstIndex + k;
    const yard = rng.weighted(opts.profile.yards.map((y) => [y, y.weight] as const));
    const item = buildItem(rng, opts, index, String(stockNumber), yard);
    applyQuirks(rng, item, index, items, opts.profile.yards);
    if (item.StockNumber === String(stockNumber)) stockNumber += rng.chance(0.15) ? rng.int(2, 4) : 1;
    items.push(item);
  }
  return items;
}

/** Highest numeric StockNumber in a feed (tolerates malformed items put there through the control API). */
export function maxStockNumber(items: readonly unknown[]): number {
  let max = 0;
  for (const item of items) {
    if (item && typeof item === 'object') {
      const n = Number((item as { StockNumber?: unknown }).StockNumber);
      if (Number.isFinite(n) && n > max) max = n;
    }
  }
  return max;
}
