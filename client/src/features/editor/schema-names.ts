/**
 * The node and mark names of the entry body, as the contract of issue 11
 * fixes them (Tiptap's own names; shared/src/editor-schema.ts renders exactly
 * these, and lists but does not export them one by one). The top-level Y.Map
 * of the entry's references is shared's DOC_REFERENCES.
 */
export { DOC_REFERENCES } from '@knowledge-hub/shared';
export const LINK = 'link';
export const TABLE = 'table';
export const IMAGE = 'image';
export const INLINE_MATH = 'inlineMath';
export const BLOCK_MATH = 'blockMath';
export const CITATION = 'citation';
