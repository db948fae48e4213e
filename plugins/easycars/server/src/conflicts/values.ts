/**
 * A value typed by hand in a manual resolution, checked like the content type checks it: a price must be a
 * number, a status one of the statuses, a text no longer than the attribute allows.
 */
import { z } from 'zod';
import { freeText } from '../../../shared/contracts/fields';

export interface Attribute {
  type: string;
  enum?: readonly string[];
  required?: boolean;
  maxLength?: number;
  min?: number;
  max?: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function baseSchema(attribute: Attribute): z.ZodType {
  switch (attribute.type) {
    case 'integer':
    case 'biginteger':
      return z.number('must be a number').int('must be a whole number');
    case 'decimal':
    case 'float':
      return z.number('must be a number');
    case 'boolean':
      return z.boolean('must be true or false');
    case 'enumeration':
      return z.enum(attribute.enum as [string, ...string[]], `must be one of ${(attribute.enum ?? []).join(', ')}`);
    case 'email':
      return z.email('must be an e-mail address');
    case 'date':
      return z.string('must be a date (YYYY-MM-DD)').regex(DATE, 'must be a date (YYYY-MM-DD)');
    case 'datetime':
      return z.iso.datetime({ offset: true, error: 'must be an ISO date-time' });
    case 'json':
      return z.json('must be JSON');
    default: {
      const text = freeText(attribute.maxLength ?? 100_000);
      return attribute.type === 'string'
        ? text.max(attribute.maxLength ?? 255, `must be at most ${attribute.maxLength ?? 255} characters`)
        : text;
    }
  }
}

export function valueSchema(attribute: Attribute): z.ZodType {
  let schema = baseSchema(attribute);
  if (
    typeof attribute.min === 'number' &&
    (attribute.type === 'integer' || attribute.type === 'decimal' || attribute.type === 'float')
  )
    schema = (schema as z.ZodNumber).min(attribute.min, `must be at least ${attribute.min}`);
  if (
    typeof attribute.max === 'number' &&
    (attribute.type === 'integer' || attribute.type === 'decimal' || attribute.type === 'float')
  )
    schema = (schema as z.ZodNumber).max(attribute.max, `must be at most ${attribute.max}`);
  return attribute.required ? schema : schema.nullable();
}

export interface ValueIssue {
  path: string[];
  message: string;
}

/** Checks one typed value; returns the value as stored (trimmed text) or the reason, naming `values.<field>`. */
export function checkValue(
  field: string,
  attribute: Attribute | undefined,
  value: unknown
): { ok: true; value: unknown } | { ok: false; issue: ValueIssue } {
  if (!attribute)
    return { ok: false, issue: { path: ['values', field], message: `values.${field} is not a field of this record` } };
  const result = valueSchema(attribute).safeParse(value === undefined ? null : value);
  if (result.success) return { ok: true, value: result.data };
  const reason = value === null || value === undefined ? 'is required' : result.error.issues[0].message;
  return { ok: false, issue: { path: ['values', field], message: `values.${field} ${reason}` } };
}
