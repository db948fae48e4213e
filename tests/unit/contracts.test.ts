/**
 * The shared string and number rules and the contracts built from them, without a server: what the plugin refuses
 * on its own (an app without the global control-character guard) and what the admin forms show.
 */
import { createConnectionSchema, updateConnectionSchema } from '../../plugins/easycars/shared/contracts/connections';
import { freeText, requiredLine, singleLine, wholeNumber } from '../../plugins/easycars/shared/contracts/fields';
import {
  listItemsQuerySchema,
  listRunsQuerySchema,
  triggerSyncSchema,
} from '../../plugins/easycars/shared/contracts/sync';
import { validate } from '../../plugins/easycars/server/src/utils/validate';

const messages = (schema: { safeParse(v: unknown): any }, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? null : result.error.issues.map((i: { message: string }) => i.message);
};
const messageOf = (schema: Parameters<typeof validate>[0], input: unknown) => {
  try {
    validate(schema, input);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};

describe('singleLine and requiredLine', () => {
  it.each(['\u0000', '\t', '\n', '\r', '\u001b', '\u007f'])('refuse %j anywhere, once', (char) => {
    expect(messages(singleLine(20), `ab${char}c`)).toEqual(['must not contain control characters']);
    // refused before trimming, and only the one reason given
    expect(messages(requiredLine(20), char)).toEqual(['must not contain control characters']);
  });

  it('tell a wrong type from a missing value', () => {
    expect(messages(requiredLine(20), undefined)).toEqual(['is required']);
    expect(messages(requiredLine(20), '   ')).toEqual(['is required']);
    expect(messages(requiredLine(20), 42)).toEqual(['must be a string']);
    expect(messages(requiredLine(20), { $ne: null })).toEqual(['must be a string']);
    expect(messages(singleLine(20), null)).toEqual(['must be a string']);
  });

  it('trim and keep printable text, accents and emoji included', () => {
    expect(singleLine(20).parse('  Café 🚗  ')).toBe('Café 🚗');
    expect(messages(singleLine(3), 'abcd')).toEqual(['must be at most 3 characters']);
  });
});

describe('freeText', () => {
  it('keeps tabs and line breaks', () => {
    expect(freeText(50).parse('Hello,\r\n\tworld')).toBe('Hello,\r\n\tworld');
  });
  it.each(['\u0000', '\u0007', '\u000b', '\u000c', '\u001f', '\u007f'])('refuses %j', (char) => {
    expect(messages(freeText(50), `a${char}b`)).toEqual([
      'must not contain control characters other than tab and line breaks',
    ]);
  });
});

describe('wholeNumber', () => {
  it.each([
    ['1', 1],
    ['10', 10],
    [7, 7],
  ])('accepts %j', (input, expected) => {
    expect(wholeNumber(1, 10).parse(input)).toBe(expected);
  });
  it.each(['0', '11', '1e20', '1.5', 'abc', '', 'Infinity', [], { $gt: 1 }])('refuses %j with the range', (input) => {
    expect(messages(wholeNumber(1, 10), input)).toEqual(['must be a whole number from 1 to 10']);
  });
});

describe('the contracts name the field', () => {
  const connection = {
    name: 'Main',
    environment: 'test',
    clientId: 'c',
    clientSecret: 's',
    accountNumber: 'EC1',
    accountSecret: 'a',
  };

  it.each([
    ['name', 'Ma\u0000in', 'name must not contain control characters'],
    ['yardCode', 'Y\u00001', 'yardCode must not contain control characters'],
    ['clientSecret', 'se\u0000cret', 'clientSecret must not contain control characters'],
    ['stockSchedule', '*/30 * * * *\u0000', 'stockSchedule must not contain control characters'],
    ['baseUrl', 'http://exa\tmple.com', 'baseUrl must not contain control characters'],
    ['name', 42, 'name must be a string'],
    ['clientId', { $ne: null }, 'clientId must be a string'],
  ])('connection %s = %j', (field, value, message) => {
    expect(messageOf(createConnectionSchema, { ...connection, [field]: value })).toBe(message);
  });

  it('an update refuses a control character in a secret (a blank one still means "unchanged")', () => {
    expect(messageOf(updateConnectionSchema, { accountSecret: 'a\u0000' })).toBe(
      'accountSecret must not contain control characters'
    );
    expect(messageOf(updateConnectionSchema, { accountSecret: '  ' })).toBeNull();
  });

  it.each([
    [{ connectionId: 'ab\u0000c', kind: 'stock' }, 'connectionId must not contain control characters'],
    [{ connectionId: 42, kind: 'stock' }, 'connectionId must be a string'],
    [{ connectionId: { $ne: null }, kind: 'stock' }, 'connectionId must be a string'],
    [{ kind: 'stock' }, 'connectionId is required'],
  ])('sync %j', (body, message) => {
    expect(messageOf(triggerSyncSchema, body)).toBe(message);
  });

  it.each([
    [{ connectionId: 'ab\u0000c' }, 'connectionId must not contain control characters'],
    [{ connectionId: { $ne: 'x' } }, 'connectionId must be a string'],
    [{ page: '1e20' }, 'page must be a whole number from 1 to 10000'],
    [{ pageSize: '0' }, 'pageSize must be a whole number from 1 to 100'],
  ])('run list %j', (query, message) => {
    expect(messageOf(listRunsQuerySchema, query)).toBe(message);
  });

  it('run items: paging and action', () => {
    expect(messageOf(listItemsQuerySchema, { pageSize: '201' })).toBe('pageSize must be a whole number from 1 to 200');
    expect(messageOf(listItemsQuerySchema, { action: 'cre\u0000ated' })).toBe(
      'action must not contain control characters'
    );
    expect(validate(listItemsQuerySchema, {})).toEqual({ page: 1, pageSize: 50 });
  });
});
