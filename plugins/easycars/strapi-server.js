'use strict';
// The server half is TypeScript compiled by the app's own build into <app>/dist; Strapi only loads a JS entry.
const path = require('path');

const distRoot =
  (globalThis.strapi && globalThis.strapi.dirs && globalThis.strapi.dirs.dist.root) ||
  path.join(__dirname, '..', '..', 'dist');

module.exports = require(path.join(distRoot, 'plugins', 'easycars', 'server', 'src'));
