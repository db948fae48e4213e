import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import {
  createConnectionSchema,
  testConnectionSchema,
  updateConnectionSchema,
} from '../../../shared/contracts/connections';
import { requiredLine } from '../../../shared/contracts/fields';
import { actorOf } from '../audit/service';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

type Ctx = Parameters<Core.MiddlewareHandler>[0];

const body = (ctx: Ctx) => (ctx.request as unknown as { body: unknown }).body;

// The `:id` of the route, checked like any other input before it reaches a query.
const idParamSchema = z.object({ id: requiredLine(100) });
const idOf = (ctx: Ctx) => validate(idParamSchema, { id: ctx.params.id }).id;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const connections = () => getService('connections', { strapi });
  return {
    async list(ctx: Ctx) {
      const data = await connections().list();
      ctx.body = { data, meta: { total: data.length } };
    },
    async findOne(ctx: Ctx) {
      ctx.body = { data: await connections().findOne(idOf(ctx)), meta: {} };
    },
    async create(ctx: Ctx) {
      const input = validate(createConnectionSchema, body(ctx));
      ctx.status = 201;
      ctx.body = { data: await connections().create(input, actorOf(ctx.state.user)), meta: {} };
    },
    async update(ctx: Ctx) {
      const id = idOf(ctx);
      const input = validate(updateConnectionSchema, body(ctx));
      const { connection, warnings } = await connections().update(id, input, actorOf(ctx.state.user));
      ctx.body = { data: connection, meta: { warnings } };
    },
    async remove(ctx: Ctx) {
      const id = idOf(ctx);
      await connections().remove(id, actorOf(ctx.state.user));
      ctx.body = { data: { id }, meta: {} };
    },
    async testUnsaved(ctx: Ctx) {
      const input = validate(testConnectionSchema, body(ctx));
      ctx.body = { data: await connections().testUnsaved(input), meta: {} };
    },
    async testSaved(ctx: Ctx) {
      ctx.body = { data: await connections().testSaved(idOf(ctx)), meta: {} };
    },
  };
};
