import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/**
 * Unit tests of the workspace: `npm test -w client`. Pure logic runs in Node;
 * a component test opts into a DOM with `// @vitest-environment happy-dom`.
 * They import the shared package from shared/dist (build it first).
 */
export default defineConfig({
  plugins: [react()],
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
