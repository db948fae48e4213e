// Test defaults; anything already set in the environment wins.
const defaults = {
  NODE_ENV: 'test',
  STRAPI_TELEMETRY_DISABLED: 'true',
  HOST: '127.0.0.1',
  STRAPI_LOG_LEVEL: 'warn',
  APP_KEYS: 'testKeyA,testKeyB',
  API_TOKEN_SALT: 'test-api-token-salt',
  ADMIN_JWT_SECRET: 'test-admin-jwt-secret',
  TRANSFER_TOKEN_SALT: 'test-transfer-token-salt',
  JWT_SECRET: 'test-jwt-secret',
  ENCRYPTION_KEY: 'test-encryption-key',
  // 32 bytes, base64: a throw-away key for tests only
  // schedules would fire during suites; the queue tests turn them on where they test them
  EASYCARS_SCHEDULES: 'off',
  // the weekly reconciliation is left out of every suite but the one that tests it
  EASYCARS_RECONCILIATION_SCHEDULE: 'off',
  // the placeholder address of connections that are never called (nothing listens on the discard port)
  EASYCARS_ALLOWED_BASE_URLS: 'http://127.0.0.1:9',
  EASYCARS_ENCRYPTION_KEY: 'dGVzdC1rZXktZm9yLWVhc3ljYXJzLXRlc3RzLW9ubHk=',
};
for (const [k, v] of Object.entries(defaults)) if (process.env[k] === undefined) process.env[k] = v;
