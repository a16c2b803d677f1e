/** Browser journeys: playwright-core driving Debian's Chromium, axe-core on every page. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': 'ts-jest' },
  testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
  testTimeout: 120000,
};
