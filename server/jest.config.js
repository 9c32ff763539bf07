/** @type {import('jest').Config} */
const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};

module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', swcOptions] },
  // NestJS 12, lib0, openid-client (with oauth4webapi and jose) and our shared package are ESM-only: let swc turn them into CommonJS.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|@knowledge-hub|lib0|y-protocols|y-websocket|file-type|strtok3|token-types|uint8array-extras|@tokenizer|@borewit|openid-client|oauth4webapi|jose|node-fetch|data-uri-to-buffer|fetch-blob|formdata-polyfill|d3-geo|d3-array|internmap)/)',
  ],
  // file-type's exports offer no `require` condition (only `import` and `module-sync`, which Node 20.19+ requires natively but jest's resolver does not know): point jest at its entry.
  moduleNameMapper: { '^file-type$': require.resolve('file-type') },
  testTimeout: 60_000,
  maxWorkers: 2,
};
