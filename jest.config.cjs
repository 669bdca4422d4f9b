/** Tests live in test/, one file per concern. Type checking is `npm run typecheck`'s job. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: { module: 'commonjs', target: 'ES2019', esModuleInterop: true, resolveJsonModule: true } }] },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
};
