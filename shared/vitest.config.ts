import { defineConfig } from 'vitest/config';

/** Unit tests of the shared package (pure functions, run in Node): `npm test -w shared`. */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
  },
});
