/**
 * The API reference: an OpenAPI 3.1 document built from the plugin's own route list, the permissions its routes
 * check and the shared zod contracts (z.toJSONSchema), and a readable page made from the same data.
 */
import { z } from 'zod';
import routes from '../../plugins/easycars/server/src/routes';
import * as alerts from '../../plugins/easycars/shared/contracts/alerts';
import * as audit from '../../plugins/easycars/shared/contracts/audit';
import * as conflicts from '../../plugins/easycars/shared/contracts/conflicts';
import * as connections from '../../plugins/easycars/shared/contracts/connections';
import * as dashboard from '../../plugins/easycars/shared/contracts/dashboard';
import * as monitoring from '../../plugins/easycars/shared/contracts/monitoring';
import * as notifications from '../../plugins/easycars/shared/contracts/notifications';
import * as reconciliation from '../../plugins/easycars/shared/contracts/reconciliation';
import * as retention from '../../plugins/easycars/shared/contracts/retention';
import * as settings from '../../plugins/easycars/shared/contracts/settings';
import * as sync from '../../plugins/easycars/shared/contracts/sync';
import contentTypes from '../../plugins/easycars/server/src/content-types';
import { GRAPHQL_HIDDEN } from '../../plugins/easycars/server/src/content-api/graphql';
import { SYNC_DATA, SYNC_DATA_UIDS } from '../../plugins/easycars/server/src/content-api/sync-data';
import { ACTION_LABELS, ACTIONS, CONTENT_API_READ, PLUGIN_ID } from '../../plugins/easycars/shared/permissions';
import { PATH_PARAMETERS, ROUTE_DOCS, type RouteDoc } from './api-routes';
import { GENERATED_NOTE, table } from './markdown';

const CONTRACTS = [
  alerts,
  audit,
  conflicts,
  connections,
  dashboard,
  monitoring,
  notifications,
  reconciliation,
  retention,
  settings,
  sync,
];

export interface PluginRoute {
  router: 'admin' | 'content-api';
  method: string;
  path: string;
  handler: string;
  config: { policies?: unknown[]; prefix?: string; auth?: { strategies?: Array<string | { name: string }> } };
}

/** Every route the plugin registers, in its order. */
export function pluginRoutes(): PluginRoute[] {
  return (['admin', 'content-api'] as const).flatMap((router) =>
    (routes[router].routes as Omit<PluginRoute, 'router'>[]).map((route) => ({ ...route, router }))
  );
}

export const routeKey = (route: Pick<PluginRoute, 'router' | 'method' | 'path'>) =>
  `${route.router} ${route.method} ${route.path}`;

/** The address a client calls: admin routes under /easycars, content-API ones under /api/easycars (or /api). */
export function publicPath(route: PluginRoute): string {
  const prefix = route.router === 'admin' ? `/${PLUGIN_ID}` : route.config.prefix === '' ? '/api' : `/api/${PLUGIN_ID}`;
  return `${prefix}${route.path}`;
}

const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** Who may call the route, from its policies (admin) or its handler (content API, a token permission). */
export function permissionOf(route: PluginRoute): { action: string; text: string } {
  if (route.router === 'admin') {
    const policy = (route.config.policies ?? []).find(
      (p): p is { name: string; config: { actions: string[] } } =>
        typeof p === 'object' && p !== null && (p as { name?: string }).name === 'admin::hasPermissions'
    );
    const action = policy?.config.actions[0] ?? '';
    const name = (Object.keys(ACTIONS) as (keyof typeof ACTIONS)[]).find((key) => ACTIONS[key] === action);
    return { action, text: `admin session with *${name ? ACTION_LABELS[name] : action}*` };
  }
  const action = `plugin::${PLUGIN_ID}.${route.handler}`;
  const strategies = (route.config.auth?.strategies ?? []).map((s) => (typeof s === 'string' ? s : s.name));
  const session = strategies.includes('easycars-admin-session')
    ? `, or an admin session with *${ACTION_LABELS.read}*`
    : '';
  return { action, text: `API token with \`${action}\` (or full access)${session}` };
}

/** Each contract schema's export name, so the document names its components as the code does. */
function schemaNames(): Map<z.ZodType, string> {
  const names = new Map<z.ZodType, string>();
  for (const module of CONTRACTS) {
    for (const [name, value] of Object.entries(module)) {
      if (value instanceof z.ZodType && !names.has(value)) names.set(value, name);
    }
  }
  return names;
}

type JsonSchema = Record<string, any>;

/** The schema of what a client sends (before transforms and defaults); refinements are not expressible. */
function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

const ERROR_BODY = {
  type: 'object',
  description: "Strapi's error shape",
  properties: {
    data: { type: 'null' },
    error: {
      type: 'object',
      properties: {
        status: { type: 'integer' },
        name: { type: 'string' },
        message: { type: 'string', description: 'for a 400: each wrong field and what is wrong with it' },
        details: { type: 'object' },
      },
      required: ['status', 'name', 'message'],
    },
  },
};

function errorsOf(route: PluginRoute, doc: RouteDoc): Record<number, string> {
  const found: Record<number, string> = {};
  if (doc.query || doc.body) found[400] = 'a parameter or field is wrong: the message names each one and why';
  Object.assign(found, doc.errors ?? {});
  if (route.router === 'admin') {
    found[401] = 'no admin session';
    found[403] = "the admin's role lacks the action";
  } else {
    found[401] = 'no token (or an invalid one)';
    found[403] = 'the token lacks the permission';
  }
  return found;
}

function requireDoc(route: PluginRoute): RouteDoc {
  const doc = ROUTE_DOCS[routeKey(route)];
  if (!doc) throw new Error(`No API reference entry for ${routeKey(route)} (scripts/docs/api-routes.ts)`);
  return doc;
}

export function buildOpenApi(): JsonSchema {
  const names = schemaNames();
  const components: Record<string, JsonSchema> = { Error: ERROR_BODY };
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const ref = (schema: z.ZodType) => {
    const name = names.get(schema);
    if (!name) return jsonSchemaOf(schema);
    components[name] ??= jsonSchemaOf(schema);
    return { $ref: `#/components/schemas/${name}` };
  };

  for (const route of pluginRoutes()) {
    const doc = requireDoc(route);
    const path = openApiPath(publicPath(route));
    const permission = permissionOf(route);
    const parameters: JsonSchema[] = [...route.path.matchAll(/:(\w+)/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      description: PATH_PARAMETERS[route.path.slice(0, (match.index ?? 0) + match[0].length)],
      schema: { type: 'string' },
    }));
    if (doc.query) {
      const query = jsonSchemaOf(doc.query);
      for (const [name, { description, ...schema }] of Object.entries<JsonSchema>(query.properties ?? {})) {
        parameters.push({ name, in: 'query', required: (query.required ?? []).includes(name), description, schema });
      }
    }
    const responses: JsonSchema = {
      [doc.response.status]: {
        description: doc.response.type ? `${doc.response.type}: ${doc.response.description}` : doc.response.description,
        content: { [doc.response.contentType ?? 'application/json']: {} },
      },
    };
    for (const [status, description] of Object.entries(errorsOf(route, doc))) {
      responses[status] = {
        description,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      operationId: route.handler,
      tags: [doc.tag],
      summary: doc.summary,
      description: `Permission: ${permission.text}.`,
      security: [{ [route.router === 'admin' ? 'adminSession' : 'apiToken']: [] }],
      'x-strapi-action': permission.action,
      ...(parameters.length ? { parameters } : {}),
      ...(doc.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: ref(doc.body) } } } }
        : {}),
      responses,
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'EasyCars for Strapi: plugin API',
      version: '0.1.0',
      description:
        'Admin routes (an admin session, checked against the plugin actions) and content-API routes (API tokens) of the easycars plugin. Generated by `npm run docs:generate` from the routes and the shared zod contracts; response bodies are TypeScript interfaces of the contracts, named in each description.',
    },
    servers: [{ url: 'http://localhost:1337' }],
    components: {
      securitySchemes: {
        adminSession: { type: 'http', scheme: 'bearer', description: "An admin's session token (the Strapi admin)" },
        apiToken: { type: 'http', scheme: 'bearer', description: 'A Strapi API token' },
      },
      schemas: components,
    },
    paths,
  };
}

export const renderOpenApi = () => `${JSON.stringify(buildOpenApi(), null, 2)}\n`;

/** One line per field of a request schema: name, type, rules, meaning. */
function fieldRows(schema: z.ZodType): string[][] {
  const json = jsonSchemaOf(schema);
  return Object.entries<JsonSchema>(json.properties ?? {}).map(([name, field]) => [
    `\`${name}\``,
    describeType(field),
    (json.required ?? []).includes(name) ? 'yes' : '',
    field.default !== undefined ? `\`${JSON.stringify(field.default)}\`` : '',
    (field.description ?? '').replace(/\|/g, '\\|'),
  ]);
}

function describeType(field: JsonSchema): string {
  if (field.enum) return field.enum.map((v: unknown) => `\`${String(v)}\``).join(', ');
  if (field.anyOf) return field.anyOf.map(describeType).join(' or ');
  const limits = [
    field.minLength !== undefined && field.minLength > 0 ? `min ${field.minLength}` : '',
    field.maxLength !== undefined ? `max ${field.maxLength} characters` : '',
    field.maxItems !== undefined ? `at most ${field.maxItems}` : '',
  ].filter(Boolean);
  const base =
    field.type === 'array'
      ? `list of ${field.items ? describeType(field.items) : 'values'}`
      : field.type === 'object'
        ? 'object'
        : (field.type ?? 'any');
  return limits.length ? `${base} (${limits.join(', ')})` : String(base);
}

/** A plugin content type's schema `info`, by its uid (plugin::easycars.<name>). */
const infoOf = (uid: string) =>
  contentTypes[uid.slice(`plugin::${PLUGIN_ID}.`.length) as keyof typeof contentTypes].schema.info;

/** The GraphQL list query of a plugin content type, as Strapi names it: easycars + its plural name, camel-cased. */
export const graphqlListQuery = (uid: string) =>
  `${PLUGIN_ID}-${infoOf(uid).pluralName}`.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

function graphqlSection(): string {
  const collections = Object.keys(SYNC_DATA)
    .map((name) => `\`/api/${PLUGIN_ID}/${name}\``)
    .join(', ');
  const queries = SYNC_DATA_UIDS.map((uid) => `\`${graphqlListQuery(uid)}\``).join(', ');
  const hidden = GRAPHQL_HIDDEN.map((uid) => infoOf(uid).displayName.replace(/^EasyCars /, '')).join(', ');
  return `## GraphQL

GraphQL is at \`/graphql\` (Strapi's GraphQL plugin); what it serves of EasyCars is set in
\`plugins/easycars/server/src/content-api/graphql.ts\`:

- **Vehicles** (\`vehicles\`, \`vehicles_connection\`, \`vehicle\`): for a token with \`api::vehicle.vehicle.find\` /
  \`findOne\` (read-only tokens have them). Lists return listed vehicles unless the query filters on \`listingStatus\`.
- **Leads** (\`leads\`, \`leads_connection\`, \`lead\`): only for a token given \`api::lead.lead.find\` / \`findOne\`
  explicitly (or full access); read-only tokens are refused. They hold the customers' details.
- **Sync data**, the same collections as the REST route ${collections}: queries ${queries} (with their
  \`…_connection\` and single-record forms), for a token given \`${CONTENT_API_READ}\` (read-only tokens do not get
  it). No mutations. Call logs, stacks, admin e-mails and customer details are left out as over REST.
- Not exposed at all (no type, query or mutation): ${hidden}.

See [Who can read what](../access.md) for the token types.`;
}

export function renderApiReadme(): string {
  const byTag = new Map<string, PluginRoute[]>();
  for (const route of pluginRoutes()) {
    const tag = requireDoc(route).tag;
    byTag.set(tag, [...(byTag.get(tag) ?? []), route]);
  }
  const lines = [
    '# API reference',
    '',
    GENERATED_NOTE,
    '',
    'Every route of the easycars plugin. The machine-readable form is [openapi.json](openapi.json) (OpenAPI 3.1); request',
    'schemas there and below are the shared zod contracts (`plugins/easycars/shared/contracts`), the same ones the',
    'server validates with. Rules a JSON schema cannot express (date formats, cron expressions, ranges between two',
    'fields) are checked too, and a refusal is a 400 whose message names each field and what is wrong. Response bodies',
    'are TypeScript interfaces in the same contracts (no zod schema), so they are named and described in words.',
    '',
    "- **Admin routes** are called with an admin session (the Strapi admin's bearer token) and check one plugin action",
    '  on the server (Settings → Roles): without a session 401, without the action 403.',
    '- **Content-API routes** are called with an API token (`Authorization: Bearer <token>`): a full-access token, or a',
    "  custom token given the route's permission.",
    '- Errors have Strapi\'s shape: `{ "data": null, "error": { "status", "name", "message", "details" } }`.',
    '',
    ...[...byTag.keys()].map((tag) => `- [${tag}](#${slug(tag)})`),
    '- [GraphQL](#graphql)',
    '',
  ];
  for (const [tag, list] of byTag) {
    lines.push(`## ${tag}`, '');
    for (const route of list) {
      const doc = requireDoc(route);
      const permission = permissionOf(route);
      lines.push(`### \`${route.method} ${publicPath(route)}\``, '', `${doc.summary}.`, '');
      lines.push(`- Permission: ${permission.text}${route.router === 'admin' ? ` (\`${permission.action}\`)` : ''}.`);
      for (const match of route.path.matchAll(/:(\w+)/g)) {
        const description = PATH_PARAMETERS[route.path.slice(0, (match.index ?? 0) + match[0].length)];
        lines.push(`- Path: \`${match[1]}\`: ${description}.`);
      }
      const response = doc.response;
      lines.push(
        `- Answer: **${response.status}**${response.type ? `, \`${response.type}\`` : ''}${
          response.contentType ? ` (\`${response.contentType}\`)` : ''
        }: ${response.description}.`
      );
      const errors = errorsOf(route, doc);
      lines.push(
        `- Errors: ${Object.entries(errors)
          .map(([status, text]) => `**${status}** ${text}`)
          .join('; ')}.`
      );
      for (const [label, schema] of [
        ['Query', doc.query],
        ['Body', doc.body],
      ] as const) {
        if (!schema) continue;
        const name = schemaNames().get(schema);
        const rows = fieldRows(schema);
        lines.push('', `${label}${name ? ` (\`${name}\`)` : ''}:`, '');
        lines.push(
          rows.length
            ? table(['field', 'type', 'required', 'default', 'meaning'], rows)
            : 'none (anything sent is refused)'
        );
      }
      lines.push('');
    }
  }
  lines.push(graphqlSection(), '');
  return lines.join('\n');
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}
