// Compiles the app (and the plugin server) into dist once per run; each suite then boots from dist.
const path = require('path');

module.exports = async () => {
  require('./env');
  const { compileStrapi } = require('@strapi/strapi');
  await compileStrapi({ appDir: path.resolve(__dirname, '..', '..') });
};
