/**
 * Where the EasyCars client may send credentials: EasyCars' own hosts over https, or an origin on
 * EASYCARS_ALLOWED_BASE_URLS. Internal addresses are refused at save (by the policy) and at call time, after DNS,
 * by the client's own sockets. Real HTTP servers on loopback; only the DNS answer is scripted where a public name
 * is needed.
 */
import http from 'http';
import net from 'net';
import type { AddressInfo } from 'net';
import {
  TokenCache,
  allowedOrigins,
  baseUrlProblem,
  createEasyCarsClient,
  fetchFor,
  isInternalAddress,
  type CallRecord,
} from '../../plugins/easycars/server/src/easycars';
import { tokenFor } from './fake-fetch';

const credentials = {
  clientId: 'cid-1234',
  clientSecret: 'client-secret-value',
  accountNumber: 'EC1234',
  accountSecret: 'account-secret-value',
};

/** A server that records every request it is sent and answers with `answer`. */
async function listener(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void = defaultAnswer) {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { seen, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())), server };
}

function defaultAnswer(req: http.IncomingMessage, res: http.ServerResponse) {
  res.setHeader('Content-Type', 'application/json');
  res.end(
    JSON.stringify(req.url?.includes('RequestToken') ? { Code: 0, Token: tokenFor() } : { Code: 0, StockList: [] })
  );
}

describe('internal addresses', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.9',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
  ])('%s is internal', (address) => expect(isInternalAddress(address)).toBe(true));
  it.each(['8.8.8.8', '203.0.113.7', '2606:4700::1111'])('%s is public', (address) =>
    expect(isInternalAddress(address)).toBe(false)
  );
});

describe('base URL policy', () => {
  const none = {};
  const sandbox = { EASYCARS_ALLOWED_BASE_URLS: 'http://127.0.0.1:4010, https://proxy.example.com' };

  it('allows EasyCars hosts over https without any list', () => {
    expect(baseUrlProblem('https://testmy.easycars.com.au', none)).toBeNull();
    expect(baseUrlProblem('https://my.easycars.net.au/', none)).toBeNull();
  });

  it('refuses EasyCars hosts over plain http, and other public hosts', () => {
    expect(baseUrlProblem('http://testmy.easycars.com.au', none)).toMatch(/must be an EasyCars host/);
    expect(baseUrlProblem('https://evil.example.com', none)).toMatch(/EASYCARS_ALLOWED_BASE_URLS/);
  });

  it.each([
    'http://169.254.169.254/latest/meta-data',
    'http://127.0.0.1:6379',
    'http://10.0.0.5',
    'http://[::1]:8080',
    'http://[fd12::1]',
    'http://localhost:4010',
  ])('refuses %s, saying how to allow it', (url) => {
    expect(baseUrlProblem(url, none)).toMatch(
      /loopback or private address: list its origin \(.+\) in EASYCARS_ALLOWED_BASE_URLS/
    );
  });

  it('allows exactly the listed origins', () => {
    expect(baseUrlProblem('http://127.0.0.1:4010', sandbox)).toBeNull();
    expect(baseUrlProblem('http://127.0.0.1:4010/some/path', sandbox)).toBeNull();
    expect(baseUrlProblem('https://proxy.example.com', sandbox)).toBeNull();
    expect(baseUrlProblem('http://127.0.0.1:4011', sandbox)).not.toBeNull();
    expect(baseUrlProblem('https://127.0.0.1:4010', sandbox)).not.toBeNull();
  });

  it('names a malformed list entry', () => {
    expect(() => allowedOrigins({ EASYCARS_ALLOWED_BASE_URLS: 'http://127.0.0.1:4010,ftp://x' })).toThrow(
      /"ftp:\/\/x" is not an http\(s\) origin/
    );
  });
});

describe('the client refuses internal addresses at call time', () => {
  const saved = process.env.EASYCARS_ALLOWED_BASE_URLS;
  afterEach(() => {
    process.env.EASYCARS_ALLOWED_BASE_URLS = saved;
  });

  it('never opens a socket to a name that resolves to loopback, unless its origin is listed', async () => {
    const target = await listener();
    try {
      process.env.EASYCARS_ALLOWED_BASE_URLS = '';
      const client = createEasyCarsClient({
        environment: 'test',
        baseUrl: `http://localhost:${target.port}`,
        credentials,
        tokenCache: new TokenCache(),
      });
      const outcome = await client.testConnection({ budgetMs: 3000 });
      expect(outcome).toMatchObject({ ok: false, stage: 'network' });
      expect(target.seen).toEqual([]);

      process.env.EASYCARS_ALLOWED_BASE_URLS = `http://localhost:${target.port}`;
      const listed = createEasyCarsClient({
        environment: 'test',
        baseUrl: `http://localhost:${target.port}`,
        credentials,
        tokenCache: new TokenCache(),
      });
      await listed.requestToken('StockService');
      expect(target.seen).toHaveLength(1);
    } finally {
      await target.close();
    }
  });

  it('refuses a public-looking name whose DNS answer is a private address, and says why', async () => {
    const records: CallRecord[] = [];
    const client = createEasyCarsClient({
      environment: 'test',
      baseUrl: 'https://testmy.easycars.com.au',
      credentials,
      tokenCache: new TokenCache(),
      retry: { attempts: 1 },
      fetch: fetchFor('https://testmy.easycars.com.au', {
        env: {},
        resolve: (_host, cb) => cb(null, [{ address: '10.20.30.40', family: 4 }]),
      }),
      onCall: (r) => records.push(r),
    });
    await expect(client.requestToken('StockService')).rejects.toMatchObject({
      kind: 'network',
      causeCode: 'EASYCARS_INTERNAL_ADDRESS',
    });
    expect(records[0].errorMessage).toContain('EASYCARS_INTERNAL_ADDRESS');
    expect(JSON.stringify(records)).not.toContain(credentials.clientSecret);
  });

  it('refuses an IP literal outright (it is never looked up)', async () => {
    const fetch = fetchFor('http://169.254.169.254', { env: {} });
    await expect(fetch('http://169.254.169.254/latest/meta-data', { method: 'POST' })).rejects.toThrow(
      /loopback or private address/
    );
  });
});

describe('redirects', () => {
  it('are never followed over a real socket: the credentials stay with the origin they were entered for', async () => {
    const elsewhere = await listener();
    const origin = await listener((req, res) => {
      res.writeHead(307, { Location: `http://127.0.0.1:${elsewhere.port}${req.url}` });
      res.end();
    });
    const records: CallRecord[] = [];
    try {
      const base = `http://127.0.0.1:${origin.port}`;
      const client = createEasyCarsClient({
        environment: 'test',
        baseUrl: base,
        credentials,
        tokenCache: new TokenCache(),
        retry: { attempts: 1 },
        fetch: fetchFor(base, { env: { EASYCARS_ALLOWED_BASE_URLS: base } }),
        onCall: (r) => records.push(r),
      });
      await expect(client.requestToken('StockService')).rejects.toBeDefined();
      expect(records.map((r) => r.httpStatus)).toEqual([307]);
      expect([origin.seen.length, elsewhere.seen]).toEqual([1, []]);
    } finally {
      await Promise.all([origin.close(), elsewhere.close()]);
    }
  });
});

describe('answers that are not JSON', () => {
  it('are logged as status, content type, size and at most 200 characters', async () => {
    const page = `<html><body>${'internal metadata '.repeat(300)}</body></html>`;
    const target = await listener((req, res) => {
      if (req.url?.includes('RequestToken')) return defaultAnswer(req, res);
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(page);
    });
    const records: CallRecord[] = [];
    try {
      const client = createEasyCarsClient({
        environment: 'test',
        baseUrl: `http://127.0.0.1:${target.port}`,
        credentials,
        tokenCache: new TokenCache(),
        retry: { attempts: 1 },
        fetch: (url, init) => fetch(url, init),
        onCall: (r) => records.push(r),
      });
      await expect(client.getAdvertisementStocks()).rejects.toMatchObject({ kind: 'malformed' });
      const logged = records.find((r) => r.endpoint === 'GetAdvertisementStocks')!.responseBody!;
      expect(logged).toMatch(/^\[not JSON: HTTP 200, text\/html; charset=utf-8, \d+ bytes\] <html><body>internal/);
      expect(logged.length).toBeLessThan(300);
      expect(logged).not.toContain(page.slice(0, 1000));
    } finally {
      await target.close();
    }
  });
});

describe('a kept-alive socket closed by EasyCars before it answers', () => {
  /** Answers on kept-alive sockets, but closes the socket on the requests numbered in `dropAt` without a byte. */
  async function closingServer(dropAt: number[]) {
    const seen: string[] = [];
    const server = net.createServer((socket) => {
      socket.on('data', (chunk) => {
        seen.push(chunk.toString().split(' ')[1] ?? '');
        if (dropAt.includes(seen.length)) return void socket.destroy();
        const token = seen[seen.length - 1].includes('RequestToken');
        const body = JSON.stringify(
          token ? { Code: 0, Token: tokenFor() } : { Code: 0, StockList: [], LeadNumber: '000001', CustomerNo: 'C1' }
        );
        socket.write(
          `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: keep-alive\r\n\r\n${body}`
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  const clientOf = (url: string) =>
    createEasyCarsClient({
      environment: 'test',
      baseUrl: url,
      credentials,
      tokenCache: new TokenCache(),
      // no transient retries at all: only the reconnect may repeat the call
      retry: { attempts: 1 },
      fetch: (target, init) => fetch(target, init),
    });

  it('repeats an idempotent call once on a fresh socket, without using up an attempt', async () => {
    const server = await closingServer([2]);
    try {
      const answer = await clientOf(server.url).getAdvertisementStocks();
      expect(answer.items).toEqual([]);
      expect(server.seen.filter((u) => u.includes('GetAdvertisementStocks'))).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('does not repeat CreateLead, which EasyCars may have processed', async () => {
    const server = await closingServer([2]);
    try {
      const client = clientOf(server.url);
      await expect(client.createLead({ LeadCustomer: { Email: 'a@example.com' } } as never)).rejects.toMatchObject({
        kind: 'network',
      });
      expect(server.seen.filter((u) => u.includes('CreateLead'))).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
