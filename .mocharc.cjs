// Shared mocha settings; the spec globs live in package.json scripts so `--spec` picks a subset.
// One mocha run over every workspace. Integration suites ask @inventory/testkit for the
// infrastructure; it starts a private set on first use and the global teardown stops it.
module.exports = {
  'node-option': ['conditions=source', 'import=tsx'],
  require: ['libs/testkit/src/mocha-global-fixtures.ts'],
  timeout: 120000,
  exit: true,
  reporter: './mocha-totals-reporter.cjs',
};
