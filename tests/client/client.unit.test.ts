import {
  AuthenticationError,
  CallRecord,
  HttpError,
  MalformedResponseError,
  NetworkError,
  SystemError,
  TimeoutError,
  TokenCache,
  ValidationError,
  backoffDelay,
  createEasyCarsClient,
  parseRetryAfter,
  type EasyCarsClientOptions,
} from '../../plugins/easycars/server/src/easycars';
import { createHash } from 'crypto';
import { fakeFetch, type Scripted } from './fake-fetch';

const credentials = {
  clientId: '11111111-2222-3333-4444-555566667777',
  clientSecret: '99999999-8888-7777-6666-555544443333',
  accountNumber: 'EC103815',
  accountSecret: 'aaaaaaaa-bbbb-cccc-dddd-eeeeffff0000',
};

function setup(script: Record<string, Scripted[]>, extra: Partial<EasyCarsClientOptions> = {}) {
  const fake = fakeFetch(script);
  const records: CallRecord[] = [];
  const delays: number[] = [];
  const client = createEasyCarsClient({
    environment: 'test',
    credentials,
    fetch: fake.fetch,
    tokenCache: new TokenCache(),
    retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 1000 },
    onCall: (r) => records.push(r),
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...extra,
  });
  return { client, fake, records, delays };
}

const ok = (json: object): Scripted => ({ json: { ...json, Code: 0, ErrorMessage: null } });

describe('request format', () => {
  it('sends the client pair only in the RequestToken query, the account pair only in data bodies', async () => {
    const { client, fake } = setup({ GetAdvertisementStocks: [ok({ StockList: [] })] }, { yardCode: '100' });
    await client.getAdvertisementStocks();
    const [tokenReq, dataReq] = fake.seen;
    expect(tokenReq.url).toBe(
      `https://testmy.easycars.com.au/TestECService/StockService/RequestToken?ClientID=${credentials.clientId}&ClientSecret=${credentials.clientSecret}`
    );
    expect(tokenReq.method).toBe('POST');
    expect(tokenReq.body).toBeUndefined();
    expect(dataReq.url).toBe('https://testmy.easycars.com.au/TestECService/StockService/GetAdvertisementStocks');
    expect(JSON.parse(dataReq.body!)).toEqual({
      AccountNumber: credentials.accountNumber,
      AccountSecret: credentials.accountSecret,
      YardCode: '100',
    });
    expect(dataReq.body).not.toContain(credentials.clientSecret);
    expect(dataReq.headers['content-type']).toBe('application/json');
    expect(dataReq.headers.authorization).toMatch(/^Bearer eyJ/);
  });

  it('uses the production prefix and a base URL override', async () => {
    const { client, fake } = setup(
      { GetAdvertisementStocks: [ok({ StockList: [] })] },
      { environment: 'production', baseUrl: 'http://127.0.0.1:9/' }
    );
    expect(client.root).toBe('http://127.0.0.1:9/ECService');
    await client.getAdvertisementStocks({ yardCode: '200' });
    expect(fake.seen[1].url).toBe('http://127.0.0.1:9/ECService/StockService/GetAdvertisementStocks');
    expect(JSON.parse(fake.seen[1].body!).YardCode).toBe('200');
  });

  it('rejects base URLs with credentials or a query', () => {
    expect(() => createEasyCarsClient({ environment: 'test', credentials, baseUrl: 'http://u:p@h/' })).toThrow(
      TypeError
    );
    expect(() => createEasyCarsClient({ environment: 'test', credentials, baseUrl: 'nope' })).toThrow(TypeError);
  });
});

describe('answers', () => {
  it('treats a missing Code as success and a string Code as a number', async () => {
    const { client } = setup({ GetAdvertisementStocks: [{ json: { StockList: [{ StockNumber: '1' }] } }] });
    await expect(client.getAdvertisementStocks()).resolves.toMatchObject({
      items: [{ StockNumber: '1' }],
      unchanged: false,
    });
    const second = setup({ GetAdvertisementStocks: [{ json: { StockList: [], Code: '5', ErrorMessage: 'careful' } }] });
    await expect(second.client.getAdvertisementStocks()).resolves.toMatchObject({ items: [], warning: 'careful' });
  });

  it('keeps the feed as sent whatever length the answer declares (none, exact, too short, too long)', async () => {
    const body = JSON.stringify({ StockList: [{ StockNumber: 'A1', Price: 1 }, { StockNumber: 'B2' }], Code: 0 });
    const sha256 = createHash('sha256').update(body).digest('hex');
    const length = Buffer.byteLength(body);
    for (const declared of [undefined, length, 10, length + 1000]) {
      const headers = declared === undefined ? undefined : { 'content-length': String(declared) };
      const { client } = setup({ GetAdvertisementStocks: [{ text: body, headers }] });
      const feed = await client.getAdvertisementStocks();
      expect([declared, feed.feedHash, feed.items]).toEqual([
        declared,
        sha256,
        [{ StockNumber: 'A1', Price: 1 }, { StockNumber: 'B2' }],
      ]);
    }
  });

  it('rejects a StockList that is not an array, after retrying', async () => {
    const { client, fake } = setup({ GetAdvertisementStocks: [ok({ StockList: { a: 1 } })] });
    await expect(client.getAdvertisementStocks()).rejects.toBeInstanceOf(MalformedResponseError);
    expect(fake.count('GetAdvertisementStocks')).toBe(4);
  });

  it('rejects lead answers with numeric LeadNumber', async () => {
    const { client } = setup({ UpdateLead: [ok({ LeadNumber: 17, CustomerNo: '00004' })] }, { retry: { attempts: 1 } });
    const err = await client.updateLead({ LeadNumber: '000017', Notes: 'x' }).catch((e) => e);
    expect(err).toBeInstanceOf(MalformedResponseError);
    expect(err.message).toContain('LeadNumber');
  });

  it('maps an undocumented non-zero code to a non-retryable SystemError', async () => {
    const { client, fake } = setup({ SearchContacts: [{ json: { Code: 3, ErrorMessage: 'odd' } }] });
    const err = await client.searchContacts({ Email: 'a@b.c' }).catch((e) => e);
    expect(err).toBeInstanceOf(SystemError);
    expect(err.retryable).toBe(false);
    expect(fake.count('SearchContacts')).toBe(1);
  });

  it('treats Code 7 with HTTP 400 as ValidationError, other 4xx as non-retryable HttpError', async () => {
    const a = setup({ CreateLead: [{ status: 400, json: { Code: 7, ErrorMessage: 'VehicleMake is required' } }] });
    const e1 = await a.client.createLead({} as never).catch((e) => e);
    expect(e1).toBeInstanceOf(ValidationError);
    expect(e1.vendorMessage).toBe('VehicleMake is required');
    const b = setup({ SearchContacts: [{ status: 404, text: 'Not Found' }] });
    const e2 = await b.client.searchContacts({ Email: 'x@y.z' }).catch((e) => e);
    expect(e2).toBeInstanceOf(HttpError);
    expect(e2.retryable).toBe(false);
    expect(b.fake.count('SearchContacts')).toBe(1);
  });

  it('does not follow redirects', async () => {
    const { client, fake } = setup({ SearchContacts: [{ status: 302, headers: { location: 'http://elsewhere/' } }] });
    await expect(client.searchContacts({ Email: 'x@y.z' })).rejects.toBeInstanceOf(HttpError);
    expect(fake.count('SearchContacts')).toBe(1);
  });
});

describe('authentication', () => {
  it('renews once on HTTP 401 and succeeds', async () => {
    const { client, fake } = setup({ GetAdvertisementStocks: [{ status: 401, text: '' }, ok({ StockList: [] })] });
    await expect(client.getAdvertisementStocks()).resolves.toMatchObject({ items: [], unchanged: false });
    expect(fake.count('RequestToken')).toBe(2);
    const tokensUsed = fake.seen
      .filter((s) => s.endpoint === 'GetAdvertisementStocks')
      .map((s) => s.headers.authorization);
    expect(tokensUsed[0]).not.toBe(tokensUsed[1]);
  });

  it('HTTP 401 on RequestToken is stage token', async () => {
    const { client } = setup({ RequestToken: [{ status: 401, text: '' }] });
    const err = await client.requestToken('LeadService').catch((e) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.stage).toBe('token');
  });

  it('a RequestToken answer without Token is malformed', async () => {
    const { client } = setup({ RequestToken: [ok({ Token: '' })] }, { retry: { attempts: 2, baseDelayMs: 1 } });
    await expect(client.requestToken('StockService')).rejects.toBeInstanceOf(MalformedResponseError);
  });
});

describe('retries', () => {
  it('honours Retry-After within maxDelayMs, and gives up at once beyond it', async () => {
    const a = setup({
      GetAdvertisementStocks: [{ status: 429, headers: { 'retry-after': '1' } }, ok({ StockList: [] })],
    });
    await a.client.getAdvertisementStocks();
    expect(a.delays).toEqual([1000]);

    const b = setup({ GetAdvertisementStocks: [{ status: 429, headers: { 'retry-after': '120' } }] });
    const err = await b.client.getAdvertisementStocks().catch((e) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err.retryAfterMs).toBe(120_000);
    expect(err.retryable).toBe(true);
    expect(b.fake.count('GetAdvertisementStocks')).toBe(1);
    expect(b.delays).toEqual([]);
  });

  it('backs off exponentially with full jitter, capped', () => {
    const policy = { baseDelayMs: 500, maxDelayMs: 10_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy, () => 0.999999))).toEqual([
      499, 999, 1999, 3999, 7999, 9999,
    ]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });

  it('parses Retry-After seconds and dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it('does not repeat CreateLead when EasyCars may have created the lead', async () => {
    for (const step of [
      { throw: Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }) },
      { status: 500, text: 'oops' },
      { json: { Code: 9, ErrorMessage: 'db' } },
      { text: '<html>' },
    ] as Scripted[]) {
      const { client, fake } = setup({ CreateLead: [step, ok({ LeadNumber: '000001', CustomerNo: '00001' })] });
      const err = await client.createLead({} as never).catch((e) => e);
      expect(err.maybeProcessed).toBe(true);
      expect(fake.count('CreateLead')).toBe(1);
    }
  });

  it('does repeat CreateLead when it surely was not processed (refused connection, 503, 429)', async () => {
    for (const step of [
      { throw: Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }) },
      { status: 503, text: '' },
      { status: 429, text: '' },
    ] as Scripted[]) {
      const { client, fake } = setup({ CreateLead: [step, ok({ LeadNumber: '000001', CustomerNo: '00001' })] });
      await expect(client.createLead({} as never)).resolves.toEqual({ LeadNumber: '000001', CustomerNo: '00001' });
      expect(fake.count('CreateLead')).toBe(2);
    }
  });

  it('times out an attempt that never answers, then retries it', async () => {
    const { client, fake } = setup(
      { SearchContacts: [{ hang: true }] },
      { timeoutMs: 30, retry: { attempts: 2, baseDelayMs: 1 } }
    );
    const err = await client.searchContacts({ Email: 'x@y.z' }).catch((e) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.timeoutMs).toBe(30);
    expect(fake.count('SearchContacts')).toBe(2);
  });

  it('classifies socket errors as NetworkError with the cause code, host only', async () => {
    const { client } = setup(
      { RequestToken: [{ throw: Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } }) }] },
      { retry: { attempts: 1 } }
    );
    const err = await client.requestToken('StockService').catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toBe(
      'Could not reach EasyCars at testmy.easycars.com.au for StockService/RequestToken (ENOTFOUND)'
    );
  });
});

describe('call records', () => {
  it('reports every attempt, redacted, and survives a throwing onCall', async () => {
    const { client, records } = setup({
      GetAdvertisementStocks: [{ status: 503, text: '' }, ok({ StockList: [] })],
    });
    const c2 = createEasyCarsClient({
      environment: 'test',
      credentials,
      fetch: fakeFetch({ SearchContacts: [ok({ Contacts: [] })] }).fetch,
      tokenCache: new TokenCache(),
      onCall: () => {
        throw new Error('logger down');
      },
    });
    await expect(c2.searchContacts({ Email: 'x@y.z' })).resolves.toEqual({ contacts: [] });

    await client.getAdvertisementStocks();
    expect(records.map((r) => [r.endpoint, r.attempt, r.httpStatus, r.ok, r.errorKind])).toEqual([
      ['RequestToken', 1, 200, true, undefined],
      ['GetAdvertisementStocks', 1, 503, false, 'http'],
      ['GetAdvertisementStocks', 2, 200, true, undefined],
    ]);
    expect(records[0].url).toContain('ClientSecret=[redacted]');
    expect(records[0].url).toContain('ClientID=••••7777');
    expect(records[0].responseBody).toBe('{"Token":"[redacted]","Code":0,"ErrorMessage":null}');
    expect(records[1].requestBody).toBe('{"AccountNumber":"••••3815","AccountSecret":"[redacted]"}');
    expect(records[2].code).toBe(0);
    expect(new Date(records[0].startedAt).toISOString()).toBe(records[0].startedAt);
    const raw = JSON.stringify(records);
    for (const secret of Object.values(credentials)) expect(raw).not.toContain(secret);
    expect(raw).not.toMatch(/eyJ/);
  });

  it('scrubs secrets echoed in vendor messages from errors and records', async () => {
    const { client, records } = setup({
      SearchContacts: [
        {
          json: {
            Code: 7,
            ErrorMessage: `Account ${credentials.accountNumber} secret ${credentials.accountSecret} invalid`,
          },
        },
      ],
    });
    const err = await client.searchContacts({ Email: 'x@y.z' }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).not.toContain(credentials.accountSecret);
    expect(err.message).not.toContain(credentials.accountNumber);
    expect(err.message).toContain('••••3815');
    expect(JSON.stringify(records)).not.toContain(credentials.accountSecret);
  });
});

describe('testConnection (scripted)', () => {
  it('maps Code 7 on the data call to the account stage', async () => {
    const { client } = setup({ SearchContacts: [{ json: { Code: 7, ErrorMessage: 'Invalid account' } }] });
    await expect(client.testConnection()).resolves.toEqual({
      ok: false,
      stage: 'account',
      message: 'Account number or secret rejected',
    });
  });
  it('reports other failures as unexpected, without secrets', async () => {
    const { client } = setup({ SearchContacts: [{ status: 500, text: credentials.accountSecret }] });
    const res = await client.testConnection();
    expect(res).toEqual({ ok: false, stage: 'unexpected', message: expect.stringContaining('HTTP 500') });
    expect(JSON.stringify(res)).not.toContain(credentials.accountSecret);
  });
  it('fetches fresh tokens even when the shared cache holds one', async () => {
    const cache = new TokenCache();
    const { client, fake } = setup({ SearchContacts: [ok({ Contacts: [] })] }, { tokenCache: cache });
    await client.requestToken('StockService');
    await client.requestToken('LeadService');
    expect(fake.count('RequestToken')).toBe(2);
    const res = await client.testConnection();
    expect(res.ok).toBe(true);
    expect(fake.count('RequestToken')).toBe(4);
  });
});

describe('testConnection budget', () => {
  afterEach(() => jest.useRealTimers());

  it('fails with "EasyCars did not answer in 10 s" after the default 10 s budget', async () => {
    jest.useFakeTimers();
    const { client, fake } = setup({ RequestToken: [{ hang: true }] }, { sleep: undefined });
    const pending = client.testConnection();
    await jest.advanceTimersByTimeAsync(9_999);
    let settled = false;
    void pending.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(10);
    await expect(pending).resolves.toEqual({ ok: false, stage: 'timeout', message: 'EasyCars did not answer in 10 s' });
    // No second attempt: the budget was spent.
    expect(fake.count('RequestToken')).toBe(1);
  });
});
