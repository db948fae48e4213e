import type { StockItem } from '../../plugins/easycars/shared/easycars/stock-item';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { control, http, leadRequest, requestToken, servicePath, vendor } from './helpers';

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ port: 0, vehicles: 10, seed: 9 });
});

afterAll(async () => {
  await sb.close();
});

beforeEach(async () => {
  await control(sb, 'POST', '/reset');
});

const fault = async (body: unknown) => {
  const res = await control(sb, 'POST', '/faults', body);
  expect(res.status).toBe(200);
  return res.json;
};

const stocks = (options = {}) => vendor(sb, 'StockService', 'GetAdvertisementStocks', {}, options);
const leads = async () => (await control(sb, 'GET', `/accounts/${sb.demo.AccountNumber}/leads`)).json as unknown[];
const calls = async (endpoint: string) => (await control(sb, 'GET', `/calls?endpoint=${endpoint}`)).json;

describe('latency', () => {
  test('delays the answer, which still arrives whole', async () => {
    const token = await requestToken(sb, 'StockService');
    await fault({ endpoint: 'GetAdvertisementStocks', type: 'latency', ms: 300 });
    const started = Date.now();
    const res = await stocks({ token });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(res.json.Code).toBe(0);
    expect(res.json.StockList).toHaveLength(10);
    expect(await calls('GetAdvertisementStocks')).toEqual([
      expect.objectContaining({ httpStatus: 200, code: 0, faulted: true, fault: 'latency' }),
    ]);
  });
});

describe('http', () => {
  test.each([500, 502, 503, 504])('answers HTTP %i once, then normally', async (status) => {
    await fault({ endpoint: 'GetAdvertisementStocks', type: 'http', status });
    const token = await requestToken(sb, 'StockService');
    const failed = await stocks({ token });
    expect(failed.status).toBe(status);
    expect(failed.json).toBeUndefined();
    expect((await stocks({ token })).json.Code).toBe(0);
  });

  test('429 carries Retry-After', async () => {
    await fault({ endpoint: 'CreateLead', type: 'http', status: 429, retryAfter: 7 });
    const res = await vendor(sb, 'LeadService', 'CreateLead', leadRequest());
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await leads()).toHaveLength(0);
  });

  test('503 with Retry-After', async () => {
    await fault({ endpoint: 'GetAdvertisementStocks', type: 'http', status: 503, retryAfter: 2 });
    const res = await stocks();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
  });
});

describe('code', () => {
  test('5 performs the call and adds the warning to the payload', async () => {
    await fault({ endpoint: 'CreateLead', type: 'code', code: 5, message: 'Customer e-mail looks odd.' });
    const res = await vendor(sb, 'LeadService', 'CreateLead', leadRequest());
    expect(res.json).toEqual({
      LeadNumber: '000001',
      CustomerNo: '00005',
      Code: 5,
      ErrorMessage: 'Customer e-mail looks odd.',
    });
    expect(await leads()).toHaveLength(1);
  });

  test('5 keeps the stock list', async () => {
    await fault({ endpoint: 'GetAdvertisementStocks', type: 'code', code: 5 });
    const res = await stocks();
    expect(res.json.Code).toBe(5);
    expect(typeof res.json.ErrorMessage).toBe('string');
    expect(res.json.StockList).toHaveLength(10);
  });

  test.each([7, 9])('%i answers the bare envelope without performing the call', async (code) => {
    await fault({ endpoint: 'CreateLead', type: 'code', code, message: `failure ${code}` });
    const res = await vendor(sb, 'LeadService', 'CreateLead', leadRequest());
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ Code: code, ErrorMessage: `failure ${code}` });
    expect(await leads()).toHaveLength(0);
  });

  test('9 on the stock feed has a default message and no StockList', async () => {
    await fault({ endpoint: 'GetAdvertisementStocks', type: 'code', code: 9 });
    const res = await stocks();
    expect(Object.keys(res.json)).toEqual(['Code', 'ErrorMessage']);
    expect(res.json.Code).toBe(9);
    expect(res.json.ErrorMessage).toBeTruthy();
  });
});

describe('malformed', () => {
  test('answers 200 with JSON that does not parse', async () => {
    await fault({ endpoint: 'GetAdvertisementStocks', type: 'malformed' });
    const res = await stocks();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(res.text)).toThrow();
  });
});

describe('timeout', () => {
  test('never answers; the client gives up, and the next call is normal', async () => {
    const token = await requestToken(sb, 'StockService');
    await fault({ endpoint: 'GetAdvertisementStocks', type: 'timeout' });
    const signal = AbortSignal.timeout(300);
    await expect(stocks({ token, signal })).rejects.toThrow();
    expect((await stocks({ token })).json.Code).toBe(0);
    const log = await calls('GetAdvertisementStocks');
    expect(log[0]).toMatchObject({ httpStatus: null, code: null, faulted: true, fault: 'timeout' });
  });

  test('close() ends held requests', async () => {
    const own = await startSandbox({ port: 0, vehicles: 1 });
    await control(own, 'POST', '/faults', { endpoint: 'RequestToken', type: 'timeout' });
    const pending = requestToken(own, 'StockService').then(
      () => 'answered',
      () => 'failed'
    );
    await new Promise((r) => setTimeout(r, 100));
    await own.close();
    expect(await pending).toBe('failed');
  });
});

describe('drop-answer', () => {
  test('creates the lead, then destroys the socket without answering', async () => {
    const token = await requestToken(sb, 'LeadService');
    await fault({ endpoint: 'CreateLead', type: 'drop-answer' });
    await expect(
      vendor(sb, 'LeadService', 'CreateLead', leadRequest({ ExternalID: 'lost-1' }), { token })
    ).rejects.toThrow();
    const created = await leads();
    expect(created).toEqual([expect.objectContaining({ ExternalID: 'lost-1', LeadNumber: '000001' })]);
    // a blind retry makes a duplicate, as the real service would
    await vendor(sb, 'LeadService', 'CreateLead', leadRequest({ ExternalID: 'lost-1' }), { token });
    expect(await leads()).toHaveLength(2);
    expect((await calls('CreateLead'))[0]).toMatchObject({ httpStatus: null, code: 0, fault: 'drop-answer' });
  });
});

describe('matching and counting', () => {
  test('count N applies to the next N matching calls, then the sandbox answers normally', async () => {
    const token = await requestToken(sb, 'StockService');
    const added = await fault({ endpoint: 'GetAdvertisementStocks', type: 'http', status: 500, count: 3 });
    expect(added).toMatchObject({ endpoint: 'GetAdvertisementStocks', type: 'http', status: 500, remaining: 3 });
    expect(typeof added.id).toBe('number');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await stocks({ token })).status);
    expect(statuses).toEqual([500, 500, 500, 200]);
    expect((await control(sb, 'GET', '/faults')).json).toEqual([]);
  });

  test('GET lists pending faults with what is left; DELETE clears them', async () => {
    await fault({ endpoint: 'CreateLead', type: 'http', status: 502, count: 2 });
    await fault({ endpoint: '*', type: 'latency', ms: 10 });
    await vendor(sb, 'LeadService', 'CreateLead', leadRequest(), { token: null });
    const pending = (await control(sb, 'GET', '/faults')).json;
    expect(pending).toEqual([
      expect.objectContaining({ endpoint: 'CreateLead', remaining: 1 }),
      expect.objectContaining({ endpoint: '*' }),
    ]);
    expect((await control(sb, 'DELETE', '/faults')).json).toEqual({ cleared: 2 });
    expect((await control(sb, 'GET', '/faults')).json).toEqual([]);
  });

  test('"*" matches any API call, RequestToken included', async () => {
    await fault({ endpoint: '*', type: 'code', code: 9 });
    const query = new URLSearchParams({ ClientID: sb.demo.ClientID, ClientSecret: sb.demo.ClientSecret });
    const res = await http(`${servicePath(sb, 'LeadService', 'RequestToken')}?${query}`, { method: 'POST' });
    expect(res.json.Code).toBe(9);
  });

  test('"Service/Endpoint" matches one service only', async () => {
    await fault({ endpoint: 'LeadService/RequestToken', type: 'http', status: 503 });
    await expect(requestToken(sb, 'StockService')).resolves.toBeTruthy();
    await expect(requestToken(sb, 'LeadService')).rejects.toThrow();
  });

  test('faults do not touch the control API', async () => {
    await fault({ endpoint: '*', type: 'http', status: 500, count: 5 });
    expect((await control(sb, 'GET', '/health')).status).toBe(200);
  });

  test('images can fail too', async () => {
    const [item] = (await control(sb, 'GET', `/accounts/${sb.demo.AccountNumber}/stock`)).json as StockItem[];
    const url = item.ImageURLs.split(',')[0];
    await fault({ endpoint: 'Image', type: 'http', status: 503 });
    expect((await fetch(url)).status).toBe(503);
    expect((await fetch(url)).status).toBe(200);
  });

  test.each([
    [{ endpoint: 'Nope', type: 'http', status: 500 }],
    [{ endpoint: 'CreateLead', type: 'explode' }],
    [{ endpoint: 'CreateLead', type: 'http', status: 404 }],
    [{ endpoint: 'CreateLead', type: 'code', code: 1 }],
    [{ endpoint: 'CreateLead', type: 'latency' }],
    [{ endpoint: 'CreateLead', type: 'timeout', count: 0 }],
  ])('rejects an invalid fault %p with 400', async (body) => {
    const res = await control(sb, 'POST', '/faults', body);
    expect(res.status).toBe(400);
    expect(typeof res.json.error).toBe('string');
    expect((await control(sb, 'GET', '/faults')).json).toEqual([]);
  });
});
