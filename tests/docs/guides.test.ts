/**
 * The admin's Help & support panel links each page to its guide section: every page the plugin routes to has one,
 * and each names a page of docs/ and a heading that exist.
 */
import fs from 'fs';
import path from 'path';
import { guideOf, guideUrl } from '../../plugins/easycars/admin/src/guides';
import { root } from './generated';
import { anchorsOf } from './markdown';

/** The plugin's routes, as the admin's App declares them. */
function adminRoutes(): string[] {
  const app = fs.readFileSync(path.join(root, 'plugins/easycars/admin/src/pages/App.tsx'), 'utf8');
  return [...app.matchAll(/<Route path="([^"*]+)"/g)].map(([, route]) => route.replace(/:\w+/g, '1'));
}

it('gives every admin page a guide section that exists in docs/', () => {
  const routes = ['', ...adminRoutes()];
  expect(routes.length).toBeGreaterThan(10);
  const broken = routes.flatMap((route) => {
    const { doc } = guideOf(`/admin/plugins/easycars/${route}`);
    const [file, anchor] = doc.split('#');
    const full = path.join(root, 'docs', file);
    if (!fs.existsSync(full)) return [`${route}: docs/${file} does not exist`];
    if (anchor && !anchorsOf(fs.readFileSync(full, 'utf8')).has(anchor)) return [`${route}: no #${anchor} in ${file}`];
    return [];
  });
  expect(broken).toEqual([]);
});

it('picks the most specific guide, and the user guide for a page it does not know', () => {
  expect(guideOf('/admin/plugins/easycars/runs/42').doc).toBe('admin-history.md#a-runs-page');
  expect(guideOf('/admin/plugins/easycars/runs').doc).toBe('admin-history.md');
  expect(guideOf('/admin/plugins/easycars').title).toBe('Dashboard');
  expect(guideOf('/admin/plugins/easycars/elsewhere').doc).toBe('user-guide.md');
});

it('links from the documentation address, and only when one is set', () => {
  const guide = guideOf('/admin/plugins/easycars/conflicts');
  expect(guideUrl('https://git.example/site/docs/', guide)).toBe('https://git.example/site/docs/admin-conflicts.md');
  expect(guideUrl(null, guide)).toBeNull();
});
