import { randomBytes } from 'crypto';

/** A document id in the shape Strapi uses (24 lowercase alphanumerics), for rows written in bulk. */
export function newDocumentId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(24), (b) => alphabet[b % 36]).join('');
}

/** The columns the document service would fill, for rows written in bulk through the query engine. */
export function stampNewRow<T extends object>(data: T, now: Date) {
  return { ...data, documentId: newDocumentId(), createdAt: now, updatedAt: now, publishedAt: now };
}
