import { startSandbox, type Sandbox } from '../../sandbox/server';
import { control, leadRequest, requestToken, vendor } from './helpers';

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ port: 0, vehicles: 20, seed: 5 });
});

afterAll(async () => {
  await sb.close();
});

const create = (body: Record<string, unknown>, creds = sb.demo) =>
  vendor(sb, 'LeadService', 'CreateLead', body, { creds });
const update = (body: Record<string, unknown>, creds = sb.demo) =>
  vendor(sb, 'LeadService', 'UpdateLead', body, { creds });
const detail = (LeadNumber: string, creds = sb.demo) =>
  vendor(sb, 'LeadService', 'GetLeadDetail', { LeadNumber }, { creds });
const search = (body: Record<string, unknown>, creds = sb.demo) =>
  vendor(sb, 'LeadService', 'SearchContacts', body, { creds });

async function createOk(
  overrides: Record<string, unknown> = {},
  creds = sb.demo
): Promise<{ LeadNumber: string; CustomerNo: string }> {
  const res = await create(leadRequest(overrides), creds);
  expect(res.json).toMatchObject({ Code: 0, ErrorMessage: null });
  return res.json;
}

const DETAIL_KEYS = [
  'LeadNumber',
  'StockNumber',
  'VehicleMake',
  'VehicleModel',
  'VehiclePrice',
  'VehicleType',
  'VehicleYear',
  'IsVehicleNew',
  'VehicleInterest',
  'Notes',
  'VehicleSourcePageURL',
  'FinanceStatus',
  'Rating',
  'ExternalID',
  'CreatedDateTime',
  'CustomerNo',
  'CustomerName',
  'CustomerEmail',
  'CustomerAddress',
  'CustomerCity',
  'CustomerState',
  'CustomerPostCode',
  'CustomerFax',
  'CustomerPhone',
  'CustomerMobile',
];

describe('CreateLead', () => {
  beforeAll(async () => {
    await control(sb, 'POST', '/reset');
  });

  test('answers zero-padded numbers, creating a customer after the seeded ones', async () => {
    const res = await create(leadRequest());
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ LeadNumber: '000001', CustomerNo: '00005', Code: 0, ErrorMessage: null });
    const second = await createOk();
    expect(second).toMatchObject({ LeadNumber: '000002', CustomerNo: '00006' });
  });

  test.each([
    'VehicleMake',
    'VehicleModel',
    'VehicleType',
    'VehicleYear',
    'IsVehicleNew',
    'VehicleInterest',
    'LeadCustomer',
  ])('requires %s', async (field) => {
    const body = leadRequest();
    delete body[field];
    const res = await create(body);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ Code: 7, ErrorMessage: `${field} is required` });
  });

  test('requires the account pair in the body', async () => {
    const token = await requestToken(sb, 'LeadService');
    const res = await vendor(sb, 'LeadService', 'CreateLead', leadRequest(), { token, noAccount: true });
    expect(res.json).toEqual({ Code: 7, ErrorMessage: 'AccountNumber is required' });
  });

  const LIMITS: [string, number][] = [
    ['VehicleMake', 100],
    ['VehicleModel', 50],
    ['StockNumber', 20],
    ['VehicleSourcePageURL', 400],
    ['ExternalID', 50],
  ];
  test.each(LIMITS)('limits %s to %i characters', async (field, max) => {
    expect((await create(leadRequest({ [field]: 'x'.repeat(max) }))).json.Code).toBe(0);
    const res = await create(leadRequest({ [field]: 'x'.repeat(max + 1) }));
    expect(res.json).toEqual({ Code: 7, ErrorMessage: `${field} exceeds ${max} characters` });
  });

  const CUSTOMER_LIMITS: [string, number][] = [
    ['Name', 100],
    ['Email', 100],
    ['Address', 200],
    ['City', 50],
    ['PostCode', 10],
    ['Fax', 20],
    ['Phone', 20],
    ['Mobile', 20],
    ['State', 20],
  ];
  test.each(CUSTOMER_LIMITS)('limits LeadCustomer.%s to %i characters', async (field, max) => {
    const customer = { Name: 'Sam', Email: 'sam@example.com' };
    expect((await create(leadRequest({ LeadCustomer: { ...customer, [field]: 'x'.repeat(max) } }))).json.Code).toBe(0);
    const res = await create(leadRequest({ LeadCustomer: { ...customer, [field]: 'x'.repeat(max + 1) } }));
    expect(res.json).toEqual({ Code: 7, ErrorMessage: `LeadCustomer.${field} exceeds ${max} characters` });
  });

  test('limits LeadCustomer.CustomerNo to 20 characters', async () => {
    const res = await create(leadRequest({ LeadCustomer: { CustomerNo: '1'.repeat(21) } }));
    expect(res.json).toEqual({ Code: 7, ErrorMessage: 'LeadCustomer.CustomerNo exceeds 20 characters' });
  });

  test.each([
    ['VehicleType', 0],
    ['VehicleType', 7],
    ['VehicleInterest', 6],
    ['FinanceStatus', 4],
    ['Rating', 0],
    ['VehicleYear', 1800],
    ['IsVehicleNew', 'yes'],
    ['VehiclePrice', 'cheap'],
  ])('rejects %s = %p', async (field, value) => {
    const res = await create(leadRequest({ [field]: value }));
    expect(res.json.Code).toBe(7);
    expect(res.json.ErrorMessage).toContain(field);
  });

  test('needs CustomerNo or both Name and Email', async () => {
    const neither = await create(leadRequest({ LeadCustomer: { Phone: '02 9999 0000' } }));
    expect(neither.json.Code).toBe(7);
    expect(neither.json.ErrorMessage).toMatch(/CustomerNo.*Name.*Email/);
    const nameOnly = await create(leadRequest({ LeadCustomer: { Name: 'No Email' } }));
    expect(nameOnly.json).toEqual({ Code: 7, ErrorMessage: 'LeadCustomer.Email is required' });
    const emailOnly = await create(leadRequest({ LeadCustomer: { Email: 'no.name@example.com' } }));
    expect(emailOnly.json).toEqual({ Code: 7, ErrorMessage: 'LeadCustomer.Name is required' });
  });

  test('attaches to an existing CustomerNo without creating a customer', async () => {
    const before = (await control(sb, 'GET', `/accounts/${sb.demo.AccountNumber}/contacts`)).json.length;
    const res = await createOk({ LeadCustomer: { CustomerNo: '00002' } });
    expect(res.CustomerNo).toBe('00002');
    expect((await control(sb, 'GET', `/accounts/${sb.demo.AccountNumber}/contacts`)).json.length).toBe(before);
  });

  test('rejects an unknown CustomerNo', async () => {
    const res = await create(leadRequest({ LeadCustomer: { CustomerNo: '99999' } }));
    expect(res.json.Code).toBe(7);
    expect(res.json.ErrorMessage).toMatch(/CustomerNo.*not found/);
  });
});

describe('GetLeadDetail', () => {
  test('answers the documented flat members, without LeadStatus by default', async () => {
    const created = await createOk({
      StockNumber: '123',
      ExternalID: 'web-42',
      FinanceStatus: 3,
      Rating: 2,
      VehicleSourcePageURL: 'https://dealer.example/cars/123',
      LeadCustomer: {
        Name: 'Alex Doe',
        Email: 'alex@example.com',
        Phone: '02 9000 1111',
        City: 'Parramatta',
        State: 'NSW',
      },
    });
    const res = await detail(created.LeadNumber);
    expect(Object.keys(res.json)).toEqual([...DETAIL_KEYS, 'Code', 'ErrorMessage']);
    expect(res.json).toMatchObject({
      LeadNumber: created.LeadNumber,
      StockNumber: '123',
      VehicleMake: 'TOYOTA',
      VehicleModel: 'HILUX',
      VehiclePrice: 45990,
      VehicleType: 1,
      VehicleYear: 2022,
      IsVehicleNew: false,
      VehicleInterest: 1,
      Notes: 'Is it still available?',
      VehicleSourcePageURL: 'https://dealer.example/cars/123',
      FinanceStatus: 3,
      Rating: 2,
      ExternalID: 'web-42',
      CustomerNo: created.CustomerNo,
      CustomerName: 'Alex Doe',
      CustomerEmail: 'alex@example.com',
      CustomerPhone: '02 9000 1111',
      CustomerCity: 'Parramatta',
      CustomerState: 'NSW',
      Code: 0,
      ErrorMessage: null,
    });
    expect(res.json.LeadStatus).toBeUndefined();
  });

  test('prints CreatedDateTime as dd/MM/yyyy HH:mm:ss in Sydney time', async () => {
    const created = await createOk();
    const res = await detail(created.LeadNumber);
    expect(res.json.CreatedDateTime).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    const lead = (await control(sb, 'GET', `/accounts/${sb.demo.AccountNumber}/leads`)).json.find(
      (l: { LeadNumber: string }) => l.LeadNumber === created.LeadNumber
    );
    const parts = new Intl.DateTimeFormat('en-AU', {
      timeZone: 'Australia/Sydney',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(lead.createdAt));
    const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
    expect(res.json.CreatedDateTime).toBe(`${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}:${p.second}`);
  });

  test('includes LeadStatus when the switch is on', async () => {
    const created = await createOk();
    await control(sb, 'PUT', '/settings', { leadStatusInDetail: true });
    try {
      const res = await detail(created.LeadNumber);
      expect(res.json.LeadStatus).toBe(10);
      expect(Object.keys(res.json)).toEqual([...DETAIL_KEYS, 'LeadStatus', 'Code', 'ErrorMessage']);
    } finally {
      await control(sb, 'PUT', '/settings', { leadStatusInDetail: false });
    }
  });

  test('the startSandbox option turns the switch on from the start', async () => {
    const withStatus = await startSandbox({ port: 0, vehicles: 1, leadStatusInDetail: true });
    try {
      const res = await vendor(withStatus, 'LeadService', 'CreateLead', leadRequest());
      const got = await vendor(withStatus, 'LeadService', 'GetLeadDetail', { LeadNumber: res.json.LeadNumber });
      expect(got.json.LeadStatus).toBe(10);
    } finally {
      await withStatus.close();
    }
  });

  test('refuses unknown leads and leads of another lead source', async () => {
    expect((await detail('999999')).json).toEqual({ Code: 7, ErrorMessage: 'Lead not found.' });
    const created = await createOk();
    // the other client may use the demo account, but only reads its own leads there
    const otherOnDemo = { ...sb.other, AccountNumber: sb.demo.AccountNumber, AccountSecret: sb.demo.AccountSecret };
    expect((await detail(created.LeadNumber, otherOnDemo)).json).toEqual({
      Code: 7,
      ErrorMessage: 'Lead not found for this lead source.',
    });
    const own = await createOk({}, otherOnDemo);
    expect((await detail(own.LeadNumber, otherOnDemo)).json.Code).toBe(0);
    expect((await detail(own.LeadNumber)).json).toEqual({
      Code: 7,
      ErrorMessage: 'Lead not found for this lead source.',
    });
  });
});

describe('UpdateLead', () => {
  test('changes the changeable members and answers the numbers', async () => {
    const created = await createOk();
    const res = await update({
      LeadNumber: created.LeadNumber,
      Notes: 'Called back',
      VehiclePrice: 43990,
      Rating: 3,
      FinanceStatus: 1,
      VehicleInterest: 4,
      VehicleSourcePageURL: 'https://dealer.example/x',
      LeadStatus: 30,
      LeadCustomer: { Mobile: '0411 222 333' },
    });
    expect(res.json).toEqual({
      LeadNumber: created.LeadNumber,
      CustomerNo: created.CustomerNo,
      Code: 0,
      ErrorMessage: null,
    });
    await control(sb, 'PUT', '/settings', { leadStatusInDetail: true });
    const got = (await detail(created.LeadNumber)).json;
    await control(sb, 'PUT', '/settings', { leadStatusInDetail: false });
    expect(got).toMatchObject({
      Notes: 'Called back',
      VehiclePrice: 43990,
      Rating: 3,
      FinanceStatus: 1,
      VehicleInterest: 4,
      VehicleSourcePageURL: 'https://dealer.example/x',
      LeadStatus: 30,
      CustomerMobile: '0411 222 333',
    });
  });

  test('requires LeadNumber', async () => {
    expect((await update({ Notes: 'x' })).json).toEqual({ Code: 7, ErrorMessage: 'LeadNumber is required' });
  });

  test.each([
    ['VehicleMake', 'MAZDA'],
    ['VehicleModel', 'CX-5'],
    ['VehicleType', 2],
    ['VehicleYear', 2020],
    ['IsVehicleNew', true],
    ['StockNumber', '999'],
    ['ExternalID', 'other-id'],
  ])('refuses to change %s', async (field, value) => {
    const created = await createOk({ ExternalID: 'ext-1', StockNumber: '1' });
    const res = await update({ LeadNumber: created.LeadNumber, [field]: value });
    expect(res.json.Code).toBe(7);
    expect(res.json.ErrorMessage).toContain(field);
  });

  test('accepts an immutable member sent unchanged', async () => {
    const created = await createOk();
    expect(
      (await update({ LeadNumber: created.LeadNumber, VehicleMake: 'TOYOTA', Notes: 'same make' })).json.Code
    ).toBe(0);
  });

  test('knows only the documented statuses', async () => {
    const created = await createOk();
    const res = await update({ LeadNumber: created.LeadNumber, LeadStatus: 20 });
    expect(res.json.Code).toBe(7);
    expect(res.json.ErrorMessage).toContain('LeadStatus');
  });

  test('Deleted (90) is reachable from any status and final', async () => {
    for (const from of [10, 30, 50, 60]) {
      const created = await createOk();
      if (from !== 10) expect((await update({ LeadNumber: created.LeadNumber, LeadStatus: from })).json.Code).toBe(0);
      expect((await update({ LeadNumber: created.LeadNumber, LeadStatus: 90 })).json.Code).toBe(0);
      for (const back of [10, 30, 50, 60]) {
        const res = await update({ LeadNumber: created.LeadNumber, LeadStatus: back });
        expect(res.json.Code).toBe(7);
        expect(res.json.ErrorMessage).toMatch(/^Lead is deleted/);
      }
      expect((await update({ LeadNumber: created.LeadNumber, Notes: 'too late' })).json.Code).toBe(7);
      // repeating the delete changes nothing and is fine
      expect((await update({ LeadNumber: created.LeadNumber, LeadStatus: 90 })).json.Code).toBe(0);
    }
  });

  test('refuses unknown leads and leads of another lead source', async () => {
    expect((await update({ LeadNumber: '888888', Notes: 'x' })).json).toEqual({
      Code: 7,
      ErrorMessage: 'Lead not found.',
    });
    const created = await createOk();
    const otherOnDemo = { ...sb.other, AccountNumber: sb.demo.AccountNumber, AccountSecret: sb.demo.AccountSecret };
    const res = await update({ LeadNumber: created.LeadNumber, Notes: 'hijack' }, otherOnDemo);
    expect(res.json).toEqual({ Code: 7, ErrorMessage: 'Lead not found for this lead source.' });
  });

  test('records a history entry per change', async () => {
    const created = await createOk();
    await update({ LeadNumber: created.LeadNumber, LeadStatus: 30 });
    await update({ LeadNumber: created.LeadNumber, Notes: 'second' });
    const lead = (await control(sb, 'GET', `/accounts/${sb.demo.AccountNumber}/leads`)).json.find(
      (l: { LeadNumber: string }) => l.LeadNumber === created.LeadNumber
    );
    expect(lead.history.map((h: { action: string }) => h.action)).toEqual(['created', 'updated', 'updated']);
    expect(lead.history[1].changes).toEqual({ LeadStatus: { from: 10, to: 30 } });
    expect(lead.history[2].changes.Notes).toEqual({ from: 'Is it still available?', to: 'second' });
  });
});

describe('SearchContacts', () => {
  const CONTACT_KEYS = [
    'CustomerNo',
    'Name',
    'Email',
    'Phone',
    'Mobile',
    'Address',
    'City',
    'State',
    'PostCode',
    'Country',
    'ABN',
  ];
  let seeded: { CustomerNo: string; Name: string; Email: string; Phone: string; Mobile: string }[];

  beforeAll(async () => {
    seeded = (await control(sb, 'GET', `/accounts/${sb.demo.AccountNumber}/contacts`)).json;
  });

  test('needs Name, Email or Phone', async () => {
    const res = await search({});
    expect(res.json.Code).toBe(7);
    expect(res.json.ErrorMessage).toMatch(/Name.*Email.*Phone/);
  });

  test('finds by case-insensitive name substring, with the documented members as strings', async () => {
    const target = seeded[0];
    const res = await search({ Name: target.Name.slice(1, 5).toUpperCase() });
    expect(Object.keys(res.json)).toEqual(['Contacts', 'Code', 'ErrorMessage']);
    expect(res.json.Code).toBe(0);
    const found = res.json.Contacts.find((c: { CustomerNo: string }) => c.CustomerNo === target.CustomerNo);
    expect(found).toBeDefined();
    for (const contact of res.json.Contacts) {
      expect(Object.keys(contact)).toEqual(CONTACT_KEYS);
      for (const key of CONTACT_KEYS) expect(typeof contact[key]).toBe('string');
    }
  });

  test('finds by exact e-mail, ignoring case only', async () => {
    const target = seeded[1];
    const exact = await search({ Email: target.Email.toUpperCase() });
    expect(exact.json.Contacts.map((c: { CustomerNo: string }) => c.CustomerNo)).toEqual([target.CustomerNo]);
    expect((await search({ Email: target.Email.slice(1) })).json.Contacts).toEqual([]);
  });

  test('finds by exact phone against Phone or Mobile', async () => {
    const target = seeded[0];
    for (const phone of [target.Phone, target.Mobile]) {
      const res = await search({ Phone: phone });
      expect(res.json.Contacts.map((c: { CustomerNo: string }) => c.CustomerNo)).toContain(target.CustomerNo);
    }
    expect((await search({ Phone: target.Mobile.slice(0, 6) })).json.Contacts).toEqual([]);
  });

  test('finds customers created by CreateLead, and only in their account', async () => {
    await createOk({ LeadCustomer: { Name: 'Quentin Uniquename', Email: 'quentin@example.com' } });
    const res = await search({ Email: 'quentin@example.com' });
    expect(res.json.Contacts).toHaveLength(1);
    expect(res.json.Contacts[0]).toMatchObject({
      Name: 'Quentin Uniquename',
      Email: 'quentin@example.com',
      Phone: '',
      ABN: '',
    });
    expect((await search({ Email: 'quentin@example.com' }, sb.other)).json.Contacts).toEqual([]);
  });

  test('answers an empty list when nothing matches', async () => {
    expect((await search({ Email: 'nobody@invalid.example' })).json).toEqual({
      Contacts: [],
      Code: 0,
      ErrorMessage: null,
    });
  });
});
