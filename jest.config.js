// Two projects: "unit" needs no Strapi (pure functions, the sandbox, the API client over HTTP, the generated docs);
// "strapi" boots a real Strapi per suite and so compiles the app once first.
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.strapi/', '<rootDir>/.cache/', '<rootDir>/build/'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist/'],
  setupFiles: ['<rootDir>/tests/helpers/env.js'],
};

module.exports = {
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/{unit,sandbox,client,docs}/**/*.test.ts'] },
    {
      ...common,
      displayName: 'strapi',
      testMatch: ['<rootDir>/tests/{api,e2e}/**/*.test.ts', '<rootDir>/tests/queue/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/helpers/global-setup.js',
    },
  ],
};
