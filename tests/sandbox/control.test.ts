import type { StockItem } from '../../plugins/easycars/shared/easycars/stock-item';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { control, http, leadRequest, requestToken, vendor } from './helpers';

let sb: Sandbox;
let stockPath: string;

beforeAll(async () => {
  sb = await startSandbox({ port: 0, vehicles: 30, seed: 11 });
  stockPath = `/accounts/${sb.demo.AccountNumber}/stock`;
});

afterAll(async () => {
  await sb.close();
});

beforeEach(async () => {
  await control(sb, 'POST', '/reset');
});

async function vendorFeed(): Promise<unknown[]> {
  const res = await vendor(sb, 'StockService', 'GetAdvertisementStocks');
  expect(res.json.Code).toBe(0);
  return res.json.StockList;
}

async function stock(): Promise<StockItem[]> {
  return (await control(sb, 'GET', stockPath)).json;
}

test('health', async () => {
  const res = await control(sb, 'GET', '/health');
  expect(res.status).toBe(200);
  expect(res.json).toEqual({ ok: true });
});

test('accounts lists both accounts with their yards and sizes', async () => {
  const res = await control(sb, 'GET', '/accounts');
  expect(res.json.map((a: { AccountNumber: string }) => a.AccountNumber)).toEqual([
    sb.demo.AccountNumber,
    sb.other.AccountNumber,
  ]);
  expect(res.json[0]).toMatchObject({ name: 'demo', vehicles: 30, leads: 0, clients: ['demo', 'other'] });
  expect(res.json[1]).toMatchObject({ name: 'other', vehicles: 6, clients: ['other'] });
});

describe('stock', () => {
  test('GET answers the same feed as the vendor endpoint', async () => {
    expect(await stock()).toEqual(await vendorFeed());
  });

  test('PUT replaces the feed verbatim, malformed items included', async () => {
    const [good] = await stock();
    const items = [
      good,
      { ...good, StockNumber: 77, Price: '12,990', Make: null },
      { StockNumber: 'only-this' },
      { ...good, StockNumber: '500', Extra: 'unexpected member', ImageURLs: 'not a url' },
    ];
    const put = await control(sb, 'PUT', stockPath, items);
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ total: 4 });
    expect(await stock()).toEqual(items);
    expect(await vendorFeed()).toEqual(items);
    const yard = await vendor(sb, 'StockService', 'GetAdvertisementStocks', { YardCode: good.YardCode });
    expect(yard.json.StockList).toEqual(items.filter((i) => (i as { YardCode?: string }).YardCode === good.YardCode));
  });

  test('PUT needs an array and a known account', async () => {
    expect((await control(sb, 'PUT', stockPath, { not: 'an array' })).status).toBe(400);
    const bad = await http(`${sb.url}/__sandbox${stockPath}`, { method: 'PUT', body: '[{oops' });
    expect(bad.status).toBe(400);
    expect(typeof bad.json.error).toBe('string');
    const unknown = await control(sb, 'PUT', '/accounts/EC0/stock', []);
    expect(unknown.status).toBe(404);
    expect(typeof unknown.json.error).toBe('string');
    expect((await control(sb, 'GET', '/accounts/EC0/stock')).status).toBe(404);
  });

  test('mutate updates, removes, adds, generates and reprices', async () => {
    const before = await stock();
    const [first, second, third] = before;
    const added = { YardCode: '100', StockNumber: 'X1', Odd: true };
    const res = await control(sb, 'POST', `${stockPath}/mutate`, {
      update: [
        { StockNumber: first.StockNumber, YardCode: first.YardCode, changes: { Price: 12345, StockStatus: 'Sold' } },
      ],
      remove: [{ StockNumber: second.StockNumber, YardCode: second.YardCode }, { StockNumber: 'no-such' }],
      add: [added],
      generate: 3,
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ updated: 1, removed: 1, added: 4, total: before.length + 3 });
    const after = await stock();
    expect(after[0]).toEqual({ ...first, Price: 12345, StockStatus: 'Sold' });
    expect(Object.keys(after[0])).toEqual(Object.keys(first));
    expect(after.find((i) => i.StockNumber === second.StockNumber && i.YardCode === second.YardCode)).toBeUndefined();
    expect(after[1]).toEqual(third);
    expect(after[before.length - 1]).toEqual(added);
    const generated = after.slice(before.length);
    expect(generated).toHaveLength(3);
    const maxBefore = Math.max(...before.map((i) => Number(i.StockNumber)));
    for (const item of generated) {
      expect(Object.keys(item)).toHaveLength(72);
      expect(Number(item.StockNumber)).toBeGreaterThan(maxBefore);
    }
    expect(await vendorFeed()).toEqual(after);
  });

  test('changeShare reprices that share of the items, the same way after a reset', async () => {
    const before = await stock();
    const res = await control(sb, 'POST', `${stockPath}/mutate`, { changeShare: 0.5 });
    expect(res.json).toEqual({ updated: before.length / 2, removed: 0, added: 0, total: before.length });
    const after = await stock();
    const changed = after.filter((item, i) => item.Price !== before[i].Price);
    expect(changed).toHaveLength(before.length / 2);
    after.forEach((item, i) => expect({ ...item, Price: null }).toEqual({ ...before[i], Price: null }));

    await control(sb, 'POST', '/reset');
    await control(sb, 'POST', `${stockPath}/mutate`, { changeShare: 0.5 });
    expect(await stock()).toEqual(after);
  });

  test('mutate rejects bad input', async () => {
    for (const body of [
      [],
      { update: {} },
      { update: [{ changes: {} }] },
      { generate: -1 },
      { changeShare: 2 },
      { remove: [{}] },
    ]) {
      const res = await control(sb, 'POST', `${stockPath}/mutate`, body);
      expect(res.status).toBe(400);
      expect(typeof res.json.error).toBe('string');
    }
  });
});

describe('leads listing', () => {
  test('shows every lead of the account with lead source and history', async () => {
    const created = await vendor(
      sb,
      'LeadService',
      'CreateLead',
      leadRequest({ ExternalID: 'local-1', StockNumber: '42' })
    );
    const otherOnDemo = { ...sb.other, AccountNumber: sb.demo.AccountNumber, AccountSecret: sb.demo.AccountSecret };
    await vendor(sb, 'LeadService', 'CreateLead', leadRequest({ ExternalID: 'other-1' }), { creds: otherOnDemo });
    await vendor(sb, 'LeadService', 'UpdateLead', { LeadNumber: created.json.LeadNumber, LeadStatus: 50 });

    const res = await control(sb, 'GET', `/accounts/${sb.demo.AccountNumber}/leads`);
    expect(res.status).toBe(200);
    expect(res.json).toHaveLength(2);
    const [mine, theirs] = res.json;
    expect(mine).toMatchObject({
      LeadNumber: created.json.LeadNumber,
      CustomerNo: created.json.CustomerNo,
      LeadStatus: 50,
      ExternalID: 'local-1',
      StockNumber: '42',
      VehicleMake: 'TOYOTA',
      clientId: sb.demo.ClientID,
      leadSource: 'demo',
      LeadCustomer: { Name: 'Jane Citizen', Email: 'jane@example.com' },
    });
    expect(mine.history).toHaveLength(2);
    expect(mine.history[0]).toMatchObject({
      action: 'created',
      changes: { ExternalID: 'local-1', VehicleMake: 'TOYOTA' },
    });
    expect(mine.history[1]).toMatchObject({ action: 'updated', changes: { LeadStatus: { from: 10, to: 50 } } });
    expect(typeof mine.history[0].at).toBe('string');
    expect(theirs).toMatchObject({
      ExternalID: 'other-1',
      clientId: sb.other.ClientID,
      leadSource: 'other',
      LeadStatus: 10,
    });
    expect((await control(sb, 'GET', `/accounts/${sb.other.AccountNumber}/leads`)).json).toEqual([]);
  });
});

describe('changes made in EasyCars itself', () => {
  const leadsPath = () => `/accounts/${sb.demo.AccountNumber}/leads`;

  test('POST creates a lead under a lead source, readable by that source only', async () => {
    const created = await control(sb, 'POST', leadsPath(), {
      leadSource: 'demo',
      ...leadRequest({ Notes: 'walk-in' }),
    });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({ LeadNumber: '000001', CustomerNo: expect.any(String) });
    const detail = await vendor(sb, 'LeadService', 'GetLeadDetail', { LeadNumber: '000001' });
    expect(detail.json).toMatchObject({ Code: 0, Notes: 'walk-in', CustomerName: 'Jane Citizen' });
    const [listed] = (await control(sb, 'GET', leadsPath())).json;
    expect(listed).toMatchObject({ leadSource: 'demo', history: [{ action: 'created' }] });

    const bad = await control(sb, 'POST', leadsPath(), { leadSource: 'nobody', ...leadRequest() });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/leadSource/);
    const invalid = await control(sb, 'POST', leadsPath(), leadRequest({ VehicleMake: '' }));
    expect(invalid.status).toBe(400);
    expect(invalid.json.error).toBe('VehicleMake is required');
    const otherAccount = await control(sb, 'POST', `/accounts/${sb.other.AccountNumber}/leads`, {
      leadSource: 'demo',
      ...leadRequest(),
    });
    expect(otherAccount.status).toBe(400);
  });

  test('PATCH changes status, notes and customer fields as staff would, recorded in the history', async () => {
    const created = await vendor(sb, 'LeadService', 'CreateLead', leadRequest());
    const number = created.json.LeadNumber as string;
    const res = await control(sb, 'PATCH', `${leadsPath()}/${number}`, {
      LeadStatus: 30,
      Notes: 'Called back, wants a test drive',
      LeadCustomer: { Mobile: '0411 222 333', Name: 'Jane Q Citizen' },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ LeadNumber: number, CustomerNo: created.json.CustomerNo });

    const detail = await vendor(sb, 'LeadService', 'GetLeadDetail', { LeadNumber: number });
    expect(detail.json).toMatchObject({
      Notes: 'Called back, wants a test drive',
      CustomerMobile: '0411 222 333',
      CustomerName: 'Jane Q Citizen',
    });
    const [listed] = (await control(sb, 'GET', leadsPath())).json;
    expect(listed.LeadStatus).toBe(30);
    expect(listed.history[1]).toEqual({
      at: expect.any(String),
      action: 'staff-update',
      clientId: null,
      changes: {
        LeadStatus: { from: 10, to: 30 },
        Notes: { from: 'Is it still available?', to: 'Called back, wants a test drive' },
        'LeadCustomer.Name': { from: 'Jane Citizen', to: 'Jane Q Citizen' },
        'LeadCustomer.Mobile': { from: '0400 000 000', to: '0411 222 333' },
      },
    });
  });

  test('PATCH reaches the leads of any lead source, keeps the rules, and 404s an unknown lead', async () => {
    const otherOnDemo = { ...sb.other, AccountNumber: sb.demo.AccountNumber, AccountSecret: sb.demo.AccountSecret };
    const theirs = await vendor(sb, 'LeadService', 'CreateLead', leadRequest(), { creds: otherOnDemo });
    const ok = await control(sb, 'PATCH', `${leadsPath()}/${theirs.json.LeadNumber}`, { LeadStatus: 90 });
    expect(ok.status).toBe(200);
    const final = await control(sb, 'PATCH', `${leadsPath()}/${theirs.json.LeadNumber}`, { LeadStatus: 10 });
    expect(final.status).toBe(400);
    expect(final.json.error).toMatch(/LeadStatus 90 is final/);
    const immutable = await control(sb, 'PATCH', `${leadsPath()}/${theirs.json.LeadNumber}`, { VehicleMake: 'KIA' });
    expect(immutable.status).toBe(400);
    const badStatus = await control(sb, 'PATCH', `${leadsPath()}/${theirs.json.LeadNumber}`, { LeadStatus: 11 });
    expect(badStatus.status).toBe(400);
    expect(badStatus.json.error).toMatch(/LeadStatus/);
    expect((await control(sb, 'PATCH', `${leadsPath()}/999999`, { Notes: 'x' })).status).toBe(404);
    expect((await control(sb, 'PATCH', `${leadsPath()}/${theirs.json.LeadNumber}`, [1])).status).toBe(400);
  });
});

describe('settings', () => {
  test('GET and PUT leadStatusInDetail, rejecting anything else', async () => {
    expect((await control(sb, 'GET', '/settings')).json).toEqual({ leadStatusInDetail: false });
    expect((await control(sb, 'PUT', '/settings', { leadStatusInDetail: true })).json).toEqual({
      leadStatusInDetail: true,
    });
    expect((await control(sb, 'GET', '/settings')).json).toEqual({ leadStatusInDetail: true });
    expect((await control(sb, 'PUT', '/settings', { leadStatusInDetail: 'yes' })).status).toBe(400);
    expect((await control(sb, 'PUT', '/settings', { colour: 'red' })).status).toBe(400);
  });
});

describe('calls', () => {
  test('log vendor calls, filter by endpoint, and clear', async () => {
    await requestToken(sb, 'StockService');
    await vendor(sb, 'StockService', 'GetAdvertisementStocks');
    await vendor(sb, 'LeadService', 'SearchContacts', {});
    await control(sb, 'GET', '/health');
    const all = (await control(sb, 'GET', '/calls')).json;
    expect(all.map((c: { endpoint: string }) => c.endpoint)).toEqual([
      'RequestToken',
      'RequestToken',
      'GetAdvertisementStocks',
      'RequestToken',
      'SearchContacts',
    ]);
    expect(all[2]).toMatchObject({ service: 'StockService', httpStatus: 200, code: 0 });
    expect(all[4]).toMatchObject({ service: 'LeadService', httpStatus: 200, code: 7 });
    expect(all[2].faulted).toBeUndefined();
    expect(new Date(all[0].at).toString()).not.toBe('Invalid Date');
    expect((await control(sb, 'GET', '/calls?endpoint=RequestToken')).json).toHaveLength(3);
    expect((await control(sb, 'GET', '/calls?endpoint=LeadService/RequestToken')).json).toHaveLength(1);
    expect((await control(sb, 'DELETE', '/calls')).status).toBe(200);
    expect((await control(sb, 'GET', '/calls')).json).toEqual([]);
  });
});

describe('reset', () => {
  test('returns stock, leads, contacts, faults, settings, tokens and calls to the seeded start', async () => {
    const initial = await stock();
    const contacts = (await control(sb, 'GET', `/accounts/${sb.demo.AccountNumber}/contacts`)).json;
    const token = await requestToken(sb, 'StockService');
    await control(sb, 'PUT', stockPath, []);
    await vendor(sb, 'LeadService', 'CreateLead', leadRequest());
    await control(sb, 'POST', '/faults', { endpoint: 'CreateLead', type: 'http', status: 503, count: 5 });
    await control(sb, 'PUT', '/settings', { leadStatusInDetail: true });

    expect((await control(sb, 'POST', '/reset')).json).toEqual({ ok: true });
    expect(await stock()).toEqual(initial);
    expect((await control(sb, 'GET', `/accounts/${sb.demo.AccountNumber}/leads`)).json).toEqual([]);
    expect((await control(sb, 'GET', `/accounts/${sb.demo.AccountNumber}/contacts`)).json).toEqual(contacts);
    expect((await control(sb, 'GET', '/faults')).json).toEqual([]);
    expect((await control(sb, 'GET', '/settings')).json).toEqual({ leadStatusInDetail: false });
    expect((await control(sb, 'GET', '/calls')).json).toEqual([]);
    expect((await vendor(sb, 'StockService', 'GetAdvertisementStocks', {}, { token })).json.Code).toBe(1);
    const lead = await vendor(sb, 'LeadService', 'CreateLead', leadRequest());
    expect(lead.json.LeadNumber).toBe('000001');
  });
});

test('unknown control routes are 404 and wrong methods 405, with {error}', async () => {
  const unknown = await control(sb, 'GET', '/nope');
  expect(unknown.status).toBe(404);
  expect(typeof unknown.json.error).toBe('string');
  const method = await control(sb, 'DELETE', '/health');
  expect(method.status).toBe(405);
  expect(typeof method.json.error).toBe('string');
});
