/**
 * `npm test`: builds the admin if needed (the browser tests use it), then runs every jest suite in one process
 * (suites boot their own Strapi; in parallel they would only fight over two cores), then prints one summary line.
 * Extra arguments go to jest, e.g. `npm test -- tests/api`.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ensureAdminBuild } = require('./admin-build');

const root = path.resolve(__dirname, '..');
ensureAdminBuild();

const resultFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'easycars-jest-')), 'result.json');
const jest = spawnSync(
  process.execPath,
  [
    path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
    '--runInBand',
    // every suite stops its Strapi, queues and servers; a handle one leaves behind must not hold the run open
    // after its results are in
    '--forceExit',
    '--json',
    `--outputFile=${resultFile}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' } }
);

if (fs.existsSync(resultFile)) {
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  const db = process.env.DATABASE_CLIENT === 'postgres' ? 'PostgreSQL' : 'SQLite';
  console.log(`\nDatabase: ${db}`);
  console.log(`${result.numPassedTests} passed, ${result.numFailedTests} failed`);
  if (result.numTotalTests === 0) process.exit(1);
}
process.exit(jest.status ?? 1);
