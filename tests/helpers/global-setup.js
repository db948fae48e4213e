// Compiles the app (and the plugin server) into dist once per run; each suite then boots from dist.
const fs = require('fs');
const path = require('path');

module.exports = async () => {
  require('./env');
  const { compileStrapi } = require('@strapi/strapi');
  const appDir = path.resolve(__dirname, '..', '..');
  // a file moved or deleted in the sources must not live on in dist (dist/build, the admin, is kept)
  for (const part of ['config', 'src', 'plugins', 'database', 'tests', 'sandbox', 'bench', 'scripts']) {
    fs.rmSync(path.join(appDir, 'dist', part), { recursive: true, force: true });
  }
  await compileStrapi({ appDir });
};
