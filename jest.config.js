export default { testEnvironment: 'node', roots: ['<rootDir>/dist/'], testMatch: ['**/*.spec.js'], transform: {} };
