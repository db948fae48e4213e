/**
 * The client against the real sandbox over HTTP: tokens, retries, error classes, redaction, connection test and the
 * lead round trip, each proven by the sandbox's own call log.
 */
import {
  AuthenticationError,
  MalformedResponseError,
  NetworkError,
  SystemError,
  TimeoutError,
  TokenCache,
  ValidationError,
  HttpError,
  type CreateLeadInput,
} from '../../plugins/easycars/server/src/easycars';
import { allowBaseUrl, startSandbox } from '../helpers/sandbox';
import { closedPort, controller, sandboxClient, type Sandbox } from './sandbox-helpers';

let sandbox: Sandbox;
let sb: ReturnType<typeof controller>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, vehicles: 6, seed: 42 });
  sb = controller(sandbox);
});

afterAll(async () => {
  await sandbox?.close();
});

beforeEach(async () => {
  await sb.reset();
  await sb.clearCalls();
});

const count = async (endpoint: string) => (await sb.calls(endpoint)).length;

describe('tokens', () => {
  it('reuses one token across sequential calls', async () => {
    const { client } = sandboxClient(sandbox, sandbox.demo);
    const first = await client.getAdvertisementStocks();
    await client.getAdvertisementStocks();
    await client.getAdvertisementStocks();
    expect(Array.isArray(first.items)).toBe(true);
    expect(first.items.length).toBeGreaterThan(0);
    expect(await count('RequestToken')).toBe(1);
    expect(await count('GetAdvertisementStocks')).toBe(3);
  });

  it('fetches a single token for 10 concurrent calls (single flight)', async () => {
    const { client } = sandboxClient(sandbox, sandbox.demo);
    const answers = await Promise.all(Array.from({ length: 10 }, () => client.getAdvertisementStocks()));
    expect(answers).toHaveLength(10);
    expect(await count('RequestToken')).toBe(1);
    expect(await count('GetAdvertisementStocks')).toBe(10);
  });

  it('shares a token between client instances using the same cache, not with a fresh cache', async () => {
    const cache = new TokenCache();
    await sandboxClient(sandbox, sandbox.demo, { tokenCache: cache }).client.getAdvertisementStocks();
    await sandboxClient(sandbox, sandbox.demo, { tokenCache: cache }).client.getAdvertisementStocks();
    expect(await count('RequestToken')).toBe(1);
    await sandboxClient(sandbox, sandbox.demo).client.getAdvertisementStocks();
    expect(await count('RequestToken')).toBe(2);
  });

  it('requests one token per service', async () => {
    const { client } = sandboxClient(sandbox, sandbox.demo);
    await client.getAdvertisementStocks();
    await client.searchContacts({ Email: 'nobody@invalid.example' });
    await client.getAdvertisementStocks();
    await client.searchContacts({ Email: 'nobody@invalid.example' });
    expect(await count('RequestToken')).toBe(2);
  });

  it('renews before exp when inside the renew-early margin (huge margin)', async () => {
    const { client } = sandboxClient(sandbox, sandbox.demo, { tokenCache: new TokenCache({ renewEarlyMs: 601_000 }) });
    await client.getAdvertisementStocks();
    await client.getAdvertisementStocks();
    await client.getAdvertisementStocks();
    expect(await count('RequestToken')).toBe(3);
    expect(await count('GetAdvertisementStocks')).toBe(3);
  });

  it('renews about a minute before exp (fake clock)', async () => {
    let skew = 0;
    const tokenCache = new TokenCache({ now: () => Date.now() + skew });
    const { client } = sandboxClient(sandbox, sandbox.demo, { tokenCache });
    await client.getAdvertisementStocks();
    skew = 530_000; // 70 s before exp: keep
    await client.getAdvertisementStocks();
    expect(await count('RequestToken')).toBe(1);
    skew = 545_000; // 55 s before exp: renew
    await client.getAdvertisementStocks();
    expect(await count('RequestToken')).toBe(2);
    const calls = await sb.calls('GetAdvertisementStocks');
    expect(calls.every((c) => c.code === 0)).toBe(true);
  });

  it('renews once after the tokens expire (Code 1) and succeeds', async () => {
    const { client, records } = sandboxClient(sandbox, sandbox.demo);
    await client.getAdvertisementStocks();
    await sb.expireTokens();
    records.length = 0;
    const answer = await client.getAdvertisementStocks();
    expect(answer.items.length).toBeGreaterThan(0);
    expect(await count('RequestToken')).toBe(2);
    const data = await sb.calls('GetAdvertisementStocks');
    expect(data.map((c) => c.code)).toEqual([0, 1, 0]);
    expect(records.map((r) => [r.endpoint, r.attempt, r.ok, r.errorKind ?? null])).toEqual([
      ['GetAdvertisementStocks', 1, false, 'authentication'],
      ['RequestToken', 1, true, null],
      ['GetAdvertisementStocks', 2, true, null],
    ]);
  });

  it('persistent Code 1 on data calls (wrong account pair) → AuthenticationError stage data, one renewal only', async () => {
    const { client } = sandboxClient(sandbox, { ...sandbox.demo, AccountSecret: sandbox.other.AccountSecret });
    const err = await client.getAdvertisementStocks().catch((e) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.stage).toBe('data');
    expect(err.retryable).toBe(false);
    expect(await count('GetAdvertisementStocks')).toBe(2);
    expect(await count('RequestToken')).toBe(2);
  });

  it('wrong client pair → AuthenticationError stage token, not retried', async () => {
    const { client } = sandboxClient(sandbox, { ...sandbox.demo, ClientSecret: sandbox.other.ClientSecret });
    const err = await client.getAdvertisementStocks().catch((e) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.stage).toBe('token');
    expect(err.code).toBe(1);
    expect(await count('RequestToken')).toBe(1);
    expect(await count('GetAdvertisementStocks')).toBe(0);
  });
});

describe('unchanged feed', () => {
  it('hashes the feed body and skips parsing when it is the one already applied', async () => {
    const { client } = sandboxClient(sandbox, sandbox.demo);
    const first = await client.getAdvertisementStocks();
    expect(first.feedHash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.unchanged).toBe(false);
    const same = await client.getAdvertisementStocks({ unlessFeedHash: first.feedHash });
    expect(same).toMatchObject({ unchanged: true, items: [], feedHash: first.feedHash });
    await sb.mutate({ changeShare: 0.5 });
    const changed = await client.getAdvertisementStocks({ unlessFeedHash: first.feedHash });
    expect(changed.unchanged).toBe(false);
    expect(changed.items.length).toBe(first.items.length);
    expect(changed.feedHash).not.toBe(first.feedHash);
  });
});

describe('retries and failures', () => {
  it('retries HTTP 503 twice then succeeds (3 attempts)', async () => {
    await sb.fault({ endpoint: 'GetAdvertisementStocks', type: 'http', status: 503, count: 2 });
    const { client, records, delays } = sandboxClient(sandbox, sandbox.demo);
    const answer = await client.getAdvertisementStocks();
    expect(answer.items.length).toBeGreaterThan(0);
    expect((await sb.calls('GetAdvertisementStocks')).map((c) => c.httpStatus)).toEqual([503, 503, 200]);
    const stock = records.filter((r) => r.endpoint === 'GetAdvertisementStocks');
    expect(stock.map((r) => [r.attempt, r.httpStatus, r.ok])).toEqual([
      [1, 503, false],
      [2, 503, false],
      [3, 200, true],
    ]);
    expect(delays).toHaveLength(2);
  });

  it('honours Retry-After on 429', async () => {
    await sb.fault({ endpoint: 'GetAdvertisementStocks', type: 'http', status: 429, retryAfter: 1, count: 1 });
    const { client, delays } = sandboxClient(sandbox, sandbox.demo);
    await client.getAdvertisementStocks();
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(1000);
    expect(await count('GetAdvertisementStocks')).toBe(2);
  });

  it('gives up at once when Retry-After exceeds maxDelayMs, keeping retryAfterMs for the scheduler', async () => {
    await sb.fault({ endpoint: 'GetAdvertisementStocks', type: 'http', status: 429, retryAfter: 60, count: 1 });
    const { client, delays } = sandboxClient(sandbox, sandbox.demo);
    const err = await client.getAdvertisementStocks().catch((e) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err.httpStatus).toBe(429);
    expect(err.retryAfterMs).toBe(60_000);
    expect(delays).toHaveLength(0);
  });

  it('retries Code 9', async () => {
    await sb.fault({ endpoint: 'GetAdvertisementStocks', type: 'code', code: 9, count: 2 });
    const { client } = sandboxClient(sandbox, sandbox.demo);
    await expect(client.getAdvertisementStocks()).resolves.toMatchObject({
      items: expect.any(Array),
      unchanged: false,
    });
    expect((await sb.calls('GetAdvertisementStocks')).map((c) => c.code)).toEqual([9, 9, 0]);
  });

  it('Code 9 every time → SystemError after the bounded attempts', async () => {
    await sb.fault({ endpoint: 'GetAdvertisementStocks', type: 'code', code: 9, count: 50 });
    const { client } = sandboxClient(sandbox, sandbox.demo, { retry: { attempts: 3, baseDelayMs: 1 } });
    const err = await client.getAdvertisementStocks().catch((e) => e);
    expect(err).toBeInstanceOf(SystemError);
    expect(err.code).toBe(9);
    expect(await count('GetAdvertisementStocks')).toBe(3);
  });

  it('never retries Code 7, keeping the vendor message', async () => {
    await sb.fault({
      endpoint: 'GetAdvertisementStocks',
      type: 'code',
      code: 7,
      message: 'YardCode is too long.',
      count: 3,
    });
    const { client, delays } = sandboxClient(sandbox, sandbox.demo);
    const err = await client.getAdvertisementStocks().catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.retryable).toBe(false);
    expect(err.vendorMessage).toBe('YardCode is too long.');
    expect(err.message).toContain('YardCode is too long.');
    expect(await count('GetAdvertisementStocks')).toBe(1);
    expect(delays).toHaveLength(0);
  });

  it('Code 5 → the payload with a warning', async () => {
    await sb.fault({
      endpoint: 'GetAdvertisementStocks',
      type: 'code',
      code: 5,
      message: 'Some stock hidden.',
      count: 1,
    });
    const { client } = sandboxClient(sandbox, sandbox.demo);
    const answer = await client.getAdvertisementStocks();
    expect(answer.warning).toBe('Some stock hidden.');
    expect(Array.isArray(answer.items)).toBe(true);
    expect(await count('GetAdvertisementStocks')).toBe(1);
  });

  it('malformed answers are retried, then MalformedResponseError', async () => {
    await sb.fault({ endpoint: 'GetAdvertisementStocks', type: 'malformed', count: 50 });
    const { client, records } = sandboxClient(sandbox, sandbox.demo);
    const err = await client.getAdvertisementStocks().catch((e) => e);
    expect(err).toBeInstanceOf(MalformedResponseError);
    expect(await count('GetAdvertisementStocks')).toBe(4);
    expect(records.filter((r) => r.endpoint === 'GetAdvertisementStocks').map((r) => r.errorKind)).toEqual([
      'malformed',
      'malformed',
      'malformed',
      'malformed',
    ]);
  });

  it('one malformed answer then a good one succeeds', async () => {
    await sb.fault({ endpoint: 'GetAdvertisementStocks', type: 'malformed', count: 1 });
    const { client } = sandboxClient(sandbox, sandbox.demo);
    await expect(client.getAdvertisementStocks()).resolves.toMatchObject({
      items: expect.any(Array),
      unchanged: false,
    });
  });

  it('attempts are bounded (HTTP 500 forever, attempts 3)', async () => {
    await sb.fault({ endpoint: 'GetAdvertisementStocks', type: 'http', status: 500, count: 100 });
    const { client, delays } = sandboxClient(sandbox, sandbox.demo, { retry: { attempts: 3, baseDelayMs: 1 } });
    const err = await client.getAdvertisementStocks().catch((e) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err.httpStatus).toBe(500);
    expect(await count('GetAdvertisementStocks')).toBe(3);
    expect(delays).toHaveLength(2);
  });

  it('a hanging answer → TimeoutError after each attempt times out', async () => {
    await sb.fault({ endpoint: 'GetAdvertisementStocks', type: 'timeout', count: 10 });
    const { client, records } = sandboxClient(sandbox, sandbox.demo, {
      timeoutMs: 150,
      retry: { attempts: 2, baseDelayMs: 1 },
    });
    const started = Date.now();
    const err = await client.getAdvertisementStocks().catch((e) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.timeoutMs).toBe(150);
    expect(Date.now() - started).toBeLessThan(3000);
    const stock = records.filter((r) => r.endpoint === 'GetAdvertisementStocks');
    expect(stock.map((r) => [r.httpStatus, r.errorKind])).toEqual([
      [null, 'timeout'],
      [null, 'timeout'],
    ]);
  });

  it('slow but in time is fine', async () => {
    await sb.fault({ endpoint: 'GetAdvertisementStocks', type: 'latency', ms: 100, count: 1 });
    const { client, records } = sandboxClient(sandbox, sandbox.demo, { timeoutMs: 2000 });
    await client.getAdvertisementStocks();
    const rec = records.find((r) => r.endpoint === 'GetAdvertisementStocks')!;
    expect(rec.latencyMs).toBeGreaterThanOrEqual(90);
  });

  it('a closed port → NetworkError, bounded attempts', async () => {
    const port = await closedPort();
    // listed, so the socket is tried and refused by the closed port itself
    allowBaseUrl(`http://127.0.0.1:${port}`);
    const { client, records } = sandboxClient(sandbox, sandbox.demo, {
      baseUrl: `http://127.0.0.1:${port}`,
      retry: { attempts: 3, baseDelayMs: 1 },
    });
    const err = await client.getAdvertisementStocks().catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.causeCode).toBe('ECONNREFUSED');
    expect(err.message).toContain(`127.0.0.1:${port}`);
    expect(records.map((r) => [r.endpoint, r.attempt, r.errorKind])).toEqual([
      ['RequestToken', 1, 'network'],
      ['RequestToken', 2, 'network'],
      ['RequestToken', 3, 'network'],
    ]);
  });

  it('CreateLead whose answer is lost is not repeated (no duplicate lead)', async () => {
    await sb.fault({ endpoint: 'CreateLead', type: 'drop-answer', count: 1 });
    const { client } = sandboxClient(sandbox, sandbox.demo);
    const err = await client.createLead(leadInput('drop@example.com')).catch((e) => e);
    expect(err.kind === 'network' || err.kind === 'malformed').toBe(true);
    expect(err.maybeProcessed).toBe(true);
    expect(await count('CreateLead')).toBe(1);
    const leads = await sb.leads<unknown[]>(sandbox.demo.AccountNumber);
    expect(JSON.stringify(leads)).toContain('drop@example.com');
  });
});

describe('call records', () => {
  it('never contain the four credentials or a token', async () => {
    const { client, records } = sandboxClient(sandbox, sandbox.demo);
    await client.getAdvertisementStocks();
    const created = await client.createLead(leadInput('records@example.com'));
    await client.getLeadDetail(created.LeadNumber);
    await client.searchContacts({ Email: 'records@example.com' });
    await sb.expireTokens();
    await client.updateLead({ LeadNumber: created.LeadNumber, Notes: 'after expiry' });
    const stockToken = await client.requestToken('StockService');
    const leadToken = await client.requestToken('LeadService');
    const bad = sandboxClient(sandbox, { ...sandbox.demo, AccountSecret: sandbox.other.AccountSecret });
    await bad.client.searchContacts({ Email: 'x@example.com' }).catch(() => undefined);
    const all = [...records, ...bad.records];
    expect(all.length).toBeGreaterThanOrEqual(9);
    const raw = JSON.stringify(all);
    for (const secret of [
      sandbox.demo.ClientID,
      sandbox.demo.ClientSecret,
      sandbox.demo.AccountNumber,
      sandbox.demo.AccountSecret,
      sandbox.other.AccountSecret,
      stockToken,
      leadToken,
    ]) {
      expect(raw).not.toContain(secret);
    }
    expect(raw).not.toMatch(/eyJ[A-Za-z0-9_-]+\./);
    const tokenRecord = all.find((r) => r.endpoint === 'RequestToken')!;
    expect(tokenRecord.url).toContain('ClientSecret=[redacted]');
    const createRecord = all.find((r) => r.endpoint === 'CreateLead')!;
    expect(createRecord.requestBody).toContain(`"AccountNumber":"••••${sandbox.demo.AccountNumber.slice(-4)}"`);
    expect(createRecord.requestBody).toContain('"AccountSecret":"[redacted]"');
    expect(createRecord.responseBody).toContain(created.LeadNumber);
  });

  it('truncates large bodies', async () => {
    const { client, records } = sandboxClient(sandbox, sandbox.demo, { logBodyLimit: 512 });
    await client.getAdvertisementStocks();
    const rec = records.find((r) => r.endpoint === 'GetAdvertisementStocks')!;
    expect(rec.responseBody).toMatch(/…\[truncated \d+ bytes\]$/);
    expect(Buffer.byteLength(rec.responseBody!.replace(/…\[truncated \d+ bytes\]$/, ''))).toBeLessThanOrEqual(512);
  });
});

describe('testConnection', () => {
  it('ok with both pairs valid: two tokens and one SearchContacts', async () => {
    const { client } = sandboxClient(sandbox, sandbox.demo);
    const res = await client.testConnection();
    expect(res).toEqual({ ok: true, latencyMs: expect.any(Number), message: expect.any(String) });
    expect(await count('RequestToken')).toBe(2);
    expect(await count('SearchContacts')).toBe(1);
  });

  it('client stage for a wrong client pair', async () => {
    const { client } = sandboxClient(sandbox, {
      ...sandbox.demo,
      ClientID: sandbox.other.ClientID,
      ClientSecret: 'x' + sandbox.demo.ClientSecret,
    });
    await expect(client.testConnection()).resolves.toEqual({
      ok: false,
      stage: 'client',
      message: 'Client ID or secret rejected by EasyCars',
    });
  });

  it('client stage even when a good token for the same ClientID is cached', async () => {
    const cache = new TokenCache();
    await sandboxClient(sandbox, sandbox.demo, { tokenCache: cache }).client.getAdvertisementStocks();
    const { client } = sandboxClient(
      sandbox,
      { ...sandbox.demo, ClientSecret: sandbox.other.ClientSecret },
      { tokenCache: cache }
    );
    expect(await client.testConnection()).toMatchObject({ ok: false, stage: 'client' });
  });

  it('account stage for a wrong account pair', async () => {
    const { client } = sandboxClient(sandbox, { ...sandbox.demo, AccountNumber: sandbox.other.AccountNumber });
    await expect(client.testConnection()).resolves.toEqual({
      ok: false,
      stage: 'account',
      message: 'Account number or secret rejected',
    });
  });

  it('timeout stage within the budget', async () => {
    await sb.fault({ endpoint: 'RequestToken', type: 'timeout', count: 5 });
    const { client } = sandboxClient(sandbox, sandbox.demo);
    const started = Date.now();
    const res = await client.testConnection({ budgetMs: 300 });
    expect(res).toEqual({ ok: false, stage: 'timeout', message: 'EasyCars did not answer in 0.3 s' });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('timeout stage when the data call hangs, total time within the budget', async () => {
    await sb.fault({ endpoint: 'SearchContacts', type: 'timeout', count: 5 });
    const { client } = sandboxClient(sandbox, sandbox.demo, { testConnectionBudgetMs: 400 });
    const started = Date.now();
    const res = await client.testConnection();
    expect(res).toMatchObject({ ok: false, stage: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('network stage for a closed port', async () => {
    const port = await closedPort();
    const { client } = sandboxClient(sandbox, sandbox.demo, { baseUrl: `http://127.0.0.1:${port}` });
    await expect(client.testConnection()).resolves.toEqual({
      ok: false,
      stage: 'network',
      message: `Could not reach EasyCars at 127.0.0.1:${port}`,
    });
  });
});

function leadInput(email: string): CreateLeadInput {
  return {
    VehicleMake: 'VOLVO',
    VehicleModel: 'XC60',
    VehiclePrice: 25000,
    VehicleType: 1,
    VehicleYear: 2019,
    IsVehicleNew: false,
    VehicleInterest: 1,
    Notes: 'Is it still available?',
    VehicleSourcePageURL: 'https://dealer.example/cars/12',
    FinanceStatus: 3,
    Rating: 2,
    ExternalID: `local-${email}`,
    LeadCustomer: { Name: 'Jane Citizen', Email: email, Mobile: '0400000000' },
  };
}

describe('lead round trip', () => {
  it('create, read (without and with LeadStatus), update, search', async () => {
    const { client } = sandboxClient(sandbox, sandbox.demo);
    const created = await client.createLead(leadInput('jane@example.com'));
    expect(created.LeadNumber).toMatch(/^0\d+$/);
    expect(created.CustomerNo).toMatch(/^0\d+$/);
    expect(created.warning).toBeUndefined();

    const detail = await client.getLeadDetail(created.LeadNumber);
    expect(detail).toMatchObject({
      LeadNumber: created.LeadNumber,
      CustomerNo: created.CustomerNo,
      VehicleMake: 'VOLVO',
      VehicleModel: 'XC60',
      VehicleYear: 2019,
      VehicleType: 1,
      IsVehicleNew: false,
      VehicleInterest: 1,
      VehiclePrice: 25000,
      ExternalID: 'local-jane@example.com',
      CustomerName: 'Jane Citizen',
      CustomerEmail: 'jane@example.com',
    });
    expect(detail.CreatedDateTime).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    expect('LeadStatus' in detail).toBe(false);

    await sb.settings({ leadStatusInDetail: true });
    expect((await client.getLeadDetail(created.LeadNumber)).LeadStatus).toBe(10);

    const updated = await client.updateLead({ LeadNumber: created.LeadNumber, LeadStatus: 30, Notes: 'Called back' });
    expect(updated).toEqual({ LeadNumber: created.LeadNumber, CustomerNo: created.CustomerNo });
    const after = await client.getLeadDetail(created.LeadNumber);
    expect(after.LeadStatus).toBe(30);
    expect(after.Notes).toBe('Called back');

    const found = await client.searchContacts({ Email: 'jane@example.com' });
    expect(found.contacts.map((c) => c.CustomerNo)).toContain(created.CustomerNo);
    const none = await client.searchContacts({ Email: 'connection-test@invalid.example' });
    expect(none.contacts).toEqual([]);

    // Reusing the customer by CustomerNo attaches the second lead to the same customer.
    const second = await client.createLead({
      ...leadInput('ignored@example.com'),
      LeadCustomer: { CustomerNo: created.CustomerNo },
    });
    expect(second.CustomerNo).toBe(created.CustomerNo);
    expect(second.LeadNumber).not.toBe(created.LeadNumber);

    const leads = await sb.leads<unknown[]>(sandbox.demo.AccountNumber);
    expect(JSON.stringify(leads)).toContain(created.LeadNumber);
  });

  it('rejected lead changes are ValidationErrors (Deleted never goes back)', async () => {
    const { client } = sandboxClient(sandbox, sandbox.demo);
    const created = await client.createLead(leadInput('gone@example.com'));
    await client.updateLead({ LeadNumber: created.LeadNumber, LeadStatus: 90 });
    const err = await client.updateLead({ LeadNumber: created.LeadNumber, LeadStatus: 10 }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.code).toBe(7);
    expect(await count('UpdateLead')).toBe(2);
  });

  it('a CreateLead missing required fields is a ValidationError, sent once', async () => {
    const { client } = sandboxClient(sandbox, sandbox.demo);
    const err = await client
      .createLead({ ...leadInput('x@example.com'), LeadCustomer: { Phone: '0400000000' } })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.vendorMessage).toBeTruthy();
    expect(await count('CreateLead')).toBe(1);
  });
});
