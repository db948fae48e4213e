import {
  normaliseStockItem,
  type NormalisedStockItem,
} from '../../../plugins/easycars/server/src/sync/stock/normalise';
import {
  buildTitle,
  categoryOf,
  conditionOf,
  parseVendorDate,
  splitList,
  titleCaseMake,
  toVehicleData,
} from '../../../plugins/easycars/server/src/sync/stock/map';
import { rawStockItem } from './fixtures';

const now = new Date('2025-06-01T00:00:00Z');
const connectionId = 'conn-doc-1';

function normalised(overrides: Record<string, unknown> = {}): NormalisedStockItem {
  const result = normaliseStockItem(rawStockItem(overrides), { now });
  if (!result.ok) throw new Error(result.error);
  return result.item;
}

const vehicle = (overrides: Record<string, unknown> = {}) => toVehicleData(normalised(overrides), connectionId);

describe('toVehicleData', () => {
  it('maps the sample item', () => {
    const data = vehicle();
    expect(data).toMatchObject({
      stockNumber: '12',
      yardCode: '100',
      yardName: 'Main Yard',
      vin: 'YV1UZA8VCL1234567',
      rego: '123ABC',
      regoState: 'QLD',
      regoExpiry: '2025-11-05',
      make: 'VOLVO',
      model: 'XC60',
      badge: 'D4 Inscription',
      series: '246 MY20',
      year: 2020,
      body: '4D WAGON',
      colour: 'Crystal White',
      interiorColour: 'Charcoal',
      transmission: '8 SP AUTOMATIC GEARTRONIC',
      gearCount: 8,
      drivetrain: 'AWD',
      fuelType: 'Diesel',
      engineCapacity: '2.0L',
      engineSizeCc: 1969,
      cylinders: 'TT4',
      powerKw: 173,
      doors: 4,
      seats: 5,
      odometer: 48210,
      odometerInMiles: false,
      price: 45990,
      specialPrice: 43990,
      isDriveAway: true,
      condition: 'used',
      category: 'car',
      stockStatus: 'On Offer',
      depositTaken: false,
      isSpecial: true,
      isPrestige: false,
      title: '2020 Volvo XC60 D4 Inscription',
      description: 'One owner, full service history.\nBook a test drive today.',
      shortDescription: 'Low km XC60',
      additionalDescription: null,
      warranty: '3 months statutory',
      location: 'Brisbane',
      videoLink: null,
      standardFeatures: ['ABS', 'Cruise Control', 'Reversing Camera', 'Sat Nav'],
      optionalFeatures: [],
      imageCount: 3,
      source: 'easycars',
      listingStatus: 'listed',
      connectionId,
      unlistedAt: null,
    });
  });

  it('keeps the whole normalised item in rawData', () => {
    const item = normalised();
    expect(toVehicleData(item, connectionId).rawData).toEqual(item);
  });

  it('keeps image order, the first being the hero, and drops blanks', () => {
    expect(vehicle().images).toEqual([
      'https://img.example/publicimages/image/1/2/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      'https://img.example/publicimages/image/1/2/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
      'https://img.example/publicimages/image/1/2/cccccccccccccccccccccccccccccccccccccccc',
    ]);
    expect(vehicle({ ImageURLs: '' }).images).toEqual([]);
  });

  it('keeps the vendor ImageCount even when it disagrees with the URLs', () => {
    expect(vehicle({ ImageCount: 5 }).imageCount).toBe(5);
  });

  it('stores "" as null for every text attribute', () => {
    const blank = Object.fromEntries(
      [
        'YardCode',
        'YardName',
        'VIN',
        'RegoNum',
        'RegoState',
        'Make',
        'Model',
        'Badge',
        'Series',
        'Body',
        'Colour',
        'InteriorColor',
        'DriveTrain',
        'GearType',
        'FuelType',
        'EngineCapacity',
        'Cylinder',
        'StockStatus',
        'AdvDescription',
        'ShortDescription',
        'AdditionalDescription',
        'Warranty',
        'Location',
        'VideoLink',
      ].map((member) => [member, '  '])
    );
    const data = vehicle(blank);
    for (const attribute of [
      'yardCode',
      'yardName',
      'vin',
      'rego',
      'regoState',
      'make',
      'model',
      'badge',
      'series',
      'body',
      'colour',
      'interiorColour',
      'drivetrain',
      'transmission',
      'fuelType',
      'engineCapacity',
      'cylinders',
      'stockStatus',
      'description',
      'shortDescription',
      'additionalDescription',
      'warranty',
      'location',
      'videoLink',
    ] as const) {
      expect([attribute, data[attribute]]).toEqual([attribute, null]);
    }
    expect(data.title).toBe('2020');
  });

  it('keeps null Price and Odometer, and a blank VIN as null', () => {
    const data = vehicle({ Price: null, Odometer: null, VIN: '' });
    expect(data.price).toBeNull();
    expect(data.odometer).toBeNull();
    expect(data.vin).toBeNull();
  });

  it('rounds prices to cents, as the decimal(10,2) column would', () => {
    expect(vehicle({ Price: 19990.456, AdvSpecialPrice: '18990.004' })).toMatchObject({
      price: 19990.46,
      specialPrice: 18990,
    });
  });

  it('keeps miles as miles and sets the flag', () => {
    expect(vehicle({ Odometer: 30000, IsMiles: true })).toMatchObject({ odometer: 30000, odometerInMiles: true });
  });

  it('cuts text longer than a string column to 255 characters, keeping the full text in rawData', () => {
    const long = 'A'.repeat(300);
    const data = vehicle({ Badge: long });
    expect(data.badge).toHaveLength(255);
    expect(data.rawData.Badge).toBe(long);
    expect(data.title.length).toBeLessThanOrEqual(255);
  });

  it('keeps the vendor make while the title uses title case', () => {
    const data = vehicle({ Make: 'LAND ROVER', Model: 'Defender', Badge: '110 D250 SE ' });
    expect(data.make).toBe('LAND ROVER');
    expect(data.title).toBe('2020 Land Rover Defender 110 D250 SE');
  });

  it('is deterministic', () => {
    expect(vehicle()).toEqual(vehicle());
  });
});

describe('condition from IsUsed / IsDemo', () => {
  it.each([
    [true, true, 'demo'],
    [false, true, 'demo'],
    [null, true, 'demo'],
    [false, false, 'new'],
    [true, false, 'used'],
    [null, false, 'used'],
  ] as const)('IsUsed %s, IsDemo %s → %s', (isUsed, isDemo, expected) => {
    expect(conditionOf(isUsed, isDemo)).toBe(expected);
    expect(vehicle({ IsUsed: isUsed === null ? '' : isUsed, IsDemo: isDemo }).condition).toBe(expected);
  });
});

describe('category from the StockType letter', () => {
  it.each([
    ['A', 'car'],
    ['B', 'boat'],
    ['C', 'caravan'],
    ['H', 'truck'],
    ['M', 'motorbike'],
    ['T', 'trailer'],
  ] as const)('%s → %s', (letter, category) => {
    expect(categoryOf(letter)).toBe(category);
    expect(vehicle({ StockType: letter }).category).toBe(category);
  });
});

describe('parseVendorDate', () => {
  it.each([
    ['05/11/2025', '2025-11-05'],
    ['5/1/2025', '2025-01-05'],
    ['29/02/2024', '2024-02-29'],
    ['31/12/2025 00:00:00', '2025-12-31'],
    ['2025-11-05', '2025-11-05'],
    ['2025-11-05T00:00:00Z', '2025-11-05'],
  ])('%s → %s', (input, expected) => {
    expect(parseVendorDate(input)).toBe(expected);
  });

  it.each([
    ['31/02/2024'],
    ['29/02/2023'],
    ['00/01/2024'],
    ['12/13/2024'],
    ['2025-02-30'],
    ['next week'],
    ['05-11-2025'],
    [''],
    [null],
  ])('%j → null', (input) => {
    expect(parseVendorDate(input)).toBeNull();
  });

  it('gives a null regoExpiry for an impossible date and keeps the vendor text in rawData', () => {
    const data = vehicle({ RegoExpiry: '31/02/2024' });
    expect(data.regoExpiry).toBeNull();
    expect(data.rawData.RegoExpiry).toBe('31/02/2024');
  });
});

describe('splitList', () => {
  it('splits on commas, trims, drops blanks and keeps order', () => {
    expect(splitList(' Sat Nav ,ABS,, ,Heated Seats,')).toEqual(['Sat Nav', 'ABS', 'Heated Seats']);
    expect(splitList('')).toEqual([]);
    expect(splitList(' , ')).toEqual([]);
  });

  it('keeps repeated entries (the vendor list is kept as given)', () => {
    expect(splitList('ABS,ABS')).toEqual(['ABS', 'ABS']);
  });

  it('splits features of the item in order', () => {
    expect(vehicle({ OptionalFeatures: 'Tow Bar, Roof Racks ,,Tinted Windows' }).optionalFeatures).toEqual([
      'Tow Bar',
      'Roof Racks',
      'Tinted Windows',
    ]);
  });
});

describe('titleCaseMake and the title', () => {
  it.each([
    ['VOLVO', 'Volvo'],
    ['LAND ROVER', 'Land Rover'],
    ['MERCEDES-BENZ', 'Mercedes-Benz'],
    ['BMW', 'BMW'],
    ['HSV', 'HSV'],
    ['ALFA  ROMEO', 'Alfa Romeo'],
    ['McLaren', 'McLaren'],
    ['toyota', 'Toyota'],
    ['', ''],
  ])('%j → %j', (make, expected) => {
    expect(titleCaseMake(make)).toBe(expected);
  });

  it('skips blank parts', () => {
    expect(buildTitle({ YearGroup: 2019, Make: 'KIA', Model: 'Cerato', Badge: '' })).toBe('2019 Kia Cerato');
    expect(buildTitle({ YearGroup: 2019, Make: '', Model: '', Badge: '' })).toBe('2019');
  });
});
