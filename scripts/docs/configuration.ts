/**
 * The configuration reference: every easycars.config setting, from the plugin's zod config schema (types, defaults,
 * limits and .describe() texts), and every environment variable the app, the plugin and the scripts read, from the
 * table below. tests/docs/configuration.test.ts finds the variables in the code and fails on one missing here.
 */
import { z } from 'zod';
import { configSchema, QUEUE_ENV } from '../../plugins/easycars/server/src/config/schema';
import { GENERATED_NOTE, table } from './markdown';

export interface EnvVar {
  group: 'EasyCars' | 'Job queue' | 'Database' | 'E-mail' | 'Strapi' | 'Lead form' | 'Scripts';
  default: string;
  description: string;
}

const queueSetting = (key: keyof typeof QUEUE_ENV) =>
  `Used for \`queue.${key}\` when config/plugins.ts does not set it (see the \`queue\` settings above).`;

export const ENV_VARS: Record<string, EnvVar> = {
  EASYCARS_ENCRYPTION_KEY: {
    group: 'EasyCars',
    default: 'none (outside production: derived from `APP_KEYS`, with a warning)',
    description:
      '32 random bytes, base64 (`openssl rand -base64 32`) or 64 hex characters: encrypts the stored EasyCars credentials. Required in production; a malformed one stops the start. Changing it makes stored credentials show as *Needs re-entry*.',
  },
  EASYCARS_ALLOWED_BASE_URLS: {
    group: 'EasyCars',
    default: 'empty',
    description:
      "Comma-separated origins a connection's base URL override may point to, besides EasyCars' own hosts over https. Loopback, private and link-local addresses are refused unless listed. A malformed entry stops the start.",
  },
  EASYCARS_RECONCILIATION_SCHEDULE: {
    group: 'EasyCars',
    default: 'unset',
    description: 'A cron, or `off`: used for `reconciliation.schedule` when config/plugins.ts does not set it.',
  },
  NODE_ENV: {
    group: 'EasyCars',
    default: 'development',
    description: "`production` makes `EASYCARS_ENCRYPTION_KEY` required (and is Strapi's own mode switch).",
  },
  REDIS_URL: { group: 'Job queue', default: 'unset', description: `BullMQ on this Redis. ${queueSetting('redisUrl')}` },
  EASYCARS_WORKERS: { group: 'Job queue', default: '`on`', description: `\`on\`/\`off\`. ${queueSetting('workers')}` },
  EASYCARS_SCHEDULES: {
    group: 'Job queue',
    default: '`on`',
    description: `\`on\`/\`off\`. ${queueSetting('schedules')}`,
  },
  EASYCARS_QUEUE_PREFIX: { group: 'Job queue', default: '`easycars`', description: queueSetting('prefix') },
  EASYCARS_WORKER_CONCURRENCY: { group: 'Job queue', default: '2', description: queueSetting('concurrency') },
  EASYCARS_LOCK_TTL_MS: { group: 'Job queue', default: '30000', description: queueSetting('lockTtlMs') },
  EASYCARS_QUEUED_LOCK_TTL_MS: { group: 'Job queue', default: '3600000', description: queueSetting('queuedLockTtlMs') },
  EASYCARS_JOB_LOCK_MS: { group: 'Job queue', default: '30000', description: queueSetting('jobLockMs') },
  EASYCARS_STALLED_INTERVAL_MS: {
    group: 'Job queue',
    default: '30000',
    description: queueSetting('stalledIntervalMs'),
  },
  EASYCARS_SHUTDOWN_GRACE_MS: { group: 'Job queue', default: '10000', description: queueSetting('shutdownGraceMs') },
  DATABASE_CLIENT: { group: 'Database', default: '`sqlite`', description: '`sqlite`, `postgres` or `mysql`.' },
  DATABASE_FILENAME: { group: 'Database', default: '`.tmp/data.db`', description: 'The SQLite file.' },
  DATABASE_URL: {
    group: 'Database',
    default: 'unset',
    description: 'PostgreSQL connection string (instead of host, port and the rest).',
  },
  DATABASE_HOST: { group: 'Database', default: '`localhost`', description: 'PostgreSQL or MySQL host.' },
  DATABASE_PORT: { group: 'Database', default: '5432 (PostgreSQL), 3306 (MySQL)', description: 'Its port.' },
  DATABASE_NAME: { group: 'Database', default: '`strapi`', description: 'The database.' },
  DATABASE_USERNAME: { group: 'Database', default: '`strapi`', description: 'The database user.' },
  DATABASE_PASSWORD: { group: 'Database', default: '`strapi`', description: "The user's password." },
  DATABASE_SCHEMA: { group: 'Database', default: '`public`', description: 'PostgreSQL schema.' },
  DATABASE_SSL: { group: 'Database', default: 'false', description: 'Connect over TLS.' },
  DATABASE_SSL_KEY: { group: 'Database', default: 'unset', description: 'TLS client key.' },
  DATABASE_SSL_CERT: { group: 'Database', default: 'unset', description: 'TLS client certificate.' },
  DATABASE_SSL_CA: { group: 'Database', default: 'unset', description: 'TLS certificate authority.' },
  DATABASE_SSL_CAPATH: { group: 'Database', default: 'unset', description: 'TLS certificate authority folder.' },
  DATABASE_SSL_CIPHER: { group: 'Database', default: 'unset', description: 'TLS ciphers.' },
  DATABASE_SSL_REJECT_UNAUTHORIZED: {
    group: 'Database',
    default: 'true',
    description: 'Refuse a server certificate that does not verify.',
  },
  DATABASE_POOL_MIN: { group: 'Database', default: '2', description: 'Fewest pooled connections.' },
  DATABASE_POOL_MAX: { group: 'Database', default: '10', description: 'Most pooled connections.' },
  DATABASE_CONNECTION_TIMEOUT: {
    group: 'Database',
    default: '60000',
    description: 'How long (ms) to wait for a connection.',
  },
  SMTP_HOST: {
    group: 'E-mail',
    default: 'unset',
    description:
      'Mail server; e-mail goes through `@strapi/provider-email-nodemailer` only when it is set (notifications stay in-app either way).',
  },
  SMTP_PORT: { group: 'E-mail', default: '587', description: 'Its port.' },
  SMTP_SECURE: { group: 'E-mail', default: 'false', description: 'TLS from the start (port 465).' },
  SMTP_IGNORE_TLS: { group: 'E-mail', default: 'false', description: 'Do not upgrade with STARTTLS.' },
  SMTP_USERNAME: { group: 'E-mail', default: 'unset', description: 'Login (no login when unset).' },
  SMTP_PASSWORD: { group: 'E-mail', default: 'unset', description: 'Its password.' },
  EMAIL_FROM: { group: 'E-mail', default: '`noreply@easycars.local`', description: 'Sender and reply-to address.' },
  HOST: { group: 'Strapi', default: '`0.0.0.0`', description: 'Address Strapi listens on.' },
  PORT: { group: 'Strapi', default: '1337', description: 'Port Strapi listens on (the demo uses it too).' },
  PUBLIC_URL: {
    group: 'Strapi',
    default: 'empty',
    description: "The site's public address (`server.url`), for links in notification e-mails.",
  },
  APP_KEYS: { group: 'Strapi', default: 'none (required)', description: 'Session keys, comma-separated.' },
  ADMIN_JWT_SECRET: { group: 'Strapi', default: 'none (required)', description: 'Signs admin sessions.' },
  API_TOKEN_SALT: { group: 'Strapi', default: 'none (required)', description: 'Salt of API token hashes.' },
  TRANSFER_TOKEN_SALT: { group: 'Strapi', default: 'none (required)', description: 'Salt of transfer tokens.' },
  ENCRYPTION_KEY: {
    group: 'Strapi',
    default: 'none (required)',
    description: "Strapi's own encryption key (not the credentials' key above).",
  },
  JWT_SECRET: {
    group: 'Strapi',
    default: 'none (required)',
    description: 'Signs users-permissions tokens (read by that plugin itself).',
  },
  STRAPI_LOG_LEVEL: { group: 'Strapi', default: '`http`', description: 'Log level.' },
  WEBHOOKS_POPULATE_RELATIONS: { group: 'Strapi', default: 'false', description: 'Webhook payloads with relations.' },
  FLAG_NPS: { group: 'Strapi', default: 'true', description: "The admin's satisfaction survey." },
  FLAG_PROMOTE_EE: { group: 'Strapi', default: 'true', description: "The admin's Enterprise Edition promotion." },
  FLAG_DOC_LINKS: { group: 'Strapi', default: 'true', description: "The admin's documentation links." },
  LEAD_FORM_RATE_LIMIT: {
    group: 'Lead form',
    default: '10',
    description: 'Lead form submissions (`POST /api/leads`) allowed per client IP and window.',
  },
  LEAD_FORM_RATE_WINDOW_SECONDS: { group: 'Lead form', default: '60', description: 'The window, in seconds.' },
  DEMO_SANDBOX_PORT: { group: 'Scripts', default: '4010', description: 'Port of the sandbox `npm run demo` starts.' },
};

type JsonSchema = Record<string, any>;

function typeOf(field: JsonSchema): string {
  if (field.enum) return field.enum.map((v: unknown) => `\`${String(v)}\``).join(', ');
  if (field.anyOf) return field.anyOf.map(typeOf).join(' or ');
  return field.type === 'integer' ? 'whole number' : String(field.type ?? 'any');
}

function limitsOf(field: JsonSchema): string {
  const parts: string[] = [];
  const max = field.maximum !== undefined && field.maximum < Number.MAX_SAFE_INTEGER ? field.maximum : undefined;
  if (field.minimum !== undefined && max !== undefined) parts.push(`${field.minimum} to ${max}`);
  else if (field.minimum !== undefined) parts.push(`at least ${field.minimum}`);
  else if (max !== undefined) parts.push(`at most ${max}`);
  if (field.maxLength !== undefined) parts.push(`${field.minLength ?? 0} to ${field.maxLength} characters`);
  if (field.pattern) parts.push(`matches \`${field.pattern}\``);
  for (const option of field.anyOf ?? []) {
    const inner = limitsOf(option);
    if (inner) parts.push(inner);
  }
  return parts.join('; ');
}

export interface ConfigOption {
  /** Dotted path below easycars.config, e.g. "leads.generalEnquiry.make". */
  key: string;
  type: string;
  default: string;
  limits: string;
  description: string;
  env?: string;
}

/** Every setting (leaves, nested sections flattened), from the schema's JSON Schema. */
export function configOptions(): { section: string; description: string; options: ConfigOption[] }[] {
  const json = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const queueEnv = QUEUE_ENV as Record<string, readonly [string, unknown]>;
  const envOf = (key: string) =>
    key === 'reconciliation.schedule'
      ? 'EASYCARS_RECONCILIATION_SCHEDULE'
      : key.startsWith('queue.')
        ? queueEnv[key.slice('queue.'.length)]?.[0]
        : undefined;
  return Object.entries<JsonSchema>(json.properties).map(([section, schema]) => {
    const options: ConfigOption[] = [];
    const walk = (prefix: string, properties: Record<string, JsonSchema>) => {
      for (const [name, field] of Object.entries(properties)) {
        const key = `${prefix}.${name}`;
        if (field.type === 'object' && field.properties) {
          walk(key, field.properties);
          continue;
        }
        options.push({
          key,
          type: typeOf(field),
          default: `\`${JSON.stringify(field.default)}\``,
          limits: limitsOf(field),
          description: field.description ?? '',
          env: envOf(key),
        });
      }
    };
    walk(section, schema.properties);
    return { section, description: schema.description ?? '', options };
  });
}

/** Descriptions of nested sections (e.g. leads.generalEnquiry), said once above their settings. */
function nestedNotes(): string[] {
  const json = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const notes: string[] = [];
  for (const [section, schema] of Object.entries<JsonSchema>(json.properties)) {
    for (const [name, field] of Object.entries<JsonSchema>(schema.properties)) {
      if (field.type === 'object' && field.description) notes.push(`\`${section}.${name}\`: ${field.description}`);
    }
  }
  return notes;
}

export function renderConfiguration(): string {
  const sections = configOptions();
  const notes = nestedNotes();
  const lines = [
    '# Configuration reference',
    '',
    GENERATED_NOTE,
    '',
    'Two places configure EasyCars for Strapi: **environment variables** (`.env` or the environment; `.env.example`',
    'lists the essential ones) and the plugin settings in **`config/plugins.ts`** under `easycars.config`. This page is',
    "generated from the plugin's config schema (`plugins/easycars/server/src/config/schema.ts`) and from the variables",
    'the code reads; a test fails when one is missing here.',
    '',
    '## Plugin settings (`easycars.config`)',
    '',
    'Every section and every setting may be left out: a setting left out takes its default. A wrong value stops the',
    'start with a message naming the key, e.g. `easycars.config.leads.maxAttempts must be a whole number, at least 1`.',
    'Example:',
    '',
    '```ts',
    '// config/plugins.ts',
    'easycars: {',
    '  enabled: true,',
    "  resolve: './plugins/easycars',",
    "  config: { stock: { conflictStrategy: 'manual' }, retention: { days: 30 } },",
    '},',
    '```',
    '',
    'The old top-level keys `conflictStrategy`, `unlistSafetyShare`, `writeBatchSize` and `requestTimeoutMs` are still',
    'read (with a warning at start) and belong in `stock` and `easycars` now.',
    '',
  ];
  for (const { section, description, options } of sections) {
    lines.push(`### \`${section}\``, '', description, '');
    for (const note of notes.filter((n) => n.startsWith(`\`${section}.`))) lines.push(note, '');
    const withEnv = options.some((o) => o.env);
    lines.push(
      table(
        ['setting', 'type', 'default', 'limits', ...(withEnv ? ['environment'] : []), 'what it does'],
        options.map((o) => [
          `\`${o.key}\``,
          o.type,
          o.default,
          o.limits,
          ...(withEnv ? [o.env ? `\`${o.env}\`` : ''] : []),
          o.description,
        ])
      ),
      ''
    );
  }
  lines.push(
    '## Environment variables',
    '',
    'Every variable the app (`config/`, `src/`), the plugin and the scripts read. Blank counts as unset.',
    ''
  );
  const groups = [...new Set(Object.values(ENV_VARS).map((v) => v.group))];
  for (const group of groups) {
    lines.push(`### ${group}`, '');
    const rows = Object.entries(ENV_VARS)
      .filter(([, v]) => v.group === group)
      .map(([name, v]) => [`\`${name}\``, v.default, v.description]);
    lines.push(table(['variable', 'default', 'what it does'], rows), '');
  }
  return lines.join('\n');
}
