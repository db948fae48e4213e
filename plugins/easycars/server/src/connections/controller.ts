import type { Core } from '@strapi/strapi';
import {
  createConnectionSchema,
  testConnectionSchema,
  updateConnectionSchema,
} from '../../../shared/contracts/connections';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

type Ctx = Parameters<Core.MiddlewareHandler>[0];

const body = (ctx: Ctx) => (ctx.request as unknown as { body: unknown }).body;

export default () => ({
  async list(ctx: Ctx) {
    const data = await getService('connections').list();
    ctx.body = { data, meta: { total: data.length } };
  },
  async findOne(ctx: Ctx) {
    ctx.body = { data: await getService('connections').findOne(ctx.params.id), meta: {} };
  },
  async create(ctx: Ctx) {
    const input = validate(createConnectionSchema, body(ctx));
    ctx.status = 201;
    ctx.body = { data: await getService('connections').create(input), meta: {} };
  },
  async update(ctx: Ctx) {
    const input = validate(updateConnectionSchema, body(ctx));
    ctx.body = { data: await getService('connections').update(ctx.params.id, input), meta: {} };
  },
  async remove(ctx: Ctx) {
    await getService('connections').remove(ctx.params.id);
    ctx.body = { data: { id: ctx.params.id }, meta: {} };
  },
  async testUnsaved(ctx: Ctx) {
    const input = validate(testConnectionSchema, body(ctx));
    ctx.body = { data: await getService('connections').testUnsaved(input), meta: {} };
  },
  async testSaved(ctx: Ctx) {
    ctx.body = { data: await getService('connections').testSaved(ctx.params.id), meta: {} };
  },
});
