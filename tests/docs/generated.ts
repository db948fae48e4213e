/** Helpers of the documentation tests: a generated file as committed, next to what the code renders now. */
import fs from 'fs';
import path from 'path';
import { GENERATED_FILES } from '../../scripts/docs/files';

export const root = path.resolve(__dirname, '..', '..');

export function expectFresh(file: string) {
  const render = GENERATED_FILES[file];
  if (!render) throw new Error(`${file} is not a generated file`);
  const committed = fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), 'utf8') : '';
  // a plain comparison would print both files; this names the file and the command that fixes it
  if (committed !== render()) throw new Error(`${file} is stale: run npm run docs:generate`);
}
