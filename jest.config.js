/**
 * One Jest run for unit tests beside the code (*.spec.ts) and multi-process tests under test/ (*.e2e-spec.ts).
 * @noble/* and @scure/* ship ESM only, so they pass through the swc transform too.
 */
const fs = require('node:fs');
const path = require('node:path');

const libs = [
  'protocol',
  'crypto',
  'consensus',
  'cdn',
  'storage',
  'l1',
  'config',
  'telemetry',
  'sequencer-api',
  'rollup-bridge',
  'signer',
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // A folder with nothing tracked yet does not exist in a fresh clone.
  roots: ['apps', 'libs', 'test', 'bench']
    .filter((dir) => fs.existsSync(path.join(__dirname, dir)))
    .map((dir) => `<rootDir>/${dir}`),
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  // The Docker demo's test builds images and runs containers: `npm run test:docker` (test/docker/run.js) runs it.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/docker/'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@noble|@scure|@nestjs)/)'],
  moduleNameMapper: Object.fromEntries(
    libs.flatMap((lib) => [
      [`^@hotshot/${lib}$`, `<rootDir>/libs/${lib}/src`],
      // Test support (fixtures, contract suites) that the build leaves out.
      [`^@hotshot/${lib}/testing$`, `<rootDir>/libs/${lib}/src/testing`],
    ]),
  ),
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // HOTSHOT_BLS_BACKEND picks the BLS backend for the whole run (the fallback check runs the suites on noble).
  setupFiles: ['<rootDir>/test/support/bls-backend.setup.ts'],
  testTimeout: 30_000,
  // `npm test` collects coverage of the consensus core only: the one library with a coverage floor (issue 5).
  collectCoverageFrom: ['libs/consensus/src/**/*.ts', '!**/*.spec.ts', '!**/testing/**', '!**/index.ts'],
  coverageReporters: ['text-summary'],
  coverageThreshold: { './libs/consensus/src/': { lines: 90 } },
};
