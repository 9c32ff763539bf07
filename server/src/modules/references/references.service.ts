import { Inject, Injectable } from '@nestjs/common';
import { type CslItem, parseDoi, type ParseReferencesResponse } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { DomainError } from '../../common/domain-error';
import { authorize } from '../../common/policy';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { parseRecords, recordFormat } from './citation';
import { resolveDoi } from './doi-resolver';

const PMID = /^(pmid:\s*)?\d{1,9}$/i;

/**
 * Turns what a member pastes as a reference into CSL items: records (BibTeX,
 * RIS, CSL-JSON) offline; a DOI through DOI_RESOLVER_URL when it is set. A
 * DOI without a resolver, and a PMID (no resolver for those), are 422
 * reference_unresolvable: the member pastes the record instead.
 */
@Injectable()
export class ReferencesService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async parse(actor: Actor | null, input: string): Promise<ParseReferencesResponse> {
    authorize(actor, actor !== null && (actor.isAdmin || actor.memberships.size > 0), 'add references');
    const doi = parseDoi(input);
    if (doi) {
      if (!this.config.doiResolver)
        throw new DomainError('reference_unresolvable', `DOIs are not looked up on this hub: paste the BibTeX, RIS or CSL-JSON record of ${doi}`);
      return { items: [await resolveDoi(this.config.doiResolver, doi)] };
    }
    if (PMID.test(input.trim()))
      throw new DomainError('reference_unresolvable', 'PubMed ids are not looked up on this hub: paste the record (BibTeX, RIS or CSL-JSON) instead');
    return { items: parseOffline(input) };
  }
}

function parseOffline(input: string): CslItem[] {
  const format = recordFormat(input);
  if (!format) throw new DomainError('reference_invalid', 'This is not a DOI, PMID, BibTeX, RIS or CSL-JSON record');
  let items: CslItem[];
  try {
    items = parseRecords(input, format);
  } catch (err) {
    throw new DomainError(
      'reference_invalid',
      `The ${format === 'csl-json' ? 'CSL-JSON' : format === 'ris' ? 'RIS' : 'BibTeX'} record could not be read: ${(err as Error).message}`.slice(0, 300),
    );
  }
  if (items.length === 0) throw new DomainError('reference_invalid', 'The record holds no reference with a title, DOI or URL');
  return items;
}
