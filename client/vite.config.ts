/// <reference types="node" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { inlineEntryCss } from './vite-inline-css';
import { precompress } from './vite-precompress';
import { katexOnlyWhereUsed } from './vite-katex-only-where-used';

/** Where `npm run dev -w client` finds the server (override with KH_SERVER_ORIGIN). */
const API_ORIGIN = process.env.KH_SERVER_ORIGIN ?? 'http://localhost:3000';

/** How the workspace's bundles (the pages' and the workers') drop unused shared schemas. */
const sharedTreeshake = {
  // The shared package only declares constants, types and zod schemas.
  // The client validates nothing with zod (the server does), so letting
  // unused schemas be dropped keeps zod out of the bundle.
  moduleSideEffects: (id: string) => !/[\\/](shared[\\/]dist|node_modules[\\/]zod)[\\/]/.test(id),
  // …but a shared module the client imports a constant from would still keep its
  // top-level `z.…()` calls (and all of zod): building a schema has no side effects.
  manualPureFunctions: ['z'],
};

/**
 * The workspace is served by the server under /app/. In development, Vite
 * proxies the REST API and both WebSocket endpoints to a local server so the
 * session cookie stays same-origin.
 */
export default defineConfig({
  base: '/app/',
  plugins: [react(), inlineEntryCss(), precompress(), katexOnlyWhereUsed()],
  resolve: {
    // One Yjs in the bundle: two copies break `instanceof` checks between
    // y-websocket, the Tiptap binding and our Y.Doc ("Yjs was already imported").
    dedupe: ['yjs', 'y-prosemirror', '@tiptap/y-tiptap', 'lib0'],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // dist/.vite/manifest.json: which files each page's chunk is, for the server's preload links (server/src/workspace-page.ts).
    manifest: true,
    sourcemap: true,
    // Fonts are always files: a small one inlined as a data: URL (KaTeX's) is
    // refused by the workspace CSP (font-src 'self'). Other assets keep Vite's default.
    assetsInlineLimit: (file: string) => (/\.(woff2?|ttf|otf|eot)$/i.test(file) ? false : undefined),
    rolldownOptions: {
      treeshake: sharedTreeshake,
      output: {
        // The editor's libraries, loaded with the first opened entry, in two cacheable chunks.
        codeSplitting: {
          // Only the libraries named below; React stays in the entry chunk.
          includeDependenciesRecursively: false,
          groups: [
            { name: 'yjs', test: /node_modules[\\/](yjs|lib0|y-protocols|y-websocket)[\\/]/ },
            {
              name: 'tiptap',
              // (with the stub that stands for KaTeX in @tiptap/extension-mathematics: in any other chunk, the two would import each other)
              test: /node_modules[\\/](@tiptap|prosemirror-[a-z-]+|linkifyjs|orderedmap|rope-sequence|w3c-keyname|fast-equals|use-sync-external-store)[\\/]|knowledge-hub-katex-unused/,
            },
          ],
        },
      },
    },
  },
  // Workers as ES modules (new Worker(url, { type: 'module' })): the changes count's (changes-counter.ts).
  worker: { format: 'es', rolldownOptions: { treeshake: sharedTreeshake } },
  server: {
    proxy: {
      '/api': { target: API_ORIGIN, changeOrigin: false },
      '/collab': { target: API_ORIGIN, ws: true },
      '/realtime': { target: API_ORIGIN, ws: true },
    },
  },
});
