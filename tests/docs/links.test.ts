/**
 * Every relative link in docs/ and the README points at a file that exists and, with a #fragment, at a heading of
 * it (GitHub's anchors: lower case, punctuation dropped, spaces to hyphens, "-1", "-2" for repeats).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { root } from './generated';
import { anchorsOf, slug } from './markdown';

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(file);
    return entry.name.endsWith('.md') ? [file] : [];
  });
}

/** The text without fenced code blocks and inline code, where brackets are not links. */
const prose = (text: string) => text.replace(/^(```|~~~)[\s\S]*?^\1/gm, '').replace(/`[^`\n]*`/g, '``');

function brokenLinks(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const broken: string[] = [];
  for (const [, target] of prose(text).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, mailto: …
    const [pathPart, fragment] = target.split('#');
    const resolved = pathPart ? path.resolve(path.dirname(file), decodeURIComponent(pathPart)) : file;
    const where = `${path.relative(root, file)}: ${target}`;
    if (!fs.existsSync(resolved)) {
      broken.push(`${where} (no such file)`);
      continue;
    }
    if (fragment && resolved.endsWith('.md') && !anchorsOf(fs.readFileSync(resolved, 'utf8')).has(fragment)) {
      broken.push(`${where} (no such heading)`);
    }
  }
  return broken;
}

describe('links in the documentation', () => {
  it('makes anchors as GitHub does', () => {
    expect(slug('Settings (`config/plugins.ts` → `easycars.config`)')).toBe('settings-configpluginsts--easycarsconfig');
    expect(slug('`easycars_sync_runs`')).toBe('easycars_sync_runs');
    expect([...anchorsOf('# A\n## A\n```\n# not\n```\n## B.c')]).toEqual(['a', 'a-1', 'bc']);
  });

  it('finds a broken link', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'easycars-links-'));
    try {
      const probe = path.join(dir, 'probe.md');
      fs.writeFileSync(probe, '# Probe\n[ok](#probe) [gone](missing.md) [bad](#nowhere) `[code](missing.md)`\n');
      expect(brokenLinks(probe).map((b) => b.replace(/^.*: /, ''))).toEqual([
        'missing.md (no such file)',
        '#nowhere (no such heading)',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('resolves every relative link and anchor of docs/ and the README', () => {
    const files = [path.join(root, 'README.md'), ...markdownFiles(path.join(root, 'docs'))];
    expect(files.flatMap(brokenLinks)).toEqual([]);
  });
});
