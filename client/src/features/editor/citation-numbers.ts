/**
 * Citations are numbered by first appearance in the text, counting only
 * citations of references that exist: the first cited reference is [1], a
 * later citation of it is [1] again. A citation of a deleted reference has
 * no number ([?]) and takes none from the others.
 */
export function citationNumbers(citedInOrder: readonly (string | null | undefined)[], exists: (ref: string) => boolean): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const ref of citedInOrder) {
    if (!ref || numbers.has(ref) || !exists(ref)) continue;
    numbers.set(ref, numbers.size + 1);
  }
  return numbers;
}

/** How a citation shows in the text. */
export function citationLabel(numbers: ReadonlyMap<string, number>, ref: string | null | undefined): string {
  const n = ref ? numbers.get(ref) : undefined;
  return n === undefined ? '[?]' : `[${n}]`;
}
