/**
 * `npm run worker`: a process that only runs EasyCars sync jobs, for scale-out. It boots Strapi from the compiled
 * app (dist/) without the HTTP server and works the BullMQ queue named by REDIS_URL and EASYCARS_QUEUE_PREFIX.
 * SIGTERM or SIGINT stops it: running syncs are asked to stop (EASYCARS_SHUTDOWN_GRACE_MS), then Strapi shuts down.
 */
const fs = require('fs');
const path = require('path');

const appDir = path.resolve(__dirname, '..');
const distDir = path.join(appDir, 'dist');

function fail(message) {
  console.error(`easycars worker: ${message}`);
  process.exit(1);
}

if (!process.env.REDIS_URL) fail('REDIS_URL is not set; without Redis the syncs run inside Strapi and need no worker.');
if (!fs.existsSync(path.join(distDir, 'plugins', 'easycars', 'server', 'src', 'index.js'))) {
  fail('the app is not compiled; run `npm run build` first.');
}
// this process exists to run jobs, whatever the web instances are set to
process.env.EASYCARS_WORKERS = 'on';

const { createStrapi } = require('@strapi/strapi');

(async () => {
  // createStrapi also handles SIGTERM/SIGINT: destroy() (the queue stops its workers) and exit
  const strapi = await createStrapi({ appDir, distDir }).load();
  const status = strapi.plugin('easycars').service('queue').status();
  console.log(`easycars worker ready: ${JSON.stringify(status)}`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
