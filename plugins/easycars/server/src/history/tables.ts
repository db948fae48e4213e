/** Table and column names of a model, as Strapi named them, for the queries the query engine cannot express. */
import type { Core } from '@strapi/strapi';

export interface Table {
  name: string;
  /** The column of an attribute (`runId` → `run_id`). */
  col(attribute: string): string;
}

export function tableOf(strapi: Core.Strapi, uid: string): Table {
  const meta = strapi.db.metadata.get(uid as any);
  const attributes = meta.attributes as Record<string, { columnName?: string }>;
  return {
    name: meta.tableName,
    col: (attribute) => attributes[attribute]?.columnName ?? attribute,
  };
}
