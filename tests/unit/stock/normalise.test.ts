import { STOCK_ITEM_FIELDS } from '../../../plugins/easycars/shared/easycars/stock-item';
import {
  normaliseStockItem,
  type NormalisedStockItem,
} from '../../../plugins/easycars/server/src/sync/stock/normalise';
import { rawStockItem } from './fixtures';

const now = new Date('2025-06-01T00:00:00Z');

function ok(raw: unknown): NormalisedStockItem {
  const result = normaliseStockItem(raw, { now });
  if (!result.ok) throw new Error(`expected a valid item, got: ${result.error}`);
  return result.item;
}

function rejection(raw: unknown): string {
  const result = normaliseStockItem(raw, { now });
  if (result.ok) throw new Error('expected a rejection');
  return result.error;
}

describe('normaliseStockItem: accepted items', () => {
  it('keeps exactly the 72 documented members and drops unknown ones', () => {
    const item = ok(rawStockItem({ SomethingNew: 'x' }));
    expect(Object.keys(item).sort()).toEqual([...STOCK_ITEM_FIELDS].sort());
  });

  it('trims trailing and leading spaces of text', () => {
    const item = ok(rawStockItem({ Badge: 'D4 Inscription ', Series: '  246 MY20 ', Make: ' VOLVO' }));
    expect(item.Badge).toBe('D4 Inscription');
    expect(item.Series).toBe('246 MY20');
    expect(item.Make).toBe('VOLVO');
  });

  it('turns null and missing text into "" (one form for "unknown")', () => {
    const raw = rawStockItem({ Colour: null, Warranty: undefined });
    delete raw.Body;
    const item = ok(raw);
    expect(item.Colour).toBe('');
    expect(item.Warranty).toBe('');
    expect(item.Body).toBe('');
  });

  it('writes numbers and booleans given for text as text', () => {
    const item = ok(rawStockItem({ StockNumber: 12, Wheelsize: 0, GPS: true }));
    expect(item.StockNumber).toBe('12');
    expect(item.Wheelsize).toBe('0');
    expect(item.GPS).toBe('true');
  });

  it('keeps a blank VIN and rego as ""', () => {
    const item = ok(rawStockItem({ VIN: '', RegoNum: '  ' }));
    expect(item.VIN).toBe('');
    expect(item.RegoNum).toBe('');
  });

  it('turns a blank RegoExpiry into null and keeps the vendor text otherwise', () => {
    expect(ok(rawStockItem({ RegoExpiry: '' })).RegoExpiry).toBeNull();
    expect(ok(rawStockItem({ RegoExpiry: null })).RegoExpiry).toBeNull();
    expect(ok(rawStockItem({ RegoExpiry: ' 31/02/2024 ' })).RegoExpiry).toBe('31/02/2024');
  });

  it('keeps null Price and Odometer (price on application, unknown km)', () => {
    const item = ok(rawStockItem({ Price: null, Odometer: null }));
    expect(item.Price).toBeNull();
    expect(item.Odometer).toBeNull();
  });

  it('reads numeric strings as numbers and "" as null', () => {
    const item = ok(
      rawStockItem({
        Price: ' 45990.50 ',
        Odometer: '48,210',
        DoorNum: '4',
        EngineSize: '',
        GVM: '',
        YearGroup: '2020',
      })
    );
    expect(item.Price).toBe(45990.5);
    expect(item.Odometer).toBe(48210);
    expect(item.DoorNum).toBe(4);
    expect(item.EngineSize).toBeNull();
    expect(item.GVM).toBeNull();
    expect(item.YearGroup).toBe(2020);
  });

  it('keeps a Price of 0', () => {
    expect(ok(rawStockItem({ Price: 0 })).Price).toBe(0);
  });

  it('reads a blank ImageCount as 0', () => {
    expect(ok(rawStockItem({ ImageCount: '' })).ImageCount).toBe(0);
    expect(ok(rawStockItem({ ImageCount: null })).ImageCount).toBe(0);
  });

  it('reads "" for a flag as false, and for IsDriveAway and IsUsed as null (unknown)', () => {
    const item = ok(
      rawStockItem({
        IsSpecial: '',
        IsDemo: '',
        IsPrestiged: null,
        IsDepositTaken: '',
        IsMiles: '',
        IsDriveAway: '',
        IsUsed: '',
      })
    );
    expect(item).toMatchObject({
      IsSpecial: false,
      IsDemo: false,
      IsPrestiged: false,
      IsDepositTaken: false,
      IsMiles: false,
      IsDriveAway: null,
      IsUsed: null,
    });
  });

  it.each([
    ['true', true],
    ['False', false],
    [' TRUE ', true],
    ['yes', true],
    ['no', false],
    ['1', true],
    ['0', false],
    [1, true],
    [0, false],
  ])('reads %j as the boolean %s', (value, expected) => {
    expect(ok(rawStockItem({ IsSpecial: value })).IsSpecial).toBe(expected);
  });

  it('accepts an empty YardCode (single-yard account) and null as the same', () => {
    expect(ok(rawStockItem({ YardCode: '' })).YardCode).toBe('');
    expect(ok(rawStockItem({ YardCode: null })).YardCode).toBe('');
    expect(ok(rawStockItem({ YardCode: 100 })).YardCode).toBe('100');
  });

  it('accepts a lower-case or padded StockType letter', () => {
    expect(ok(rawStockItem({ StockType: ' m ' })).StockType).toBe('M');
  });

  it('accepts years up to two years ahead of the clock', () => {
    expect(ok(rawStockItem({ YearGroup: 2027 })).YearGroup).toBe(2027);
    expect(ok(rawStockItem({ YearGroup: 1900 })).YearGroup).toBe(1900);
  });
});

describe('normaliseStockItem: rejected items', () => {
  it.each([[null], ['a string'], [42], [[rawStockItem()]], [undefined]])('rejects %j: not an object', (raw) => {
    expect(rejection(raw)).toBe('The stock item is not an object');
  });

  it.each([
    [{ StockNumber: undefined }, 'StockNumber is missing'],
    [{ StockNumber: null }, 'StockNumber is missing'],
    [{ StockNumber: '   ' }, 'StockNumber is missing'],
    [{ StockNumber: { n: 1 } }, 'StockNumber is not text'],
    [{ StockNumber: 'x'.repeat(256) }, 'StockNumber is longer than 255 characters'],
    [{ YardCode: 'y'.repeat(256) }, 'YardCode is longer than 255 characters'],
    [{ YearGroup: 'abc' }, 'YearGroup "abc" is not a year'],
    [{ YearGroup: 0 }, 'YearGroup 0 is not a year'],
    [{ YearGroup: 1899 }, 'YearGroup 1899 is not a year'],
    [{ YearGroup: 2028 }, 'YearGroup 2028 is not a year'],
    [{ YearGroup: 2019.5 }, 'YearGroup 2019.5 is not a year'],
    [{ YearGroup: '' }, 'YearGroup is missing'],
    [{ YearGroup: null }, 'YearGroup is missing'],
    [{ StockType: 'X' }, 'StockType "X" is not one of A, B, C, H, M, T'],
    [{ StockType: 1 }, 'StockType 1 is not one of A, B, C, H, M, T'],
    [{ StockType: '' }, 'StockType is missing'],
    [{ Price: -1 }, 'Price -1 is negative'],
    [{ Price: '-5' }, 'Price "-5" is negative'],
    [{ Price: 'POA' }, 'Price "POA" is not a number'],
    [{ Price: 123456789 }, 'Price 123456789 is too large'],
    [{ AdvSpecialPrice: -100 }, 'AdvSpecialPrice -100 is negative'],
    [{ Odometer: -3 }, 'Odometer -3 is negative'],
    [{ Odometer: 'lots' }, 'Odometer "lots" is not a number'],
    [{ Odometer: 3_000_000_000 }, 'Odometer 3000000000 is too large'],
    [{ DoorNum: 4.5 }, 'DoorNum 4.5 is not a whole number'],
    [{ EngineSize: true }, 'EngineSize true is not a number'],
    [{ IsSpecial: 'maybe' }, 'IsSpecial "maybe" is not true or false'],
    [{ IsUsed: 2 }, 'IsUsed 2 is not true or false'],
    [{ Make: ['VOLVO'] }, 'Make is not text'],
  ])('rejects %j with "%s"', (overrides, message) => {
    expect(rejection(rawStockItem(overrides))).toBe(message);
  });

  it('rejects an item whose YardCode member is missing', () => {
    const raw = rawStockItem();
    delete raw.YardCode;
    expect(rejection(raw)).toBe('YardCode is missing');
  });

  it('rejects an item whose StockNumber member is missing', () => {
    const raw = rawStockItem();
    delete raw.StockNumber;
    expect(rejection(raw)).toBe('StockNumber is missing');
  });

  it('reports several problems in one sentence list, capped at three', () => {
    expect(rejection(rawStockItem({ StockNumber: '', YearGroup: 'x' }))).toBe(
      'StockNumber is missing; YearGroup "x" is not a year'
    );
    expect(rejection({})).toBe('YardCode is missing; StockNumber is missing; YearGroup is missing; and 1 more problem');
  });

  it('returns the identity it could read, for reporting the failed item', () => {
    const result = normaliseStockItem(rawStockItem({ StockNumber: ' 77 ', YardCode: '200', Price: -1 }), { now });
    expect(result).toEqual({ ok: false, error: 'Price -1 is negative', stockNumber: '77', yardCode: '200' });
  });

  it('shortens long values quoted in errors', () => {
    const error = rejection(rawStockItem({ Price: 'x'.repeat(100) }));
    expect(error.length).toBeLessThan(70);
    expect(error).toMatch(/^Price "x+\.\.\. is not a number$/);
  });

  it('never throws, even on hostile input', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      }
    );
    const result = normaliseStockItem(hostile, { now });
    expect(result.ok).toBe(false);
  });
});

describe('normaliseStockItem: control characters in feed text', () => {
  it('drops them, so a NUL from the feed can never fail a PostgreSQL write', () => {
    const item = ok(
      rawStockItem({ Make: 'MAZ\u0000DA', StockNumber: 'S\u00001', Colour: 'Soul\u001b Red\u007f', VIN: '\u0000' })
    );
    expect(item.Make).toBe('MAZDA');
    expect(item.StockNumber).toBe('S1');
    expect(item.Colour).toBe('Soul Red');
    expect(item.VIN).toBe('');
  });

  it('turns tabs and line breaks in one-line text into spaces', () => {
    expect(ok(rawStockItem({ Badge: 'GT\tLuxury\r\nPack' })).Badge).toBe('GT Luxury  Pack');
  });

  it('keeps tabs and line breaks in descriptions and drops the rest', () => {
    const item = ok(
      rawStockItem({ AdvDescription: 'One owner.\r\n\tFull history\u0000.\u000b', Warranty: '3 years\n\u0007' })
    );
    expect(item.AdvDescription).toBe('One owner.\r\n\tFull history.');
    expect(item.Warranty).toBe('3 years');
  });

  it('reports a rejected item under its key without the control characters', () => {
    const result = normaliseStockItem(rawStockItem({ StockNumber: 'S\u00009', YearGroup: 'old' }), { now });
    expect(result).toMatchObject({ ok: false, stockNumber: 'S9' });
  });
});
