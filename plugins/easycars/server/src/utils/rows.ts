import { randomBytes } from 'crypto';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const ALPHANUMERICS = `${LETTERS}0123456789`;

/**
 * A document id in the shape Strapi uses (24 lowercase alphanumerics, a letter first), for rows written in bulk.
 * The letter matters: Strapi reads a relation given as a string that begins with a digit as a numeric row id.
 */
export function newDocumentId(): string {
  const [first, ...rest] = randomBytes(24);
  return LETTERS[first % 26] + rest.map((b) => ALPHANUMERICS[b % 36]).join('');
}

/** The columns the document service would fill, for rows written in bulk through the query engine. */
export function stampNewRow<T extends object>(data: T, now: Date) {
  return { ...data, documentId: newDocumentId(), createdAt: now, updatedAt: now, publishedAt: now };
}

/** A time read from a row (a Date, an ISO text, or milliseconds on SQLite) as ISO text; null when there is none. */
export const isoOf = (value: unknown): string | null => (value ? new Date(value as string).toISOString() : null);
