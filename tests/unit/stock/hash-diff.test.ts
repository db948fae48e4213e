import { STOCK_ITEM_FIELDS } from '../../../plugins/easycars/shared/easycars/stock-item';
import {
  normaliseStockItem,
  type NormalisedStockItem,
} from '../../../plugins/easycars/server/src/sync/stock/normalise';
import { SYNCED_VEHICLE_FIELDS, toVehicleData } from '../../../plugins/easycars/server/src/sync/stock/map';
import { hashStockItem, hashVehicleData, identityKey } from '../../../plugins/easycars/server/src/sync/stock/hash';
import { canonicalJson, changedFields } from '../../../plugins/easycars/server/src/sync/compare';
import { rawStockItem } from './fixtures';

const now = new Date('2025-06-01T00:00:00Z');

function normalised(overrides: Record<string, unknown> = {}): NormalisedStockItem {
  const result = normaliseStockItem(rawStockItem(overrides), { now });
  if (!result.ok) throw new Error(result.error);
  return result.item;
}

function reversedKeys<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).reverse()) as T;
}

/** A different, still valid, value for a member. */
function changedValue(item: NormalisedStockItem, member: (typeof STOCK_ITEM_FIELDS)[number]): unknown {
  const value = item[member];
  if (member === 'StockType') return value === 'A' ? 'B' : 'A';
  if (member === 'YearGroup') return (value as number) - 1;
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'number') return value + 1;
  if (value === null) return member === 'RegoExpiry' ? '01/01/2026' : member === 'IsUsed' ? true : 7;
  return `${value}x`;
}

describe('hashStockItem', () => {
  it('is a sha256 hex digest', () => {
    expect(hashStockItem(normalised())).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on member order', () => {
    const item = normalised();
    expect(hashStockItem(reversedKeys(item))).toBe(hashStockItem(item));
  });

  it('is the same for the same vendor data written differently (spaces, numeric strings, "" vs null)', () => {
    const a = normalised();
    const b = normalised({ Badge: 'D4 Inscription   ', Price: '45990', Colour: ' Crystal White', GCM: '' });
    expect(hashStockItem(b)).toBe(hashStockItem(a));
  });

  it.each(STOCK_ITEM_FIELDS.map((member) => [member]))('changes when %s changes', (member) => {
    const item = normalised();
    const changed = { ...item, [member]: changedValue(item, member) };
    expect(hashStockItem(changed)).not.toBe(hashStockItem(item));
  });
});

describe('hashVehicleData', () => {
  const fields = SYNCED_VEHICLE_FIELDS;

  it('counts only the given fields', () => {
    const data = toVehicleData(normalised(), 'c1');
    const withExtras = {
      ...data,
      id: 7,
      documentId: 'abc',
      updatedAt: '2025-01-01T00:00:00.000Z',
      syncedAt: new Date(),
    };
    expect(hashVehicleData(withExtras, fields)).toBe(
      hashVehicleData(data as unknown as Record<string, unknown>, fields)
    );
    expect(hashVehicleData({ ...data, connectionId: 'c2' }, fields)).toBe(
      hashVehicleData(data as unknown as Record<string, unknown>, fields)
    );
  });

  it('is the same for the data written and the document read back (key order, dates, missing as null)', () => {
    const data = toVehicleData(normalised(), 'c1') as unknown as Record<string, unknown>;
    const readBack: Record<string, unknown> = reversedKeys({
      ...data,
      rawData: reversedKeys(data.rawData as object),
      regoExpiry: new Date('2025-11-05T00:00:00Z'),
      additionalDescription: undefined,
    });
    expect(hashVehicleData(readBack, fields)).toBe(hashVehicleData(data, fields));
  });

  it('changes when any synced field changes', () => {
    const data = toVehicleData(normalised(), 'c1') as unknown as Record<string, unknown>;
    const base = hashVehicleData(data, fields);
    for (const field of fields) {
      const value = data[field];
      const other = Array.isArray(value)
        ? [...value, 'extra']
        : typeof value === 'number'
          ? value + 1
          : typeof value === 'boolean'
            ? !value
            : value && typeof value === 'object'
              ? { ...value, Extra: 1 }
              : `${value}x`;
      expect([field, hashVehicleData({ ...data, [field]: other }, fields)]).not.toEqual([field, base]);
    }
  });
});

describe('identityKey', () => {
  it('joins yard code and stock number', () => {
    expect(identityKey('100', '12')).toBe('100::12');
  });

  it('treats a null yard code (single-yard account) as the empty one', () => {
    expect(identityKey(null, '12')).toBe('::12');
    expect(identityKey('', '12')).toBe('::12');
    expect(identityKey(undefined, '12')).toBe('::12');
  });

  it('tells the same stock number at two yards apart', () => {
    expect(identityKey('100', '12')).not.toBe(identityKey('200', '12'));
  });
});

describe('changedFields', () => {
  const fields = ['title', 'price', 'images', 'rawData', 'regoExpiry', 'syncedAt', 'vin'];

  it('lists nothing for equal values', () => {
    const v = { title: 'A', price: 10, images: ['x', 'y'], rawData: { a: 1, b: [1, 2] }, vin: null };
    expect(changedFields(v, { ...v, images: ['x', 'y'], rawData: { b: [1, 2], a: 1 } }, fields)).toEqual([]);
  });

  it('lists the fields that differ, in the order given', () => {
    const before = { title: 'A', price: 10, images: ['x', 'y'], vin: 'V' };
    const after = { title: 'B', price: 10, images: ['y', 'x'], vin: 'V' };
    expect(changedFields(before, after, fields)).toEqual(['title', 'images']);
  });

  it('compares JSON deeply', () => {
    expect(changedFields({ rawData: { a: { b: 1 } } }, { rawData: { a: { b: 2 } } }, fields)).toEqual(['rawData']);
  });

  it('compares lists item by item: length, order, and items equal only in meaning', () => {
    expect(changedFields({ images: ['x', 'y'] }, { images: ['x', 'y', 'z'] }, fields)).toEqual(['images']);
    expect(changedFields({ images: ['x', null] }, { images: ['x', 'null'] }, fields)).toEqual(['images']);
    expect(changedFields({ images: [1, 2] }, { images: ['1', '2'] }, fields)).toEqual(['images']);
    expect(changedFields({ images: [{ a: 1 }] }, { images: [{ a: 1 }] }, fields)).toEqual([]);
    expect(changedFields({ images: [{ a: 1 }] }, { images: [{ a: 2 }] }, fields)).toEqual(['images']);
    expect(changedFields({ images: ['2025-11-05'] }, { images: [new Date('2025-11-05T00:00:00Z')] }, fields)).toEqual(
      []
    );
  });

  it('compares dates by value', () => {
    expect(
      changedFields({ regoExpiry: '2025-11-05' }, { regoExpiry: new Date('2025-11-05T00:00:00Z') }, fields)
    ).toEqual([]);
    expect(
      changedFields({ syncedAt: '2025-06-01T10:00:00.000Z' }, { syncedAt: new Date('2025-06-01T10:00:00Z') }, fields)
    ).toEqual([]);
    expect(
      changedFields({ syncedAt: '2025-06-01T10:00:00+10:00' }, { syncedAt: '2025-06-01T00:00:00.000Z' }, fields)
    ).toEqual([]);
    expect(changedFields({ regoExpiry: '2025-11-05' }, { regoExpiry: '2025-11-06' }, fields)).toEqual(['regoExpiry']);
  });

  it('treats missing and null alike, but not null and ""', () => {
    expect(changedFields({ vin: null }, {}, fields)).toEqual([]);
    expect(changedFields({ vin: null }, { vin: '' }, fields)).toEqual(['vin']);
  });

  it('reports every field with a value when there is no before', () => {
    expect(changedFields(null, { title: 'A', price: null, vin: 'V' }, fields)).toEqual(['title', 'vin']);
  });

  it('finds no change between the data written and the document read back', () => {
    const data = toVehicleData(normalised(), 'c1') as unknown as Record<string, unknown>;
    const readBack = {
      ...reversedKeys(data),
      id: 1,
      regoExpiry: '2025-11-05',
      rawData: reversedKeys(data.rawData as object),
    };
    expect(changedFields(readBack, data, SYNCED_VEHICLE_FIELDS)).toEqual([]);
  });

  it('names the attributes a vendor change touches', () => {
    const before = toVehicleData(normalised(), 'c1') as unknown as Record<string, unknown>;
    const after = toVehicleData(normalised({ Price: 44990, Badge: 'D5' }), 'c1') as unknown as Record<string, unknown>;
    expect(changedFields(before, after, SYNCED_VEHICLE_FIELDS)).toEqual(['badge', 'price', 'title', 'rawData']);
  });

  it('canonical JSON sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: 1, c: [{ f: 1, e: 2 }] } })).toBe('{"a":{"c":[{"e":2,"f":1}],"d":1},"b":1}');
  });
});
