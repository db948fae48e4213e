/** The plugin's config schema: defaults, the errors that stop the start, old flat keys, the queue's environment. */
import fs from 'fs';
import path from 'path';
import config, { getConfig, warnFlatKeys } from '../../plugins/easycars/server/src/config';
import { defaultConfig, parseConfig } from '../../plugins/easycars/server/src/config/schema';

const strapiWith = (settings: unknown) =>
  ({ config: { get: (key: string) => (key === 'plugin::easycars' ? settings : undefined) } }) as any;

describe('config schema', () => {
  it('needs no configuration at all', () => {
    expect(() => config.validator({})).not.toThrow();
    expect(defaultConfig()).toMatchObject({
      easycars: { requestTimeoutMs: 30000 },
      stock: { conflictStrategy: 'easycars-wins', unlistSafetyShare: 0.5, writeBatchSize: 1000 },
      retention: { days: 90, archive: null, batchSize: 1000 },
      monitoring: { retentionDays: 90 },
    });
  });

  it.each([
    [{ leads: { maxAttempts: 0 } }, 'easycars.config.leads.maxAttempts must be a whole number, at least 1'],
    [
      { stock: { conflictStrategy: 'mine' } },
      'easycars.config.stock.conflictStrategy must be one of easycars-wins, local-wins, newest-wins, manual',
    ],
    [{ stock: { unlistSafetyShare: 2 } }, 'easycars.config.stock.unlistSafetyShare must be a number from 0 to 1'],
    [{ stock: { writeBatchSize: 9000 } }, 'easycars.config.stock.writeBatchSize must be a whole number from 1 to 5000'],
    [
      { easycars: { requestTimeoutMs: 50 } },
      'easycars.config.easycars.requestTimeoutMs must be a whole number, at least 100',
    ],
    [
      { leads: { generalEnquiry: { type: 'plane' } } },
      'easycars.config.leads.generalEnquiry.type must be one of car, motorbike',
    ],
    [
      { leads: { generalEnquiry: { year: 3000 } } },
      'easycars.config.leads.generalEnquiry.year must be at most two years ahead',
    ],
    [
      { monitoring: { retentionDays: 30 } },
      'easycars.config.monitoring.retentionDays must be a whole number, at least 90',
    ],
    [{ retention: { days: 0 } }, 'easycars.config.retention.days must be a whole number, at least 1'],
    [{ retention: { archive: 42 } }, 'easycars.config.retention.archive must be a folder path (text) or null'],
    [{ retention: { archive: '  ' } }, 'easycars.config.retention.archive must be a folder path (text) or null'],
    [{ retention: { batchSize: 50 } }, 'easycars.config.retention.batchSize must be a whole number from 100 to 10000'],
    [{ retention: { runsDays: 30 } }, 'easycars.config.retention.runsDays is not a known setting'],
    [{ queue: { workers: 'off' } }, 'easycars.config.queue.workers must be true or false'],
    [{ leads: { maxAttemps: 3 } }, 'easycars.config.leads.maxAttemps is not a known setting'],
    [{ leads: 5 }, 'easycars.config.leads must be an object of settings'],
  ])('refuses %j at start', (settings, message) => {
    expect(() => config.validator(settings)).toThrow(message);
  });

  it('lists every problem at once', () => {
    expect(() => parseConfig({ stock: { writeBatchSize: 0 }, leads: { batchSize: 0 } }, {})).toThrow(
      'easycars.config.stock.writeBatchSize must be a whole number from 1 to 5000; easycars.config.leads.batchSize must be a whole number, at least 1'
    );
  });
});

describe('flat keys from before the sections', () => {
  it('are read into their sections, also when set at run time', () => {
    const strapi = strapiWith({ conflictStrategy: 'manual', writeBatchSize: 10, requestTimeoutMs: 2000 });
    expect(getConfig(strapi, 'stock')).toEqual({
      conflictStrategy: 'manual',
      unlistSafetyShare: 0.5,
      writeBatchSize: 10,
    });
    expect(getConfig(strapi, 'easycars')).toEqual({ requestTimeoutMs: 2000 });
  });

  it('are checked under the name they were written with', () => {
    expect(() => config.validator({ unlistSafetyShare: -1 })).toThrow(
      'easycars.config.unlistSafetyShare must be a number from 0 to 1'
    );
  });

  it('are named at start, with their new place', () => {
    const warn = jest.fn();
    warnFlatKeys({ ...strapiWith({ requestTimeoutMs: 2000, leads: {} }), log: { warn } });
    expect(warn.mock.calls).toEqual([
      [
        '[easycars] easycars.config.requestTimeoutMs is deprecated: move it to easycars.config.easycars.requestTimeoutMs',
      ],
    ]);
  });

  it('may not be set both ways', () => {
    expect(() => config.validator({ writeBatchSize: 10, stock: { writeBatchSize: 20 } })).toThrow(
      'easycars.config.writeBatchSize and easycars.config.stock.writeBatchSize are both set: keep only stock.writeBatchSize'
    );
  });
});

describe('queue settings', () => {
  it('take the environment for what easycars.config.queue leaves out', () => {
    const env = { EASYCARS_WORKER_CONCURRENCY: '3', EASYCARS_SHUTDOWN_GRACE_MS: '5', EASYCARS_SCHEDULES: ' ' };
    expect(parseConfig({ queue: { concurrency: 5 } }, env).queue).toMatchObject({
      concurrency: 5,
      shutdownGraceMs: 5,
      schedules: true,
    });
  });

  it('name the variable when it is malformed', () => {
    expect(() => parseConfig({}, { EASYCARS_JOB_LOCK_MS: '1.5' })).toThrow(
      'EASYCARS_JOB_LOCK_MS must be a whole number, at least 200 (got "1.5")'
    );
  });
});

/** The `| \`section.key\` | \`default\` | …` rows of the settings tables in the docs. */
function documentedDefaults(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const doc of ['stock-sync.md', 'leads.md', 'jobs.md', 'admin-reconciliation.md']) {
    const text = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', doc), 'utf8');
    for (const [, key, value] of text.matchAll(/^\| `([a-zA-Z]+(?:\.[a-zA-Z]+)+)` \| `([^`]*)` \|/gm))
      rows.set(key, value);
  }
  return rows;
}

/** Every setting of the schema with its default, as the docs write it (`easycars-wins`, `0.5`, `null`). */
function schemaDefaults(value: unknown, prefix = ''): [string, string][] {
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => schemaDefaults(inner, prefix ? `${prefix}.${key}` : key));
  }
  return [[prefix, String(value)]];
}

it('documents every setting with the default of the schema', () => {
  expect(Object.fromEntries(documentedDefaults())).toEqual(Object.fromEntries(schemaDefaults(defaultConfig())));
});
