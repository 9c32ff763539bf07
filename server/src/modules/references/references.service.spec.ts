import { parseConfig } from '../../config/config';
import { actor } from '../../../test/support/actors';
import { ReferencesService } from './references.service';

/** Parsing without a DOI resolver (the default): records work offline, identifiers are refused with a clear code. */
describe('ReferencesService without DOI_RESOLVER_URL', () => {
  const service = new ReferencesService(parseConfig({ NODE_ENV: 'test' }));

  it('refuses a DOI or a PMID (422 reference_unresolvable) and contacts nothing', async () => {
    const fetchSpy = jest.spyOn(globalThis, 'fetch');
    for (const input of ['10.1000/xyz', 'https://doi.org/10.1000/xyz', 'doi:10.1000/xyz', '12345678', 'PMID: 12345678']) {
      await expect(service.parse(actor('contributor'), input)).rejects.toMatchObject({ code: 'reference_unresolvable', statusCode: 422 });
    }
    expect(fetchSpy).not.toHaveBeenCalled();
    fetchSpy.mockRestore();
  });

  it('reads a record offline, for members of any group and admins only', async () => {
    const bib = '@book{k, title={Offline book}, author={Li, Wei}, year={2001}}';
    for (const who of ['contributor', 'moderator', 'member-elsewhere', 'admin'] as const) {
      expect((await service.parse(actor(who), bib)).items).toEqual([expect.objectContaining({ title: 'Offline book', type: 'book' })]);
    }
    await expect(service.parse(actor('outsider'), bib)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(service.parse(actor('anonymous'), bib)).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('keeps at most the CSL fields it knows the types of, and drops citation-js bookkeeping', async () => {
    const { items } = await service.parse(actor('contributor'), JSON.stringify({ id: 'x', title: 42, _graph: [1], author: 'not a list', custom: { a: 1 } }));
    expect(items).toEqual([{ title: '42', custom: { a: 1 } }]);
  });
});
