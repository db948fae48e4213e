import { errors } from '@strapi/utils';
import type { z } from 'zod';

/**
 * Parses input at the edge. Bad input becomes a 400 whose message names each field and its reason,
 * e.g. "clientId is required; baseUrl must be an http(s) URL".
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const unknownKeys = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys : null;
    const path = unknownKeys
      ? unknownKeys.map((key) => [...issue.path, key].join('.')).join(', ')
      : issue.path.join('.') || 'body';
    const message = unknownKeys ? 'is not a known field' : issue.message;
    return { path: path.split('.'), message: `${path} ${message}`, name: 'ValidationError' };
  });
  throw new errors.ValidationError(issues.map((i) => i.message).join('; '), { errors: issues });
}
