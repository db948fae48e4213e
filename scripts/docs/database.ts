/**
 * The database schema reference: every table of EasyCars for Strapi and each field's meaning. Plugin tables come
 * from their content-type schemas (`content-types/<name>/schema.ts`, descriptions from the comment above each
 * attribute, else database-fields.ts), the site's vehicles and leads from their schema.json (vehicle fields filled
 * from one EasyCars member say which), and the metric tables, made with knex, from the list below.
 */
import fs from 'fs';
import path from 'path';
import contentTypes from '../../plugins/easycars/server/src/content-types';
import { SAMPLES_TABLE, TOTALS_TABLE } from '../../plugins/easycars/server/src/monitoring/store';
import { BIN_COUNT } from '../../plugins/easycars/server/src/monitoring/aggregate';
import { VEHICLE_FIELD_MAP } from '../../plugins/easycars/server/src/sync/stock/map';
import { FIELD_NOTES } from './database-fields';
import { GENERATED_NOTE, table } from './markdown';
import { attributeComments } from './schema-comments';

const root = path.resolve(__dirname, '..', '..');
const PLUGIN_TYPES = 'plugins/easycars/server/src/content-types';

interface Attribute {
  type: string;
  enum?: readonly string[];
  required?: boolean;
  private?: boolean;
  default?: unknown;
  relation?: string;
  target?: string;
}

interface Schema {
  collectionName: string;
  info: { singularName: string; displayName: string; description?: string };
  attributes: Record<string, Attribute>;
  indexes?: { name: string; columns: string[]; type?: string }[];
}

export interface Field {
  name: string;
  column: string;
  type: string;
  description: string;
}

export interface Table {
  name: string;
  uid: string;
  description: string;
  source: string;
  fields: Field[];
  indexes: string[];
}

/** Strapi's column names: the attribute name in snake case. */
const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

function typeOf(attribute: Attribute): string {
  if (attribute.type === 'enumeration')
    return `enumeration: ${(attribute.enum ?? []).map((v) => `\`${v}\``).join(', ')}`;
  if (attribute.type === 'relation') return `relation (${attribute.relation} → \`${attribute.target}\`)`;
  const flags = [attribute.required ? 'required' : '', attribute.private ? 'private' : ''].filter(Boolean);
  const base =
    attribute.default !== undefined
      ? `${attribute.type}, default \`${JSON.stringify(attribute.default)}\``
      : attribute.type;
  return flags.length ? `${base} (${flags.join(', ')})` : base;
}

/** Which EasyCars member fills each vehicle attribute, and how. */
function vehicleOrigins(): Record<string, string> {
  const origins: Record<string, string[]> = {};
  for (const [member, landing] of Object.entries(VEHICLE_FIELD_MAP)) {
    if (landing.attribute.startsWith('rawData.')) continue;
    (origins[landing.attribute] ??= []).push(`\`${member}\` (${landing.rule})`);
  }
  return Object.fromEntries(Object.entries(origins).map(([a, members]) => [a, `From EasyCars ${members.join(', ')}.`]));
}

function tableOf(model: string, uid: string, schema: Schema, source: string, comments: Record<string, string>): Table {
  const fields = Object.entries(schema.attributes).map(([name, attribute]) => ({
    name,
    column: attribute.type === 'relation' ? '(join table)' : snake(name),
    type: typeOf(attribute),
    description: comments[name] ?? FIELD_NOTES[`${model}.${name}`] ?? FIELD_NOTES[name] ?? '',
  }));
  return {
    name: schema.collectionName,
    uid,
    description: schema.info.description ?? '',
    source,
    fields,
    indexes: (schema.indexes ?? []).map((i) => `\`${i.name}\` (${i.columns.join(', ')})${i.type ? ` ${i.type}` : ''}`),
  };
}

const AGGREGATE_COLUMNS: Field[] = [
  { name: 'n', column: 'n', type: 'bigInteger', description: 'How many values were added (calls, runs, samples).' },
  { name: 'total', column: 'total', type: 'double', description: 'Their sum.' },
  { name: 'peak', column: 'peak', type: 'double', description: 'The largest of them.' },
  ...Array.from({ length: BIN_COUNT }, (_, i) => ({
    name: `h${i}`,
    column: `h${i}`,
    type: 'bigInteger',
    description: `Histogram bin ${i} (for percentiles such as p95).`,
  })),
];

/** The metric tables the monitoring store creates with knex (monitoring/store.ts, its only writer). */
export const METRIC_TABLES: Table[] = [
  {
    name: SAMPLES_TABLE,
    uid: '(knex table)',
    description:
      'Metric series: one row per resolution (`m` 1-minute, `h` hourly, `d` daily), metric, bucket and label set; written by adding, so instances can share a bucket. Minute rows are kept about 2 days, hourly and daily ones `monitoring.retentionDays`.',
    source: 'plugins/easycars/server/src/monitoring/store.ts',
    fields: [
      { name: 'resolution', column: 'resolution', type: 'string(1)', description: '`m`, `h` or `d`.' },
      { name: 'metric', column: 'metric', type: 'string(64)', description: 'The metric, e.g. sync duration.' },
      { name: 'bucket', column: 'bucket', type: 'bigInteger', description: 'Start of the bucket, Unix seconds.' },
      { name: 'labels', column: 'labels', type: 'string(255)', description: 'The label set (kind, endpoint, …).' },
      ...AGGREGATE_COLUMNS,
    ],
    indexes: ['primary key (resolution, metric, bucket, labels)', '`easycars_metric_samples_age` (resolution, bucket)'],
  },
  {
    name: TOTALS_TABLE,
    uid: '(knex table)',
    description: 'The same figures since the start, never pruned: what the Prometheus counters and histograms read.',
    source: 'plugins/easycars/server/src/monitoring/store.ts',
    fields: [
      { name: 'metric', column: 'metric', type: 'string(64)', description: 'The metric.' },
      { name: 'labels', column: 'labels', type: 'string(255)', description: 'The label set.' },
      ...AGGREGATE_COLUMNS,
    ],
    indexes: ['primary key (metric, labels)'],
  },
];

export function databaseTables(): { plugin: Table[]; site: Table[]; metrics: Table[] } {
  const plugin = Object.entries(contentTypes as Record<string, { schema: Schema }>).map(([model, { schema }]) =>
    tableOf(
      model,
      `plugin::easycars.${model}`,
      schema,
      `${PLUGIN_TYPES}/${model}/schema.ts`,
      attributeComments(path.join(root, PLUGIN_TYPES, model, 'schema.ts'))
    )
  );
  const site = (['vehicle', 'lead'] as const).map((model) => {
    const source = `src/api/${model}/content-types/${model}/schema.json`;
    const schema = JSON.parse(fs.readFileSync(path.join(root, source), 'utf8')) as Schema;
    return tableOf(model, `api::${model}.${model}`, schema, source, model === 'vehicle' ? vehicleOrigins() : {});
  });
  return { plugin, site, metrics: METRIC_TABLES };
}

function renderTable(t: Table): string[] {
  return [
    `### \`${t.name}\``,
    '',
    `${t.description}${t.description.endsWith('.') ? '' : '.'} Model \`${t.uid}\`, defined in \`${t.source}\`.`,
    '',
    table(
      ['field', 'column', 'type', 'meaning'],
      t.fields.map((f) => [
        `\`${f.name}\``,
        f.column.startsWith('(') ? f.column : `\`${f.column}\``,
        f.type,
        f.description,
      ])
    ),
    '',
    ...(t.indexes.length ? [`Indexes: ${t.indexes.join('; ')}.`, ''] : []),
  ];
}

export function renderDatabase(): string {
  const { plugin, site, metrics } = databaseTables();
  const all = [...plugin, ...site, ...metrics];
  return [
    '# Database schema reference',
    '',
    GENERATED_NOTE,
    '',
    "Every table EasyCars for Strapi uses, on SQLite and PostgreSQL alike, with each field's meaning. Strapi creates the",
    'content-type tables from their schemas at start and adds its own columns to each: `id`, `document_id`,',
    '`created_at`, `updated_at`, `published_at`, `created_by_id`, `updated_by_id` and `locale`. *private* fields never',
    'leave through the content API. Column renames of earlier versions are migrations in `database/migrations`.',
    '',
    '| table | what it holds |',
    '|---|---|',
    ...all.map((t) => `| [\`${t.name}\`](#${t.name}) | ${t.description} |`),
    '',
    '## Plugin tables',
    '',
    "Each has one writer (see the README's layout); none of them is in the Content Manager.",
    '',
    ...plugin.flatMap(renderTable),
    '## Site tables',
    '',
    "The dealership site's own content types, written by the syncs. Vehicle fields are described further in",
    '[vehicle-fields.md](../vehicle-fields.md); leads in [leads.md](../leads.md).',
    '',
    ...site.flatMap(renderTable),
    '## Metric tables',
    '',
    'Made with knex at start by the monitoring store (not content types, so Strapi adds no column to them).',
    '',
    ...metrics.flatMap(renderTable),
  ].join('\n');
}
