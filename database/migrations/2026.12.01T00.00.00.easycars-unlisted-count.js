'use strict';
/**
 * The run count of vehicles a stock sync unlisted was called "removed" (`removed_count`); it is `unlisted_count`
 * now. Runs recorded before keep their counts: the column is renamed before Strapi syncs the schema (which would
 * otherwise add an empty column and drop the old one).
 */
const TABLE = 'easycars_sync_runs';

module.exports = {
  async up(knex) {
    if (!(await knex.schema.hasTable(TABLE))) return;
    if (!(await knex.schema.hasColumn(TABLE, 'removed_count'))) return;
    if (await knex.schema.hasColumn(TABLE, 'unlisted_count')) return;
    await knex.schema.alterTable(TABLE, (table) => table.renameColumn('removed_count', 'unlisted_count'));
  },
};
