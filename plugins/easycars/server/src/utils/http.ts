/** Answers Strapi's error classes do not have (409, 502), in the same error shape, and path ids checked. */
import { errors } from '@strapi/utils';

type Ctx = { status: number; body: unknown; request: unknown };

export function sendError(
  ctx: Ctx,
  status: number,
  name: string,
  message: string,
  details: Record<string, unknown> = {}
) {
  ctx.status = status;
  ctx.body = { data: null, error: { status, name, message, details } };
}

export const bodyOf = (ctx: Ctx): unknown => (ctx.request as { body?: unknown }).body;

/** A numeric id from the path, or a 400 naming it. */
export function idParam(raw: unknown, what: string): number {
  const text = String(raw ?? '');
  if (/^\d{1,15}$/.test(text)) return Number(text);
  throw new errors.ValidationError(`"${text.slice(0, 40)}" is not a ${what} id (a whole number)`, {
    errors: [{ path: ['id'], message: 'id must be a whole number', name: 'ValidationError' }],
  });
}
