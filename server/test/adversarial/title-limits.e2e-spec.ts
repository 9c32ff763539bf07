import { MAX_SUMMARY_CHARS, MAX_TITLE_CHARS, writeMetaText, type MetaTextField } from '@knowledge-hub/shared';
import { type DemoApi, withDemoApp } from '../support/editing';

/** Finding 14: the title and summary limits hold for what is written through collab, not only for REST. */
let api: DemoApi;

withDemoApp((_app, demo) => {
  api = demo;
});

async function submitWithMeta(title: string, meta: Partial<Record<MetaTextField, string>>) {
  const entryId = await api.newEntry(title);
  await api.edit('alice', entryId, (doc) => {
    for (const [field, value] of Object.entries(meta)) writeMetaText(doc, field as MetaTextField, value);
  });
  return { entryId, res: await api.call('alice', 'POST', `/api/entries/${entryId}/revisions`) };
}

describe('finding 14: title and summary limits at submit', () => {
  it('finding 14: a 50,000-character title set through collab is refused at submit (422 title_too_long), nothing is frozen', async () => {
    const { entryId, res } = await submitWithMeta('Long title', { title: 'A'.repeat(50_000) });
    expect(res).toMatchObject({ status: 422, body: { code: 'title_too_long' } });
    expect((await api.call('alice', 'GET', `/api/entries/${entryId}/revisions`)).body).toEqual([]);
  });

  it('finding 14: a title of exactly the limit is accepted', async () => {
    const { res } = await submitWithMeta('Limit title', { title: 'B'.repeat(MAX_TITLE_CHARS) });
    expect(res.status).toBe(201);
  });

  it('finding 14: a summary over the limit is refused at submit (422 summary_too_long)', async () => {
    const { res } = await submitWithMeta('Long summary', { summary: 'S'.repeat(MAX_SUMMARY_CHARS + 1) });
    expect(res).toMatchObject({ status: 422, body: { code: 'summary_too_long' } });
  });

  it('finding 14: an empty or blank title is refused at submit (400 title_required)', async () => {
    for (const title of ['', '   \n\t ']) {
      const { res } = await submitWithMeta('Blank title', { title });
      expect(res).toMatchObject({ status: 400, body: { code: 'title_required' } });
    }
  });
});
