import { z } from 'zod';
import { type CslItem, MAX_REFERENCE_INPUT_CHARS } from './references.js';

/**
 * `POST /api/references/parse` (signed-in members): `input` is a DOI (bare,
 * doi:…, or https://doi.org/…), a PMID, BibTeX, RIS or CSL-JSON (an item or a
 * list). Answers the CSL items to put into the document's references map (the
 * client picks each item's id). Errors: 400 reference_invalid (not one of
 * those), 422 reference_unresolvable (a DOI without DOI_RESOLVER_URL, or a
 * PMID), 404 reference_not_found, 504 reference_resolver_timeout, 502
 * reference_resolver_failed.
 */
export const parseReferencesBody = z.object({
  input: z.string().trim().min(1, 'paste a DOI, PMID, BibTeX, RIS or CSL-JSON record').max(MAX_REFERENCE_INPUT_CHARS),
});
export type ParseReferencesBody = z.infer<typeof parseReferencesBody>;

export interface ParseReferencesResponse {
  items: CslItem[];
}
