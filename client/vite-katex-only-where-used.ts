import type { Plugin } from 'vite';

const STUB = '\0knowledge-hub-katex-unused';

/**
 * Keeps KaTeX out of the editor's chunk. @tiptap/extension-mathematics imports KaTeX at its top for its own node
 * views, which the editor replaces (math-nodes.ts draws formulas with KaTeX loaded on first use, see
 * src/features/math/katex-load.ts). Bundled as is, that import made every entry's load fetch and evaluate KaTeX,
 * with or without a formula. For that package only, `katex` resolves to a stub that fails loudly if the package
 * ever draws a formula itself; everywhere else it is KaTeX.
 */
export function katexOnlyWhereUsed(): Plugin {
  return {
    name: 'knowledge-hub-katex-only-where-used',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === 'katex' && importer && /[\\/]@tiptap[\\/]extension-mathematics[\\/]/.test(importer)) return STUB;
      return null;
    },
    load(id) {
      if (id !== STUB) return null;
      return `const unused = () => { throw new Error('@tiptap/extension-mathematics drew a formula itself: the editor draws them (math-nodes.ts)'); };
export default { render: unused, renderToString: unused };`;
    },
  };
}
