/** `npm run docs:generate`: writes every generated documentation file (see files.ts). */
import fs from 'fs';
import path from 'path';
import { GENERATED_FILES } from './files';

const root = path.resolve(__dirname, '..', '..');
for (const [file, render] of Object.entries(GENERATED_FILES)) {
  const target = path.join(root, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, render());
  console.log(`wrote ${file}`);
}
