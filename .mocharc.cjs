// One mocha run over every workspace. Integration suites ask @inventory/testkit for the
// infrastructure; it starts a private set on first use and the global teardown stops it.
module.exports = {
  'node-option': ['conditions=source', 'import=tsx'],
  spec: ['{contracts,libs/*,infra/local,command-service,query-service,reporting-worker,gateway}/src/**/*.test.ts'],
  require: ['libs/testkit/src/mocha-global-fixtures.ts'],
  timeout: 120000,
  exit: true,
  reporter: 'spec',
};
