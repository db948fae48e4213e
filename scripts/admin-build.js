/**
 * Builds the Strapi admin (and server) unless the last build came from the same sources.
 * The browser tests and the demo need the built admin; rebuilding takes about a minute, so skip it when current.
 */
const { execFileSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const stampFile = path.join(root, 'dist', 'build', '.easycars-build-stamp');
const inputs = ['plugins', 'src', 'config', 'package-lock.json', 'tsconfig.json'];

function listFiles(p) {
  const full = path.join(root, p);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return [p];
  return fs.readdirSync(full).flatMap((name) => listFiles(path.join(p, name)));
}

function sourceHash() {
  const hash = crypto.createHash('sha256');
  for (const file of inputs.flatMap(listFiles).sort()) {
    hash.update(file).update(fs.readFileSync(path.join(root, file)));
  }
  return hash.digest('hex');
}

function ensureAdminBuild() {
  const hash = sourceHash();
  const current = fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === hash;
  if (current) return;
  console.log('Building the Strapi admin (about a minute)…');
  execFileSync(path.join(root, 'node_modules', '.bin', 'strapi'), ['build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true', NODE_OPTIONS: '--max-old-space-size=4096' },
  });
  fs.writeFileSync(stampFile, hash);
}

module.exports = { ensureAdminBuild };

if (require.main === module) ensureAdminBuild();
