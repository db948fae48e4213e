'use strict';
/**
 * One vocabulary across the plugin's tables: the run count of vehicles a stock sync unlisted was `removed_count`
 * and is `unlisted_count`; the local document of a record state was `local_document_id` and is `local_id`, as on
 * run items and conflicts. The columns are renamed before Strapi syncs the schema (which would otherwise add empty
 * columns and drop the old ones), so what was recorded before is kept.
 */
const RENAMES = [
  { table: 'easycars_sync_runs', from: 'removed_count', to: 'unlisted_count' },
  { table: 'easycars_record_states', from: 'local_document_id', to: 'local_id' },
];

module.exports = {
  async up(knex) {
    for (const { table, from, to } of RENAMES) {
      if (!(await knex.schema.hasTable(table))) continue;
      if (!(await knex.schema.hasColumn(table, from)) || (await knex.schema.hasColumn(table, to))) continue;
      await knex.schema.alterTable(table, (t) => t.renameColumn(from, to));
    }
  },
};
