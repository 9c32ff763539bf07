import { asCslItem, type CslItem } from '@knowledge-hub/shared';
import { DomainError } from '../../common/domain-error';

/** Largest resolver answer read (a CSL-JSON item is a few kilobytes). */
const MAX_ANSWER_BYTES = 262_144;
/** doi.org answers content negotiation with a redirect to the registration agency (Crossref, DataCite…). */
const MAX_REDIRECTS = 3;

/**
 * Resolves a DOI to a CSL-JSON item by content negotiation: GET
 * `<resolver>/<doi>` with `Accept: application/vnd.citationstyles.csl+json`.
 * The only outgoing request of the references feature. Redirects are
 * followed (at most MAX_REDIRECTS, https or the resolver's own origin only);
 * the whole lookup has `timeoutMs`; the answer is read up to
 * MAX_ANSWER_BYTES and must be one CSL item with a title.
 */
export async function resolveDoi(resolver: { url: string; timeoutMs: number }, doi: string): Promise<CslItem> {
  const signal = AbortSignal.timeout(resolver.timeoutMs);
  const origin = new URL(resolver.url).origin;
  let url = `${resolver.url}/${doi.split('/').map(encodeURIComponent).join('/')}`;
  try {
    for (let hop = 0; ; hop++) {
      const res = await fetch(url, { headers: { Accept: 'application/vnd.citationstyles.csl+json' }, redirect: 'manual', signal });
      if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
        await res.body?.cancel();
        const next = new URL(res.headers.get('location')!, url);
        if (hop >= MAX_REDIRECTS || (next.protocol !== 'https:' && next.origin !== origin))
          throw failed(`The DOI resolver redirected too often or to ${next.protocol}`);
        url = next.href;
        continue;
      }
      if (res.status === 404 || res.status === 410) {
        await res.body?.cancel();
        throw new DomainError('reference_not_found', `No publication has the DOI ${doi}`);
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw failed(`The DOI resolver answered ${res.status}`);
      }
      return toItem(await readLimited(res), doi);
    }
  } catch (err) {
    if (err instanceof DomainError) throw err;
    if (signal.aborted) throw new DomainError('reference_resolver_timeout', `The DOI resolver did not answer within ${resolver.timeoutMs} ms`);
    throw failed('The DOI resolver could not be reached');
  }
}

function failed(message: string): DomainError {
  return new DomainError('reference_resolver_failed', message);
}

async function readLimited(res: Response): Promise<string> {
  const length = Number(res.headers.get('content-length'));
  if (length > MAX_ANSWER_BYTES) {
    await res.body?.cancel();
    throw failed('The DOI resolver answered too much');
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body?.getReader();
  if (!reader) return '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_ANSWER_BYTES) {
      await reader.cancel();
      throw failed('The DOI resolver answered too much');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function toItem(body: string, doi: string): CslItem {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw failed('The DOI resolver did not answer CSL-JSON');
  }
  const item = asCslItem(Array.isArray(json) && json.length === 1 ? json[0] : json);
  if (!item || typeof item.title !== 'string' || !item.title.trim()) throw failed('The DOI resolver did not answer a CSL item with a title');
  const { id: _id, ...rest } = item;
  return { ...rest, DOI: typeof rest.DOI === 'string' && rest.DOI ? rest.DOI : doi };
}
