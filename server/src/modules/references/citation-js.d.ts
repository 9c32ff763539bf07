/** The few parts of citation-js (which ships no types) that citation.ts uses. */
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown, options?: { forceType?: string });
    data: unknown[];
    format(format: string, options?: Record<string, unknown>): unknown;
  }
  export const plugins: {
    input: { remove(format: string): void; has(format: string): boolean };
  };
}
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
declare module '@citation-js/plugin-csl';
