/**
 * The plugin's settings (config/plugins.ts → easycars.config): one schema, its defaults, and the types inferred from
 * it. Every section may be left out; every setting left out takes the default written here (the queue's take the
 * environment first, see QUEUE_ENV).
 */
import { z } from 'zod';
import { CONFLICT_STRATEGIES } from '../conflicts/merge';
import { VEHICLE_TYPE_CODE } from '../../../shared/contracts/leads';
import { DEFAULT_RECONCILIATION_SCHEDULE } from '../../../shared/contracts/connections';
import { cronProblem } from '../../../shared/cron';

/** One message for every way a number can be wrong, so the error reads the same for "soon", 0.5 and -1. */
function whole(min: number, max?: number) {
  const error =
    max === undefined ? `must be a whole number, at least ${min}` : `must be a whole number from ${min} to ${max}`;
  const atLeast = z.int({ error }).min(min, { error });
  return max === undefined ? atLeast : atLeast.max(max, { error });
}

const yesNo = () => z.boolean({ error: 'must be true or false' });

const text = (max: number) => {
  const error = `must be text of 1 to ${max} characters`;
  return z.string({ error }).trim().min(1, { error }).max(max, { error });
};

const section = <S extends z.core.$ZodLooseShape>(shape: S) =>
  z.strictObject(shape, { error: 'must be an object of settings' });

const VEHICLE_TYPES = Object.keys(VEHICLE_TYPE_CODE);

// Each setting's .describe() text is what docs/reference/configuration.md says about it (npm run docs:generate).

const easycarsSection = section({
  requestTimeoutMs: whole(100)
    .default(30_000)
    .describe('How long one EasyCars call may take, in ms, before it counts as a timeout.'),
}).describe('Calls to EasyCars, by stock and lead runs alike.');

const stockSection = section({
  conflictStrategy: z
    .enum(CONFLICT_STRATEGIES, { error: `must be one of ${CONFLICT_STRATEGIES.join(', ')}` })
    .default('easycars-wins')
    .describe(
      'How a field changed both here and in EasyCars since the last sync is settled, until a strategy is saved in Settings → Conflict strategies.'
    ),
  unlistSafetyShare: z
    .number({ error: 'must be a number from 0 to 1' })
    .min(0, { error: 'must be a number from 0 to 1' })
    .max(1, { error: 'must be a number from 0 to 1' })
    .default(0.5)
    .describe(
      'A feed that would unlist more than this share of the listed vehicles stops the run (the safety stop; a forced sync passes it).'
    ),
  writeBatchSize: whole(1, 5000).default(1000).describe('Vehicles written per transaction.'),
}).describe('The stock sync (EasyCars stock → vehicles).');

const generalEnquirySection = section({
  enabled: yesNo()
    .default(true)
    .describe('Send leads without a vehicle with the stand-in vehicle below; false: such a lead fails.'),
  make: text(100).default('General').describe("The stand-in vehicle's make."),
  model: text(50).default('Enquiry').describe("The stand-in vehicle's model."),
  type: z
    .enum(VEHICLE_TYPES, { error: `must be one of ${VEHICLE_TYPES.join(', ')}` })
    .default('car')
    .describe("The stand-in vehicle's type."),
  // EasyCars accepts 1900 to two years ahead, counted when the setting is read; null means the year the lead is sent
  year: whole(1900)
    .refine((year) => year <= new Date().getUTCFullYear() + 2, { error: 'must be at most two years ahead' })
    .nullable()
    .default(null)
    .describe("The stand-in vehicle's year (1900 to two years ahead); null: the year the lead is sent."),
  isNew: yesNo().default(false).describe('Whether the stand-in vehicle is new.'),
});

const leadsSection = section({
  pushOnCreate: yesNo()
    .default(true)
    .describe('Ask the job queue for a lead run as soon as a lead is created or its status changes.'),
  maxAttempts: whole(1)
    .default(8)
    .describe('Push attempts (each one a CreateLead try) before a lead is marked failed.'),
  backoffBaseMs: whole(0)
    .default(60_000)
    .describe('Delay in ms after the first failed attempt; doubles with each further attempt, up to backoffMaxMs.'),
  backoffMaxMs: whole(0).default(3_600_000).describe('The longest delay between two push attempts, in ms.'),
  staleAfterMs: whole(0)
    .default(15 * 60_000)
    .describe('A lead left "pushing" this long (ms) is taken to belong to a run that died.'),
  batchSize: whole(1).default(50).describe('Leads read per query while pushing.'),
  refreshLimit: whole(0)
    .default(200)
    .describe('Known leads read back with GetLeadDetail per run (those with a status to push always are).'),
  recoveryMaxProbes: whole(0)
    .default(40)
    .describe('GetLeadDetail calls one search for a possibly created lead may make before giving up.'),
  generalEnquiry: generalEnquirySection
    .prefault({})
    .describe(
      'EasyCars requires a vehicle on every lead: a lead with no linked vehicle and no vehicle fields (a general enquiry) is sent with this stand-in one.'
    ),
}).describe('The lead outbox (website leads → EasyCars) and the read-back of leads.');

const PREFIX_RULE = 'may only hold letters, digits, "_", "." and "-"';

const queueSection = section({
  redisUrl: z
    .string({ error: 'must be a Redis URL or null' })
    .trim()
    .min(1, { error: 'must be a Redis URL or null' })
    .nullable()
    .default(null)
    .describe('BullMQ on this Redis when set; the in-process driver otherwise.'),
  workers: yesNo().default(true).describe('Whether this instance runs jobs (false: web-only, it only enqueues).'),
  schedules: yesNo().default(true).describe("Whether this instance registers and fires the connections' schedules."),
  prefix: z
    .string({ error: PREFIX_RULE })
    .trim()
    .regex(/^[A-Za-z0-9_.-]+$/, { error: PREFIX_RULE })
    .default('easycars')
    .describe('Prefix of every Redis key the plugin writes (queue and locks).'),
  concurrency: whole(1).default(2).describe('Jobs one worker runs at the same time (different connections or kinds).'),
  lockTtlMs: whole(300)
    .default(30_000)
    .describe("Lifetime of a running run's lock, in ms; the worker refreshes it every third of this."),
  queuedLockTtlMs: whole(1000)
    .default(3_600_000)
    .describe("Lifetime of a queued run's lock, in ms, until a worker picks the job up."),
  jobLockMs: whole(200)
    .default(30_000)
    .describe('BullMQ job lock, in ms: a worker silent for this long counts as dead.'),
  stalledIntervalMs: whole(100).default(30_000).describe('How often (ms) BullMQ looks for jobs whose worker died.'),
  shutdownGraceMs: whole(0)
    .default(10_000)
    .describe('On shutdown, how long (ms) running syncs get to stop after being told to.'),
}).describe(
  'The job queue. A setting left out here takes its environment variable, if set (what config/plugins.ts sets wins).'
);

const ARCHIVE_RULE = 'must be a folder path (text) or null';

const retentionSection = section({
  days: whole(1)
    .default(90)
    .describe('Sync runs (and their items) that started more than this many days ago are deleted.'),
  archive: z
    .string({ error: ARCHIVE_RULE })
    .trim()
    .min(1, { error: ARCHIVE_RULE })
    .nullable()
    .default(null)
    .describe(
      'Where old runs are written before they are deleted, as gzip NDJSON files per day: a folder relative to the app root, or absolute. null: deleted only.'
    ),
  batchSize: whole(100, 10_000)
    .default(1000)
    .describe('Run items deleted per statement: each one is a short transaction, so a sync waits at most that long.'),
}).describe('The run-history clean-up: a daily system job, and "Clean up now" in the admin.');

const monitoringSection = section({
  retentionDays: whole(90)
    .default(90)
    .describe('Hourly and daily metric samples older than this many days are deleted (at least 90).'),
}).describe('The metric series kept in the plugin tables.');

const reconciliationSection = section({
  leadWalkMisses: whole(1, 1000)
    .default(20)
    .describe('The lead-number walk stops after this many numbers in a row that EasyCars does not know.'),
  concurrency: whole(1, 16).default(4).describe('GetLeadDetail calls at the same time.'),
  schedule: z
    .string({ error: 'must be a cron expression or null' })
    .trim()
    .refine((v) => cronProblem(v) === null, { error: 'must be a cron expression with 5 fields, or null' })
    .nullable()
    .default(DEFAULT_RECONCILIATION_SCHEDULE)
    .describe(
      'When a connection is reconciled unless its own reconciliation schedule says otherwise (cron, server time); ' +
        'null: not on a schedule.'
    ),
  emailWhenAgreeing: yesNo()
    .default(false)
    .describe('Whether a scheduled reconciliation that finds nothing e-mails too ("everything agrees").'),
}).describe('The reconciliation report.');

export const configSchema = section({
  easycars: easycarsSection.prefault({}),
  stock: stockSection.prefault({}),
  leads: leadsSection.prefault({}),
  queue: queueSection.prefault({}),
  retention: retentionSection.prefault({}),
  monitoring: monitoringSection.prefault({}),
  reconciliation: reconciliationSection.prefault({}),
});

export type EasyCarsConfig = z.infer<typeof configSchema>;
export type ConfigSection = keyof EasyCarsConfig;
export type LeadSettings = EasyCarsConfig['leads'];
export type QueueSettings = EasyCarsConfig['queue'];
export type RetentionSettings = EasyCarsConfig['retention'];

const onOff = z.stringbool({
  truthy: ['on', 'true', '1', 'yes'],
  falsy: ['off', 'false', '0', 'no'],
  error: 'must be "on" or "off"',
});

/** The environment variable behind each queue setting, and how its text becomes the setting's type. */
export const QUEUE_ENV = {
  redisUrl: ['REDIS_URL', z.string()],
  workers: ['EASYCARS_WORKERS', onOff],
  schedules: ['EASYCARS_SCHEDULES', onOff],
  prefix: ['EASYCARS_QUEUE_PREFIX', z.string()],
  concurrency: ['EASYCARS_WORKER_CONCURRENCY', z.string().transform(Number)],
  lockTtlMs: ['EASYCARS_LOCK_TTL_MS', z.string().transform(Number)],
  queuedLockTtlMs: ['EASYCARS_QUEUED_LOCK_TTL_MS', z.string().transform(Number)],
  jobLockMs: ['EASYCARS_JOB_LOCK_MS', z.string().transform(Number)],
  stalledIntervalMs: ['EASYCARS_STALLED_INTERVAL_MS', z.string().transform(Number)],
  shutdownGraceMs: ['EASYCARS_SHUTDOWN_GRACE_MS', z.string().transform(Number)],
} as const satisfies Record<keyof QueueSettings, readonly [string, z.ZodType]>;

/** The queue settings the environment gives (blank counts as unset); a bad value throws, naming the variable. */
export function queueSettingsFromEnv(env: NodeJS.ProcessEnv): Partial<QueueSettings> {
  const found: Record<string, unknown> = {};
  for (const [key, [name, read]] of Object.entries(QUEUE_ENV) as [
    keyof QueueSettings,
    readonly [string, z.ZodType],
  ][]) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    const result = read.pipe(queueSection.shape[key]).safeParse(raw);
    if (!result.success) throw new Error(`${name} ${result.error.issues[0].message} (got "${raw}")`);
    found[key] = result.data;
  }
  return found as Partial<QueueSettings>;
}

/** Settings that were top-level keys before the sections, and where they live now. */
export const FLAT_KEYS = {
  conflictStrategy: 'stock',
  unlistSafetyShare: 'stock',
  writeBatchSize: 'stock',
  requestTimeoutMs: 'easycars',
} as const satisfies Record<string, ConfigSection>;

type FlatKey = keyof typeof FLAT_KEYS;

/** The flat keys set in a configuration, e.g. ["conflictStrategy"]. */
export function flatKeysIn(raw: unknown): FlatKey[] {
  const given = (raw ?? {}) as Record<string, unknown>;
  return (Object.keys(FLAT_KEYS) as FlatKey[]).filter((key) => given[key] !== undefined);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The configuration checked and completed with its defaults. Flat keys are moved into their sections; the queue
 * section takes what it leaves unset from `env`. Throws one Error listing every problem, each naming its key, e.g.
 * "easycars.config.leads.maxAttempts must be a whole number, at least 1".
 */
export function parseConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env): EasyCarsConfig {
  const input: Record<string, unknown> = isRecord(raw) ? { ...raw } : {};
  const problems: string[] = [];
  // errors about a moved key name the key the way it was written
  const writtenAs = new Map<string, string>();
  for (const key of flatKeysIn(input)) {
    const section = FLAT_KEYS[key];
    if (input[section] !== undefined && !isRecord(input[section])) continue; // the schema reports the section
    const target: Record<string, unknown> = { ...(input[section] as Record<string, unknown> | undefined) };
    if (target[key] !== undefined) {
      problems.push(
        `easycars.config.${key} and easycars.config.${section}.${key} are both set: keep only ${section}.${key}`
      );
    }
    target[key] = input[key];
    input[section] = target;
    delete input[key];
    writtenAs.set(`${section}.${key}`, key);
  }
  // the environment supplies defaults only: what easycars.config.queue sets wins
  if (input.queue === undefined || isRecord(input.queue))
    input.queue = { ...queueSettingsFromEnv(env), ...input.queue };
  // EASYCARS_RECONCILIATION_SCHEDULE: a cron, or "off"; easycars.config.reconciliation.schedule wins
  const schedule = env.EASYCARS_RECONCILIATION_SCHEDULE?.trim();
  if (schedule && (input.reconciliation === undefined || isRecord(input.reconciliation)))
    input.reconciliation = { schedule: schedule === 'off' ? null : schedule, ...input.reconciliation };

  const result = configSchema.safeParse(input);
  if (result.success && problems.length === 0) return result.data;
  for (const issue of result.error?.issues ?? []) {
    const at = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push(`easycars.config.${at ? `${at}.` : ''}${key} is not a known setting`);
    } else {
      problems.push(`easycars.config.${writtenAs.get(at) ?? at} ${issue.message}`);
    }
  }
  throw new Error(problems.join('; '));
}

/** The defaults alone (no configuration, no environment): what the docs list. */
export const defaultConfig = (): EasyCarsConfig => parseConfig({}, {});
