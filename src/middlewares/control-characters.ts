/**
 * Refuses control characters in any request's path, query or body with a 400 that names where they are, before any
 * of it reaches a database: PostgreSQL cannot store or compare a NUL ("invalid byte sequence for encoding UTF8:
 * 0x00"), so without this even Strapi's own content API answers 500 to `?filters[make][$eq]=a%00b`.
 * Bodies may carry tabs and line breaks (rich text, messages); paths and queries may not. Uploaded files are not
 * looked at: they are in `ctx.request.files`, only the form fields are in the body.
 * Runs after `strapi::query` and `strapi::body`, which parse what it checks.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  CONTROL_CHARACTERS,
  CONTROL_CHARACTERS_EXCEPT_LINE_BREAKS,
  NO_CONTROL_CHARACTERS,
} from '../../plugins/easycars/shared/contracts/fields';

/** Enough to find the fields; a garbage body does not need a wall of text. */
const MAX_REPORTED = 5;

/** Dotted paths ("data.name", "filters.make.$eq") of the keys and strings in `value` that match `pattern`. */
export function pathsMatching(value: unknown, pattern: RegExp): string[] {
  const found: string[] = [];
  // a stack rather than recursion: a deeply nested JSON body must not overflow it
  const stack: Array<{ value: unknown; path: string[] }> = [{ value, path: [] }];
  while (stack.length > 0 && found.length < MAX_REPORTED) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (pattern.test(current)) found.push(path.join('.'));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        if (pattern.test(key)) found.push([...path, key].join('.'));
        else stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return found;
}

function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path; // not valid percent-encoding: the router answers that one
  }
}

/**
 * The name of the route parameter holding the control character (`id` of "/connections/:id"), so the answer names
 * a field like any other; "path" when no route matches. Only reached on a refused request, so scanning is fine.
 */
function pathField(strapi: Core.Strapi, method: string, path: string): string {
  try {
    for (const layer of strapi.server.listRoutes() as any[]) {
      if (!layer.methods.includes(method) || !layer.match(path)) continue;
      const params: Record<string, string> = layer.params(path, layer.captures(path), {});
      // wildcard routes (a catch-all "/(.*)") capture under a number: not a name worth giving
      const name = Object.keys(params).find((key) => !/^\d+$/.test(key) && CONTROL_CHARACTERS.test(params[key]));
      if (name) return name;
    }
  } catch {
    // the router's internals changed: still refuse, with the plainer name
  }
  return 'path';
}

function refuse(fields: Array<{ path: string; message: string }>): never {
  const issues = fields.map(({ path, message }) => ({
    path: path.split('.'),
    message: `${path} ${message}`,
    name: 'ValidationError',
  }));
  throw new errors.ValidationError(issues.map((i) => i.message).join('; '), { errors: issues });
}

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  return async (ctx: any, next: () => Promise<unknown>) => {
    if (CONTROL_CHARACTERS.test(decodedPath(ctx.path))) {
      refuse([{ path: pathField(strapi, ctx.method, ctx.path), message: NO_CONTROL_CHARACTERS }]);
    }
    const inQuery = pathsMatching(ctx.query, CONTROL_CHARACTERS).map((path) => ({
      path: path || 'query',
      message: NO_CONTROL_CHARACTERS,
    }));
    const inBody = pathsMatching(ctx.request.body, CONTROL_CHARACTERS_EXCEPT_LINE_BREAKS).map((path) => ({
      path: path || 'body',
      message: NO_CONTROL_CHARACTERS,
    }));
    if (inQuery.length > 0 || inBody.length > 0) refuse([...inQuery, ...inBody]);
    await next();
  };
};
