/*
 * KaTeX (about 260 KB of script), loaded once, only where a formula is shown or written: the editor's formulas
 * (math-nodes.ts), the formula panel, a revision diff's formula previews. An entry without formulas never loads
 * it; evaluating it was one of the longest tasks of an entry's load on a phone.
 */
import { loadOnce } from '../../ui/load-once';

export type Katex = typeof import('katex').default;

let loaded: Katex | null = null;
const whenLoaded = new Set<() => void>();

/** Runs `listener` once KaTeX is in (at once if it is), whoever asked for it. */
export function onKatexLoaded(listener: () => void): void {
  if (loaded) listener();
  else whenLoaded.add(listener);
}

/** KaTeX, fetched and evaluated on the first call (and again after a failed fetch). */
export const loadKatex: () => Promise<Katex> = loadOnce(() =>
  import('katex').then((m) => {
    loaded = m.default;
    for (const listener of whenLoaded) listener();
    whenLoaded.clear();
    return loaded;
  }),
);

/** KaTeX if it has been loaded, else null (then loadKatex() says when it is). */
export function katexIfLoaded(): Katex | null {
  return loaded;
}
