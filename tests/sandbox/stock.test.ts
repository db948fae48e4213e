import { STOCK_ITEM_FIELDS, type StockItem } from '../../plugins/easycars/shared/easycars/stock-item';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { http, vendor } from './helpers';

const sandboxes: Sandbox[] = [];

async function start(options: Parameters<typeof startSandbox>[0]): Promise<Sandbox> {
  const sb = await startSandbox(options);
  sandboxes.push(sb);
  return sb;
}

async function feed(sb: Sandbox, body: Record<string, unknown> = {}, creds = sb.demo): Promise<StockItem[]> {
  const res = await vendor(sb, 'StockService', 'GetAdvertisementStocks', body, { creds });
  expect(res.status).toBe(200);
  expect(res.json.Code).toBe(0);
  return res.json.StockList as StockItem[];
}

/** Image URLs carry the sandbox's own address; compare feeds without it. */
function withoutHost(sb: Sandbox, items: StockItem[]): string {
  return JSON.stringify(items).split(sb.url).join('<url>');
}

let sb200: Sandbox;
let items: StockItem[];

beforeAll(async () => {
  sb200 = await start({ port: 0, vehicles: 200, seed: 3 });
  items = await feed(sb200);
});

afterAll(async () => {
  await Promise.all(sandboxes.map((s) => s.close()));
});

const STRING_FIELDS = [
  'YardCode',
  'YardName',
  'StockNumber',
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
  'EngineTypeDescription',
  'EngineMake',
  'EngineNumber',
  'StockStatus',
  'AdvDescription',
  'ShortDescription',
  'AdditionalDescription',
  'Warranty',
  'Location',
  'VideoLink',
  'StandardFeatures',
  'OptionalFeatures',
  'Toilet',
  'Shower',
  'AirConditioning',
  'Fridge',
  'Stereo',
  'GPS',
  'Wheelsize',
  'Wheels',
  'TowBallWeight',
  'AxleConfiguration',
  'BuiltDate',
  'ComplianceDate',
  'RedbookCode',
  'NVIC',
  'SerialNumber',
  'ImageURLs',
] as const;
const NULLABLE_NUMBERS = [
  'DoorNum',
  'SeatCapacity',
  'GearCount',
  'EngineSize',
  'EnginePower',
  'PowerkW',
  'Powerhp',
  'Price',
  'AdvSpecialPrice',
  'Odometer',
  'GCM',
  'GVM',
  'Tare',
  'Length',
  'SleepingCapacity',
] as const;
const BOOLEANS = ['IsSpecial', 'IsDemo', 'IsUsed', 'IsPrestiged', 'IsDepositTaken', 'IsMiles'] as const;

describe('GetAdvertisementStocks', () => {
  test('answers a flat envelope named StockList', async () => {
    const res = await vendor(sb200, 'StockService', 'GetAdvertisementStocks');
    expect(Object.keys(res.json)).toEqual(['StockList', 'Code', 'ErrorMessage']);
    expect(res.json.ErrorMessage).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(items).toHaveLength(200);
  });

  test('every item has exactly the 72 documented members, in order, with the documented types', () => {
    expect(STOCK_ITEM_FIELDS).toHaveLength(72);
    for (const item of items) {
      expect(Object.keys(item)).toEqual([...STOCK_ITEM_FIELDS]);
      for (const field of STRING_FIELDS) expect(typeof item[field]).toBe('string');
      for (const field of NULLABLE_NUMBERS) expect(item[field] === null || typeof item[field] === 'number').toBe(true);
      for (const field of BOOLEANS) expect(typeof item[field]).toBe('boolean');
      expect(item.IsDriveAway === null || typeof item.IsDriveAway === 'boolean').toBe(true);
      expect(Number.isInteger(item.YearGroup)).toBe(true);
      expect(Number.isInteger(item.ImageCount)).toBe(true);
      expect(item.RegoExpiry === null || /^\d{2}\/\d{2}\/\d{4}$/.test(item.RegoExpiry)).toBe(true);
      expect(item.StockNumber).toMatch(/^\d+$/);
    }
  });

  test('image URLs are absolute, vendor-shaped, point at the sandbox, and match ImageCount', () => {
    const shape = new RegExp(`^${sb200.url.replace(/[.]/g, '\\.')}/publicimages/image/\\d+/\\d+/[0-9a-f]{40}$`);
    for (const item of items) {
      const urls = item.ImageURLs === '' ? [] : item.ImageURLs.split(',');
      expect(urls).toHaveLength(item.ImageCount);
      for (const url of urls) expect(url).toMatch(shape);
    }
  });

  test('reproduces the data-quality quirks of live feeds', () => {
    const count = (predicate: (i: StockItem) => boolean) => items.filter(predicate).length;
    expect(count((i) => /\s$/.test(i.Badge))).toBeGreaterThan(0);
    expect(count((i) => /\s$/.test(i.Series))).toBeGreaterThan(0);
    expect(count((i) => i.Colour === '' || i.InteriorColor === '' || i.EngineNumber === '')).toBeGreaterThan(0);
    expect(count((i) => i.Price === null)).toBeGreaterThan(0);
    expect(count((i) => i.Odometer === null)).toBeGreaterThan(0);
    expect(count((i) => i.VIN === '')).toBeGreaterThan(0);
    expect(count((i) => i.RegoNum === '')).toBeGreaterThan(0);
    expect(count((i) => i.IsDepositTaken)).toBeGreaterThan(0);
    expect(count((i) => i.ImageURLs === '' && i.ImageCount === 0)).toBeGreaterThan(0);
    expect(count((i) => i.RegoExpiry === null)).toBeGreaterThan(0);
    expect(count((i) => i.RegoExpiry !== null)).toBeGreaterThan(0);
    expect(count((i) => i.StandardFeatures.includes(','))).toBeGreaterThan(0);
    expect(items.every((i) => i.Make === i.Make.toUpperCase())).toBe(true);
    expect(count((i) => i.IsUsed)).toBeGreaterThan(0);
    expect(count((i) => !i.IsUsed && !i.IsDemo)).toBeGreaterThan(0);
    expect(count((i) => i.IsDemo)).toBeGreaterThan(0);

    const makes = new Set(items.map((i) => i.Make));
    for (const make of ['TOYOTA', 'MAZDA', 'FORD']) expect(makes.has(make)).toBe(true);

    const yards = new Set(items.map((i) => i.YardCode));
    expect(yards.size).toBeGreaterThanOrEqual(2);
    expect(yards.has('100')).toBe(true);

    const byNumber = new Map<string, Set<string>>();
    for (const i of items) byNumber.set(i.StockNumber, (byNumber.get(i.StockNumber) ?? new Set()).add(i.YardCode));
    expect([...byNumber.values()].some((y) => y.size > 1)).toBe(true);
    const identities = new Set(items.map((i) => `${i.YardCode}/${i.StockNumber}`));
    expect(identities.size).toBe(items.length);

    const vins = items.map((i) => i.VIN).filter((v) => v !== '');
    expect(new Set(vins).size).toBeLessThan(vins.length);

    const types = items.map((i) => i.StockType);
    for (const letter of ['A', 'B', 'C', 'H', 'M', 'T']) expect(types).toContain(letter);
    expect(types.filter((t) => t === 'A').length).toBeGreaterThan(items.length / 2);
  });

  test('filters by YardCode', async () => {
    const north = await feed(sb200, { YardCode: '200' });
    expect(north.length).toBeGreaterThan(0);
    expect(north.every((i) => i.YardCode === '200')).toBe(true);
    expect(north).toEqual(items.filter((i) => i.YardCode === '200'));
    expect(await feed(sb200, { YardCode: '999' })).toEqual([]);
  });

  test('the other account has stock of its own', async () => {
    const other = await feed(sb200, {}, sb200.other);
    expect(other.length).toBeGreaterThan(0);
    expect(other.every((i) => Object.keys(i).length === 72)).toBe(true);
    expect(other.map((i) => i.StockNumber)).not.toEqual(items.slice(0, other.length).map((i) => i.StockNumber));
  });

  test('is deterministic: the same seed gives the same credentials and feed, another seed differs', async () => {
    const same = await start({ port: 0, vehicles: 200, seed: 3 });
    const different = await start({ port: 0, vehicles: 200, seed: 4 });
    expect(same.demo).toEqual(sb200.demo);
    expect(same.other).toEqual(sb200.other);
    expect(withoutHost(same, await feed(same))).toBe(withoutHost(sb200, items));
    expect(different.demo).not.toEqual(sb200.demo);
    expect(withoutHost(different, await feed(different))).not.toBe(withoutHost(sb200, items));
  });

  test('answers 10000 vehicles in one list', async () => {
    const big = await start({ port: 0, vehicles: 10000 });
    const list = await feed(big);
    expect(list).toHaveLength(10000);
    expect(Object.keys(list[9999])).toEqual([...STOCK_ITEM_FIELDS]);
    expect(new Set(list.map((i) => `${i.YardCode}/${i.StockNumber}`)).size).toBe(10000);
  });

  test('defaults to 50 vehicles', async () => {
    const small = await start({ port: 0 });
    expect(await feed(small)).toHaveLength(50);
  });
});

describe('images', () => {
  const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

  test('serve a valid PNG for a feed URL, without auth, the same bytes each time', async () => {
    const url = items.find((i) => i.ImageCount > 0)!.ImageURLs.split(',')[0];
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await first.arrayBuffer());
    expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect(bytes.readUInt32BE(16)).toBeGreaterThan(0);
    expect(bytes.subarray(bytes.length - 8, bytes.length - 4).toString('ascii')).toBe('IEND');
    const again = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(again.equals(bytes)).toBe(true);
  });

  test('differ by hash', async () => {
    const [a, b] = items.find((i) => i.ImageCount > 1)!.ImageURLs.split(',');
    const [x, y] = await Promise.all([a, b].map(async (u) => Buffer.from(await (await fetch(u)).arrayBuffer())));
    expect(x.equals(y)).toBe(false);
  });

  test('404 when the path is not vendor-shaped', async () => {
    for (const path of [
      '/publicimages/image/1/2/xyz',
      '/publicimages/image/1/2/' + 'a'.repeat(39),
      '/publicimages/image/abc.png',
    ]) {
      expect((await http(`${sb200.url}${path}`)).status).toBe(404);
    }
  });

  test('answer HEAD too', async () => {
    const res = await fetch(`${sb200.url}/publicimages/image/1/2/${'ab'.repeat(20)}`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
  });
});
