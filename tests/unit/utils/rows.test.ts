/**
 * Document ids for rows written in bulk: the shape Strapi's own ids have, so the document service reads them as
 * document ids (a string that begins with a digit is read as a numeric row id in a relation).
 */
import { newDocumentId } from '../../../plugins/easycars/server/src/utils/rows';

test('a new document id is 24 lowercase letters and digits and begins with a letter', () => {
  const ids = Array.from({ length: 2000 }, newDocumentId);
  for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]{23}$/);
  expect(new Set(ids).size).toBe(ids.length);
});
