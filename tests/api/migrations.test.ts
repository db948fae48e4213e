/**
 * Database migrations of the plugin, against a real database: an install from before a rename keeps its data.
 */
import path from 'path';
import type { Core } from '@strapi/strapi';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

let strapi: Core.Strapi;
const TABLE = 'easycars_sync_runs';
// Strapi loads migrations as CommonJS files by path; the test loads the same file the same way
// eslint-disable-next-line @typescript-eslint/no-require-imports
const migration = require(
  path.resolve(__dirname, '../../database/migrations/2026.12.01T00.00.00.easycars-one-vocabulary.js')
);

beforeAll(async () => {
  strapi = await setupStrapi();
});

afterAll(async () => {
  await teardownStrapi();
});

describe('one vocabulary: removed_count became unlisted_count, local_document_id became local_id', () => {
  it('is a migration Strapi runs at start', async () => {
    const names = (await strapi.db.connection('strapi_migrations').select('name')).map((r: { name: string }) => r.name);
    expect(names).toContain('2026.12.01T00.00.00.easycars-one-vocabulary.js');
  });

  it('keeps the counts of runs recorded before, under the new name', async () => {
    const runs = strapi.plugin('easycars').service('runs');
    const run = await runs.create({ connectionId: 'c1', kind: 'stock', direction: 'inbound', trigger: 'manual' });
    const knex = strapi.db.connection;
    // the table as an install from before the rename has it
    await knex.schema.alterTable(TABLE, (t) => t.renameColumn('unlisted_count', 'removed_count'));
    await knex(TABLE).where({ id: run.id }).update({ removed_count: 7 });

    await migration.up(knex);
    await migration.up(knex); // and again: nothing left to do

    expect(await knex.schema.hasColumn(TABLE, 'removed_count')).toBe(false);
    expect((await runs.findOne(run.id)).counts.unlisted).toBe(7);
  });

  it('keeps the local document of record states recorded before, under the name items and conflicts use', async () => {
    const knex = strapi.db.connection;
    const states = 'easycars_record_states';
    await knex.schema.alterTable(states, (t) => t.renameColumn('local_id', 'local_document_id'));
    await knex(states).insert({
      document_id: 'state-1',
      connection_id: 'c1',
      entity: 'vehicle',
      external_key: '::S1',
      local_document_id: 'vehicle-1',
    });

    await migration.up(knex);

    const row = await strapi.db.query('plugin::easycars.record-state').findOne({ where: { externalKey: '::S1' } });
    expect(row.localId).toBe('vehicle-1');
  });
});
