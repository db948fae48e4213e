/**
 * Where the product's user-facing failure and refusal messages are made, found by reading the plugin's sources:
 * - `test:<stage>` each outcome stage of Test connection (easycars/client.ts, connections/service.ts);
 * - `class:<Name>` each exported error class of the server;
 * - `throw:<file> <Class> <start of message>` each Strapi error thrown with a message (400, 403, 404);
 * - `const:<NAME>` each exported message constant (`*_REFUSED`, `*_MESSAGE(S)`);
 * - `run:<kind>` each kind of EasyCars failure a run's error message words (sync/describe-error.ts);
 * - `error:<file> <start of message>` each plain Error thrown with a message;
 * - `stop:<file> <start of message>` each written run or job error message (`errorMessage: \`…\``);
 * - `fn:<name>` each exported function that words a reason (`…Reason`);
 * - `admin:<file> <start of message>` each failure or refusal the admin pages word themselves (admin-messages.ts).
 * troubleshooting-messages.ts gives each one a cause and a resolution; the test fails on a source without one.
 */
import fs from 'fs';
import path from 'path';
import { adminMessages } from './admin-messages';

const root = path.resolve(__dirname, '..', '..');
const SERVER = 'plugins/easycars/server/src';
const SHARED = 'plugins/easycars/shared';

function files(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return files(rel);
    return entry.name.endsWith('.ts') ? [rel] : [];
  });
}

/** The first argument of a call, from just after its "(" up to the first top-level "," or ")", shortened. */
function firstArgument(text: string, from: number): string {
  let depth = 0;
  let end = from;
  for (; end < text.length; end++) {
    const ch = text[end];
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) {
      if (depth === 0) break;
      depth--;
    } else if (ch === ',' && depth === 0) break;
  }
  return text.slice(from, end).replace(/\s+/g, ' ').trim().slice(0, 60);
}

export function messageSources(): string[] {
  const found = new Set<string>();
  const client = fs.readFileSync(path.join(root, SERVER, 'easycars/client.ts'), 'utf8');
  const testFailure = client.slice(client.indexOf('function testFailure('));
  for (const m of testFailure.matchAll(/stage: '(\w+)'/g)) found.add(`test:${m[1]}`);
  // a saved connection's test adds the stages of credentials that cannot be used as stored
  const connections = fs.readFileSync(path.join(root, SERVER, 'connections/service.ts'), 'utf8');
  for (const m of connections.matchAll(/stage: '(\w+)'/g)) found.add(`test:${m[1]}`);
  const describe = fs.readFileSync(path.join(root, SERVER, 'sync/describe-error.ts'), 'utf8');
  for (const m of describe.matchAll(/case '(\w+)':/g)) found.add(`run:${m[1]}`);
  found.add('run:default');

  for (const file of [...files(SERVER), ...files(SHARED)]) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const m of text.matchAll(/export class (\w+) extends \w+/g)) found.add(`class:${m[1]}`);
    for (const m of text.matchAll(/export const (\w*(?:_REFUSED|_MESSAGES?))\b/g)) found.add(`const:${m[1]}`);
    for (const m of text.matchAll(/new errors\.(\w+)\(/g)) {
      const arg = firstArgument(text, (m.index ?? 0) + m[0].length);
      found.add(`throw:${file.slice(SERVER.length + 1)} ${m[1]} ${arg}`);
    }
    for (const m of text.matchAll(/throw new Error\(/g)) {
      found.add(`error:${file.slice(SERVER.length + 1)} ${firstArgument(text, (m.index ?? 0) + m[0].length)}`);
    }
    for (const m of text.matchAll(/errorMessage:\s*/g)) {
      const arg = firstArgument(text, (m.index ?? 0) + m[0].length);
      if (/[`']/.test(arg) && !arg.startsWith('{') && !file.includes('/content-types/'))
        found.add(`stop:${file.slice(SERVER.length + 1)} ${arg}`);
    }
    for (const m of text.matchAll(/export function (\w+Reason)\(/g)) found.add(`fn:${m[1]}`);
  }
  for (const message of adminMessages()) found.add(`admin:${message}`);
  return [...found].sort();
}
