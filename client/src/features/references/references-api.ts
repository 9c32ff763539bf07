import { ApiError, request } from '../../api/http';
import type { Translate } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import type { CslItem } from '@knowledge-hub/shared';

/** The answer of `POST /api/references/parse` (shared's ParseReferencesResponse). */
interface ParseReferencesResponse {
  items: CslItem[];
}

/** Turns a pasted DOI, PMID, BibTeX, RIS or CSL-JSON into CSL-JSON items (parsed and resolved on the server). */
export function parseReferences(input: string, signal?: AbortSignal): Promise<ParseReferencesResponse> {
  return request<ParseReferencesResponse>('POST', '/api/references/parse', { body: { input }, signal });
}

/** The sentence for a failed parse: what was wrong with the input, else the general error text. */
export function referenceErrorText(t: Translate, error: unknown): string {
  if (error instanceof ApiError) {
    const code: string = error.code;
    // Before this build knows the codes, the status tells them apart (400 unreadable, 422 not resolvable).
    if (code === 'reference_unresolvable' || (error.unknownCode && error.status === 422)) return t('references.unresolvable');
    if (code === 'reference_invalid' || (error.unknownCode && error.status === 400)) return t('references.invalid');
  }
  return errorText(t, error);
}
