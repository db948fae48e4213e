/**
 * "Every one of the 72 fields lands where the vehicle schema says": the field map against the vendor's member list,
 * the content-type schema, the mapper's output and the documentation table.
 */
import fs from 'fs';
import path from 'path';
import { STOCK_ITEM_FIELDS } from '../../../plugins/easycars/shared/easycars/stock-item';
import {
  normaliseStockItem,
  type NormalisedStockItem,
} from '../../../plugins/easycars/server/src/sync/stock/normalise';
import {
  BOOKKEEPING_VEHICLE_FIELDS,
  MAPPED_VEHICLE_FIELDS,
  SYNCED_VEHICLE_FIELDS,
  VEHICLE_FIELD_MAP,
  toVehicleData,
} from '../../../plugins/easycars/server/src/sync/stock/map';
import { rawStockItem } from './fixtures';

const root = path.resolve(__dirname, '..', '..', '..');

interface Attribute {
  type: string;
  enum?: string[];
  maxLength?: number;
}
const schema = JSON.parse(
  fs.readFileSync(path.join(root, 'src/api/vehicle/content-types/vehicle/schema.json'), 'utf8')
) as { attributes: Record<string, Attribute>; options: { draftAndPublish: boolean } };
const attributes = schema.attributes;

const now = new Date('2025-06-01T00:00:00Z');
function normalised(raw: Record<string, unknown>): NormalisedStockItem {
  const result = normaliseStockItem(raw, { now });
  if (!result.ok) throw new Error(result.error);
  return result.item;
}

/** Whether a value produced by the mapper can be stored in an attribute of this type. */
function fits(attribute: Attribute, value: unknown): boolean {
  if (value === null) return true;
  switch (attribute.type) {
    case 'string':
      return typeof value === 'string' && value.length <= (attribute.maxLength ?? 255);
    case 'text':
      return typeof value === 'string';
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
    case 'datetime':
      return value instanceof Date || (typeof value === 'string' && !Number.isNaN(Date.parse(value)));
    case 'integer':
      return Number.isInteger(value) && Math.abs(value as number) <= 2_147_483_647;
    case 'float':
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'enumeration':
      return typeof value === 'string' && (attribute.enum ?? []).includes(value);
    case 'json':
      return typeof value === 'object';
    default:
      return false;
  }
}

/** A sample with every nullable member blank, the other extreme of the full sample. */
const blankSample = rawStockItem(
  Object.fromEntries(
    STOCK_ITEM_FIELDS.filter((m) => !['YardCode', 'StockNumber', 'YearGroup', 'StockType'].includes(m)).map((m) => [
      m,
      '',
    ])
  )
);

describe('VEHICLE_FIELD_MAP', () => {
  it('covers exactly the 72 StockItem members', () => {
    expect(STOCK_ITEM_FIELDS).toHaveLength(72);
    expect(Object.keys(VEHICLE_FIELD_MAP).sort()).toEqual([...STOCK_ITEM_FIELDS].sort());
  });

  it('sends every member to an attribute of the schema, or to rawData under its own name', () => {
    for (const member of STOCK_ITEM_FIELDS) {
      const { attribute, rule } = VEHICLE_FIELD_MAP[member];
      expect(rule.length).toBeGreaterThan(0);
      if (attribute.startsWith('rawData.')) expect(attribute).toBe(`rawData.${member}`);
      else expect([member, attribute in attributes]).toEqual([member, true]);
    }
    expect(attributes.rawData.type).toBe('json');
  });

  it('types each typed member with a compatible attribute type', () => {
    const expectedTypes: Record<string, string[]> = {
      text: ['string', 'text'],
      list: ['json'],
      date: ['date'],
      int: ['integer'],
      number: ['float', 'decimal'],
      bool: ['boolean'],
      enum: ['enumeration'],
    };
    const kindOf = (member: string): keyof typeof expectedTypes => {
      if (['StandardFeatures', 'OptionalFeatures', 'ImageURLs'].includes(member)) return 'list';
      if (member === 'RegoExpiry') return 'date';
      if (['IsUsed', 'IsDemo', 'StockType'].includes(member)) return 'enum';
      if (['YearGroup', 'DoorNum', 'SeatCapacity', 'GearCount', 'Odometer', 'ImageCount'].includes(member))
        return 'int';
      if (['EngineSize', 'PowerkW', 'Price', 'AdvSpecialPrice'].includes(member)) return 'number';
      if (member.startsWith('Is')) return 'bool';
      return 'text';
    };
    for (const member of STOCK_ITEM_FIELDS) {
      const { attribute } = VEHICLE_FIELD_MAP[member];
      if (attribute.startsWith('rawData.')) continue;
      expect([member, expectedTypes[kindOf(member)].includes(attributes[attribute].type)]).toEqual([member, true]);
    }
  });

  it.each([
    ['a full item', rawStockItem()],
    ['an item with every optional member blank', blankSample],
  ])('lands each member of %s where the map says, with a value the attribute accepts', (_name, raw) => {
    const item = normalised(raw);
    const data = toVehicleData(item, 'conn-1') as unknown as Record<string, unknown>;
    for (const member of STOCK_ITEM_FIELDS) {
      const { attribute } = VEHICLE_FIELD_MAP[member];
      if (attribute.startsWith('rawData.')) {
        expect((data.rawData as Record<string, unknown>)[member]).toEqual(item[member]);
      } else {
        expect([member, attribute in data]).toEqual([member, true]);
      }
    }
    for (const [name, value] of Object.entries(data)) {
      expect([name, name in attributes]).toEqual([name, true]);
      expect([name, fits(attributes[name], value)]).toEqual([name, true]);
    }
    expect(data.rawData).toEqual(item);
  });
});

describe('the vehicle schema', () => {
  it('has no draft and publish', () => {
    expect(schema.options.draftAndPublish).toBe(false);
  });

  it('holds every attribute the sync writes, and the sync writes every attribute', () => {
    const written = [...SYNCED_VEHICLE_FIELDS, ...BOOKKEEPING_VEHICLE_FIELDS].sort();
    expect(Object.keys(attributes).sort()).toEqual(written);
    expect(new Set(written).size).toBe(written.length);
  });

  it('maps every typed attribute from at least one member (or builds it, like the title)', () => {
    const landed = new Set(Object.values(VEHICLE_FIELD_MAP).map((l) => l.attribute));
    const unmapped = MAPPED_VEHICLE_FIELDS.filter((f) => !landed.has(f));
    expect(unmapped).toEqual(['title']);
  });

  it.each([
    ['condition', ['new', 'used', 'demo']],
    ['category', ['car', 'boat', 'caravan', 'truck', 'motorbike', 'trailer']],
    ['listingStatus', ['listed', 'unlisted']],
    ['source', ['easycars', 'manual']],
  ])('enumerates %s as %j', (name, values) => {
    expect(attributes[name].enum).toEqual(values);
  });
});

describe('docs/vehicle-fields.md', () => {
  const doc = fs.readFileSync(path.join(root, 'docs/vehicle-fields.md'), 'utf8');
  const section = doc.split('## The 72 StockItem members')[1]?.split(/^## /m)[0] ?? '';
  const rows = [...section.matchAll(/^\| `(\w+)` \| `([\w.]+)` \|/gm)].map((m) => [m[1], m[2]]);

  it('has one row per member, landing where the map says', () => {
    expect(rows).toHaveLength(72);
    expect(Object.fromEntries(rows)).toEqual(
      Object.fromEntries(STOCK_ITEM_FIELDS.map((m) => [m, VEHICLE_FIELD_MAP[m].attribute]))
    );
  });
});
