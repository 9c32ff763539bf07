/**
 * Loads an ESM-only package (file-type, …) from this CommonJS server, once,
 * on first use: `lazyEsm(() => import('file-type'))`.
 *
 * Why a literal `import()` inside a closure: tsc (module nodenext) keeps it a
 * real dynamic import in the build, so Node loads the package as ESM; under
 * jest, swc turns it into a require() of the package, which jest transforms to
 * CommonJS (list the package and its ESM-only dependencies in
 * server/jest.config.js transformIgnorePatterns). The literal specifier keeps
 * the package's types. A failed load is not cached: the next call tries again.
 */
export function lazyEsm<M>(load: () => Promise<M>): () => Promise<M> {
  let loading: Promise<M> | null = null;
  return () => {
    loading ??= load().catch((err: unknown) => {
      loading = null;
      throw err;
    });
    return loading;
  };
}
