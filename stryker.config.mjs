// Mutation testing: `npm run mutate` (not part of `npm test` or CI; it takes a while).
// Each mutant of the runtime sources is run against the jest tests that cover it; the report is
// printed and written to reports/mutation/index.html.
// @ts-check

// The property tests (test/properties.test.ts) run 1000 cases each in `npm test`; against a
// mutant, 100 cases from a fixed seed, without shrinking, find what they find at a tenth of the cost.
process.env.MINICALL_PROPERTY_RUNS = process.env.MINICALL_PROPERTY_RUNS || '100';
process.env.MINICALL_PROPERTY_SEED = process.env.MINICALL_PROPERTY_SEED || '20240601';

/** Tests that check no runtime logic of src/ (data files, the CLI, examples, real HTTP of the testing kit). */
const NOT_RUNTIME = [
  '/test/cli\\.test\\.ts$',
  '/test/generated\\.test\\.ts$',
  '/test/catalog-data\\.test\\.ts$',
  '/test/examples-[^/]*\\.test\\.ts$',
  '/test/simulate\\.test\\.ts$',
  '/test/testing-network\\.test\\.ts$',
  // The built package and its tarball, not the sources.
  '/test/package(-es5)?\\.test\\.ts$',
  // Loads fresh copies of the package inside its tests: Stryker would then count every module-level
  // table as covered by these few tests alone, instead of as loaded before any test (see ignoreStatic).
  '/test/package-copies\\.test\\.ts$',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.cjs',
    config: { testPathIgnorePatterns: ['/node_modules/', ...NOT_RUNTIME] },
    enableFindRelatedTests: false,
  },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // The core runtime. The rest of src/ (the UnionPay client, the English hints entry, the solutions
  // entry, the client factories) is left out to keep a run near half an hour on two cores; add it
  // with `npx stryker run stryker.config.mjs --mutate 'src/**/*.ts'` when there is time.
  mutate: [
    'src/client-core.ts',
    'src/pipeline.ts',
    'src/invoke.ts',
    'src/api-name.ts',
    'src/policy.ts',
    'src/policy-check.ts',
    'src/errors/*.ts',
    'src/catalog/lookup.ts',
    'src/catalog/registry.ts',
    'src/policies/*.ts',
    'src/platforms/*.ts',
    'src/signal.ts',
    'src/util.ts',
    '!src/**/*.data.ts',
    '!src/solutions/data.ts',
    '!src/runtime.d.ts',
    // The testing kit is tested, but it is not the product's runtime.
    '!src/testing/**',
  ],
  // Mutants of module-level tables run every test (a few hundred, some spawning tsc) and would be
  // most of the run's time; they are reported as ignored.
  ignoreStatic: true,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  tempDirName: '.stryker-tmp',
  // A second run re-tests only the mutants whose code or covering tests changed.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  cleanTempDir: true,
  thresholds: { high: 80, low: 60, break: null },
  timeoutMS: 10000,
};
