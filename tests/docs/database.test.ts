/** The database reference lists every table and field with a meaning, and is committed as generated. */
import fs from 'fs';
import path from 'path';
import contentTypes from '../../plugins/easycars/server/src/content-types';
import { databaseTables } from '../../scripts/docs/database';
import { renderDatabase } from '../../scripts/docs/database';
import { expectFresh, root } from './generated';

describe('database schema reference', () => {
  const { plugin, site, metrics } = databaseTables();
  const page = renderDatabase();

  it('has every plugin content type and both site content types, each field with a meaning', () => {
    const names = Object.values(contentTypes as Record<string, { schema: { collectionName: string } }>).map(
      ({ schema }) => schema.collectionName
    );
    expect(plugin.map((t) => t.name)).toEqual(names);
    expect(site.map((t) => t.name)).toEqual(['vehicles', 'leads']);
    for (const t of [...plugin, ...site]) {
      expect({ table: t.name, undescribed: t.fields.filter((f) => !f.description).map((f) => f.name) }).toEqual({
        table: t.name,
        undescribed: [],
      });
      for (const field of t.fields) expect(page).toContain(`| \`${field.name}\` |`);
    }
  });

  it('has every column the monitoring store creates', () => {
    const store = fs.readFileSync(path.join(root, 'plugins/easycars/server/src/monitoring/store.ts'), 'utf8');
    const made = [...store.matchAll(/table\.(?:string|bigInteger|double|integer|float|text)\('(\w+)'/g)].map(
      (m) => m[1]
    );
    const documented = new Set(metrics.flatMap((t) => t.fields.map((f) => f.column)));
    expect(made.length).toBeGreaterThan(5);
    expect(made.filter((column) => !documented.has(column))).toEqual([]);
    // the tables the store names are the ones documented
    const tables = [...store.matchAll(/_TABLE = '(\w+)'/g)].map((m) => m[1]);
    expect(metrics.map((t) => t.name).sort()).toEqual(tables.sort());
  });

  it('is committed as generated', () => {
    expectFresh('docs/reference/database.md');
  });
});
