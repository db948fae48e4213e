import { startSandbox, type Sandbox } from '../../sandbox/server';
import { control, decodeJwtPart, http, requestToken, servicePath, vendor } from './helpers';

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
});

afterAll(async () => {
  await sb.close();
});

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('credentials', () => {
  test('are GUID-shaped, with EC account numbers, and differ between demo and other', () => {
    for (const creds of [sb.demo, sb.other]) {
      expect(creds.ClientID).toMatch(GUID);
      expect(creds.ClientSecret).toMatch(GUID);
      expect(creds.AccountSecret).toMatch(GUID);
      expect(creds.AccountNumber).toMatch(/^EC\d+$/);
    }
    expect(sb.other.ClientID).not.toBe(sb.demo.ClientID);
    expect(sb.other.AccountNumber).not.toBe(sb.demo.AccountNumber);
  });
});

describe('RequestToken', () => {
  test('answers a flat envelope with an HS256 JWT living 600 seconds', async () => {
    const query = new URLSearchParams({ ClientID: sb.demo.ClientID, ClientSecret: sb.demo.ClientSecret });
    const res = await http(`${servicePath(sb, 'StockService', 'RequestToken')}?${query}`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json)).toEqual(['Token', 'Code', 'ErrorMessage']);
    expect(res.json.Code).toBe(0);
    expect(res.json.ErrorMessage).toBeNull();
    const parts = (res.json.Token as string).split('.');
    expect(parts).toHaveLength(3);
    expect(decodeJwtPart(parts[0])).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeJwtPart(parts[1]);
    expect(Object.keys(claims).sort()).toEqual(['ClientID', 'exp', 'iat', 'nbf']);
    expect(claims.ClientID).toBe(sb.demo.ClientID);
    expect((claims.exp as number) - (claims.iat as number)).toBe(600);
    expect(claims.nbf).toBe(claims.iat);
    expect(Math.abs((claims.iat as number) - Date.now() / 1000)).toBeLessThan(5);
    expect(Buffer.from(parts[2], 'base64url')).toHaveLength(32);
  });

  test('works on the production prefix and for the Lead service', async () => {
    const query = new URLSearchParams({ ClientID: sb.other.ClientID, ClientSecret: sb.other.ClientSecret });
    const res = await http(`${servicePath(sb, 'LeadService', 'RequestToken', '/ECService')}?${query}`, {
      method: 'POST',
    });
    expect(res.json.Code).toBe(0);
    expect(typeof res.json.Token).toBe('string');
  });

  test.each([
    [
      'a wrong secret',
      (c: { ClientID: string }) => `ClientID=${c.ClientID}&ClientSecret=00000000-0000-4000-8000-000000000000`,
    ],
    [
      'an unknown client',
      () => 'ClientID=00000000-0000-4000-8000-000000000000&ClientSecret=00000000-0000-4000-8000-000000000000',
    ],
    ['no query at all', () => ''],
  ])('refuses %s with HTTP 200 and Code 1', async (_name, query) => {
    const res = await http(`${servicePath(sb, 'StockService', 'RequestToken')}?${query(sb.demo)}`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ Token: null, Code: 1, ErrorMessage: 'Invalid client credentials.' });
  });
});

describe('data calls', () => {
  test('without a bearer token get Code 1 "Invalid token."', async () => {
    const res = await vendor(sb, 'StockService', 'GetAdvertisementStocks', {}, { token: null });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ Code: 1, ErrorMessage: 'Invalid token.' });
  });

  test('with a tampered token get Code 1', async () => {
    const [header, , signature] = (await requestToken(sb, 'StockService')).split('.');
    const now = Math.floor(Date.now() / 1000);
    const forged = Buffer.from(
      JSON.stringify({ ClientID: sb.demo.ClientID, nbf: now, iat: now, exp: now + 6000 })
    ).toString('base64url');
    const res = await vendor(
      sb,
      'StockService',
      'GetAdvertisementStocks',
      {},
      { token: `${header}.${forged}.${signature}` }
    );
    expect(res.json).toEqual({ Code: 1, ErrorMessage: 'Invalid token.' });
    const garbage = await vendor(sb, 'StockService', 'GetAdvertisementStocks', {}, { token: 'not-a-jwt' });
    expect(garbage.json.Code).toBe(1);
  });

  test('with a token of the other service get Code 1', async () => {
    const stockToken = await requestToken(sb, 'StockService');
    const res = await vendor(sb, 'LeadService', 'SearchContacts', { Name: 'a' }, { token: stockToken });
    expect(res.json).toEqual({ Code: 1, ErrorMessage: 'Invalid token.' });
    const leadToken = await requestToken(sb, 'LeadService');
    const back = await vendor(sb, 'StockService', 'GetAdvertisementStocks', {}, { token: leadToken });
    expect(back.json.Code).toBe(1);
  });

  test('with tokens expired through the control API get Code 1 until a new token is fetched', async () => {
    const token = await requestToken(sb, 'StockService');
    expect((await vendor(sb, 'StockService', 'GetAdvertisementStocks', {}, { token })).json.Code).toBe(0);
    expect((await control(sb, 'POST', '/tokens/expire')).status).toBe(200);
    expect((await vendor(sb, 'StockService', 'GetAdvertisementStocks', {}, { token })).json).toEqual({
      Code: 1,
      ErrorMessage: 'Invalid token.',
    });
    expect((await vendor(sb, 'StockService', 'GetAdvertisementStocks')).json.Code).toBe(0);
  });

  test('with a wrong account pair get Code 1 "Authentication failed"', async () => {
    const message = 'Authentication failed: invalid AccountNumber or AccountSecret.';
    const wrongSecret = await vendor(sb, 'StockService', 'GetAdvertisementStocks', {
      AccountSecret: sb.other.AccountSecret,
    });
    expect(wrongSecret.status).toBe(200);
    expect(wrongSecret.json).toEqual({ Code: 1, ErrorMessage: message });
    const wrongNumber = await vendor(sb, 'StockService', 'GetAdvertisementStocks', { AccountNumber: 'EC1' });
    expect(wrongNumber.json).toEqual({ Code: 1, ErrorMessage: message });
  });

  test('a client may not use an account it does not own', async () => {
    const token = await requestToken(sb, 'StockService', sb.demo);
    const res = await vendor(sb, 'StockService', 'GetAdvertisementStocks', {}, { token, creds: sb.other });
    expect(res.json).toEqual({
      Code: 1,
      ErrorMessage: 'Authentication failed: invalid AccountNumber or AccountSecret.',
    });
  });

  test('without the account pair get Code 7 naming the field', async () => {
    const res = await vendor(sb, 'StockService', 'GetAdvertisementStocks', {}, { noAccount: true });
    expect(res.json).toEqual({ Code: 7, ErrorMessage: 'AccountNumber is required' });
    const noSecret = await vendor(
      sb,
      'StockService',
      'GetAdvertisementStocks',
      { AccountNumber: sb.demo.AccountNumber },
      { noAccount: true }
    );
    expect(noSecret.json).toEqual({ Code: 7, ErrorMessage: 'AccountSecret is required' });
  });

  test('with a body that is not JSON get HTTP 400 and Code 7', async () => {
    const token = await requestToken(sb, 'StockService');
    const res = await http(servicePath(sb, 'StockService', 'GetAdvertisementStocks'), {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect(res.json.Code).toBe(7);
    expect(typeof res.json.ErrorMessage).toBe('string');
  });

  test('other methods get 405 with Allow: POST', async () => {
    const res = await http(servicePath(sb, 'StockService', 'GetAdvertisementStocks'));
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(res.json.Code).toBe(7);
  });

  test('unknown endpoints get 404', async () => {
    const res = await http(servicePath(sb, 'StockService', 'GetStockByNumber'), { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });
});
