/** Jest runs on tsc's output in native ESM mode (NestJS 12 packages are ESM-only). */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/dist/src', '<rootDir>/dist/test'],
  testMatch: ['**/*.spec.js', '**/*.e2e-spec.js'],
  transform: {},
  testTimeout: 20_000,
  maxWorkers: 2,
};
