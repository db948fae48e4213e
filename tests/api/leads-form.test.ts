/**
 * The public lead form (POST /api/leads) on a booted Strapi: no token needed, strict validation with a 400 that
 * names the field and writes nothing, an answer that shows no internal state; the other lead operations stay
 * closed to the public and open to API tokens.
 */
import type { Core } from '@strapi/strapi';
import { http } from '../helpers/admin';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

const LEAD = 'api::lead.lead';
let strapi: Core.Strapi;
let vehicleId: string;
let connectionId: string;
let apiToken: string;

const post = (body: unknown) =>
  http(strapi)
    .post('/api/leads')
    .send(body as object);
const leadCount = () => strapi.db.query(LEAD).count();

beforeAll(async () => {
  strapi = await setupStrapi({ LEAD_FORM_RATE_LIMIT: '1000', LEAD_FORM_RATE_WINDOW_SECONDS: '60' });
  // No EasyCars run is wanted here: the form is what is under test.
  strapi.config.set('plugin::easycars.leads', { pushOnCreate: false });
  const vehicle = await strapi.documents('api::vehicle.vehicle').create({
    data: { title: '2022 MAZDA CX-5', make: 'MAZDA', model: 'CX-5', year: 2022, source: 'manual' } as any,
  });
  vehicleId = vehicle.documentId;
  const connection = await strapi.plugin('easycars').service('connections').create({
    name: 'Main',
    environment: 'test',
    baseUrl: 'http://127.0.0.1:9',
    clientId: 'c',
    clientSecret: 's',
    accountNumber: 'EC1',
    accountSecret: 'a',
  });
  connectionId = connection.id;
  const token = await strapi
    .service('admin::api-token')
    .create({ name: 'lead reader', description: '', type: 'full-access', kind: 'content-api', lifespan: null } as any);
  apiToken = token.accessKey;
});

afterAll(async () => {
  await teardownStrapi();
});

describe('POST /api/leads without a token', () => {
  it('creates the lead, answers 201 with its id only, and puts it in the outbox', async () => {
    const res = await post({
      data: {
        name: ' Jo Bloggs ',
        email: 'jo@example.com',
        phone: '0400 111 222',
        message: 'Is it still available?',
        vehicle: vehicleId,
        interest: 'test-drive',
        sourcePageUrl: 'https://dealer.example/cars/cx-5',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ data: { documentId: expect.any(String), status: 'received' } });

    const lead = await strapi.db
      .query(LEAD)
      .findOne({ where: { documentId: res.body.data.documentId }, populate: ['vehicle'] });
    expect(lead).toMatchObject({
      name: 'Jo Bloggs',
      email: 'jo@example.com',
      phone: '0400 111 222',
      message: 'Is it still available?',
      interest: 'test-drive',
      sourcePageUrl: 'https://dealer.example/cars/cx-5',
      status: 'new',
      source: 'website',
      pushStatus: 'pending',
      pushAttempts: 0,
      connectionId,
    });
    expect(lead.vehicle.documentId).toBe(vehicleId);
  });

  it('defaults the interest to "buy" and needs no vehicle', async () => {
    const res = await post({ data: { name: 'Sam', email: 'sam@example.com' } });
    expect(res.status).toBe(201);
    const lead = await strapi.db
      .query(LEAD)
      .findOne({ where: { documentId: res.body.data.documentId }, populate: ['vehicle'] });
    expect(lead).toMatchObject({ interest: 'buy', vehicle: null, message: null, phone: null });
  });

  it('links a vehicle whose document id begins with a digit (Strapi would read such a string as a row id)', async () => {
    const vehicle = await strapi.db.query('api::vehicle.vehicle').create({
      data: {
        documentId: '7onowzewaq69p7dkbejn6xax',
        title: '2019 TESLA MODEL 3',
        make: 'TESLA',
        source: 'manual',
        publishedAt: new Date(),
      },
    });
    const res = await post({ data: { name: 'Jo', email: 'jo.digit@example.com', vehicle: vehicle.documentId } });
    expect(res.status).toBe(201);
    const lead = await strapi.db
      .query(LEAD)
      .findOne({ where: { documentId: res.body.data.documentId }, populate: ['vehicle'] });
    expect(lead.vehicle.documentId).toBe(vehicle.documentId);
  });

  it.each([
    ['no body', undefined, /data is required/],
    ['a missing name', { data: { email: 'a@example.com' } }, /^name is required$/],
    [
      'a name over 100 characters',
      { data: { name: 'n'.repeat(101), email: 'a@example.com' } },
      /^name must be at most 100 characters$/,
    ],
    ['a bad e-mail', { data: { name: 'A', email: 'nope' } }, /^email must be a valid e-mail address$/],
    [
      'a long phone',
      { data: { name: 'A', email: 'a@example.com', phone: '1'.repeat(21) } },
      /^phone must be at most 20 characters$/,
    ],
    [
      'a long message',
      { data: { name: 'A', email: 'a@example.com', message: 'm'.repeat(2001) } },
      /^message must be at most 2000 characters$/,
    ],
    [
      'an unknown interest',
      { data: { name: 'A', email: 'a@example.com', interest: 'rent' } },
      /^interest must be one of buy, lease, sell, test-drive, service$/,
    ],
    [
      'an unknown field',
      { data: { name: 'A', email: 'a@example.com', pushStatus: 'pushed' } },
      /^pushStatus is not a known field of a lead$/,
    ],
    [
      'an unknown vehicle',
      { data: { name: 'A', email: 'a@example.com', vehicle: 'nosuchvehicle' } },
      /^vehicle "nosuchvehicle" does not exist$/,
    ],
  ])('answers 400 for %s, naming the field, and writes nothing', async (_label, body, message) => {
    const before = await leadCount();
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ status: 400, name: 'ValidationError' });
    expect(res.body.error.message).toMatch(message);
    expect(await leadCount()).toBe(before);
  });
});

describe('the other lead operations', () => {
  it('are refused to the public', async () => {
    const { body } = await post({ data: { name: 'Pat', email: 'pat@example.com' } });
    const id = body.data.documentId;
    expect((await http(strapi).get('/api/leads')).status).toBe(403);
    expect((await http(strapi).get(`/api/leads/${id}`)).status).toBe(403);
    expect(
      (
        await http(strapi)
          .put(`/api/leads/${id}`)
          .send({ data: { status: 'won' } })
      ).status
    ).toBe(403);
    expect((await http(strapi).delete(`/api/leads/${id}`)).status).toBe(403);
    const lead = await strapi.db.query(LEAD).findOne({ where: { documentId: id } });
    expect(lead.status).toBe('new');
  });

  it('are open to an API token; a status change through REST is kept, reopening a deleted lead is refused', async () => {
    const { body } = await post({ data: { name: 'Lee', email: 'lee@example.com' } });
    const id = body.data.documentId;
    const auth = { Authorization: `Bearer ${apiToken}` };
    const list = await http(strapi).get('/api/leads').set(auth);
    expect(list.status).toBe(200);
    expect(list.body.data.map((l: { documentId: string }) => l.documentId)).toContain(id);

    const won = await http(strapi)
      .put(`/api/leads/${id}`)
      .set(auth)
      .send({ data: { status: 'deleted' } });
    expect(won.status).toBe(200);
    expect(won.body.data.status).toBe('deleted');
    const reopen = await http(strapi)
      .put(`/api/leads/${id}`)
      .set(auth)
      .send({ data: { status: 'new' } });
    expect(reopen.status).toBe(400);
    expect(reopen.body.error.message).toMatch(/deleted lead cannot be reopened/);
    expect((await strapi.db.query(LEAD).findOne({ where: { documentId: id } })).status).toBe('deleted');
  });

  it('does not let a REST edit roll back the push state', async () => {
    const { body } = await post({ data: { name: 'Kim', email: 'kim@example.com' } });
    const id = body.data.documentId;
    await strapi.db.query(LEAD).update({
      where: { documentId: id },
      data: { pushStatus: 'pushed', easycarsLeadNumber: '000042', remoteStatusPushed: 'new' },
    });
    const res = await http(strapi)
      .put(`/api/leads/${id}`)
      .set({ Authorization: `Bearer ${apiToken}` })
      .send({ data: { phone: '0411 000 000', pushStatus: 'pending', easycarsLeadNumber: null } });
    expect(res.status).toBe(200);
    const lead = await strapi.db.query(LEAD).findOne({ where: { documentId: id } });
    expect(lead).toMatchObject({ phone: '0411 000 000', pushStatus: 'pushed', easycarsLeadNumber: '000042' });
  });
});
