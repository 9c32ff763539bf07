import * as Y from 'yjs';
import { DOC_BODY, META_SUMMARY, META_TITLE, writeMetaText } from '@knowledge-hub/shared';
import { type DemoApi, withDemoApp, paragraph } from '../support/editing';

/** Finding 13: hostile input answers 4xx (or succeeds), never 500. */
let api: DemoApi;

withDemoApp((_app, demo) => {
  api = demo;
});

describe('finding 13: no 500 on hostile entry input', () => {
  it('finding 13: a NUL in a title is refused when creating an entry (400), not a 500', async () => {
    const res = await api.call('alice', 'POST', '/api/groups/vaccines/entries', { title: 'Bad\u0000title' });
    expect(res).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
  });

  it('finding 13: NULs written through collab (title, summary, text, attributes) do not break submitting', async () => {
    const entryId = await api.newEntry('Nul via collab');
    await api.edit('alice', entryId, (doc) => {
      writeMetaText(doc, META_TITLE, 'Nul\u0000title');
      writeMetaText(doc, META_SUMMARY, 'Sum\u0000mary');
      const heading = new Y.XmlElement('heading');
      heading.setAttribute('level', '2\u0000');
      doc.getXmlFragment(DOC_BODY).insert(0, [heading, paragraph('Body\u0000text')]);
    });
    const res = await api.call('alice', 'POST', `/api/entries/${entryId}/revisions`);
    expect(res.status).toBe(201);
    const detail = await api.call('mod', 'GET', `/api/revisions/${res.body.id}`);
    expect(detail.body).toMatchObject({ title: 'Nultitle', summary: 'Summary' });
    expect(detail.body.html).toContain('Bodytext');
  });

  it('a title typed with line breaks or tabs is frozen as one line; a title of invisible characters only is no title (400 title_required)', async () => {
    const entryId = await api.newEntry('Controls');
    await api.edit('alice', entryId, (doc) => {
      writeMetaText(doc, META_TITLE, 'Two\nlines\r\nand\ta tab');
      writeMetaText(doc, META_SUMMARY, 'First line\r\nsecond\rthird\u0007bell');
    });
    const res = await api.call('alice', 'POST', `/api/entries/${entryId}/revisions`);
    expect(res.status).toBe(201);
    const detail = await api.call('mod', 'GET', `/api/revisions/${res.body.id}`);
    expect(detail.body).toMatchObject({ title: 'Two lines and a tab', summary: 'First line\nsecond\nthird bell' });

    const invisible = await api.newEntry('Invisible');
    await api.edit('alice', invisible, (doc) => writeMetaText(doc, META_TITLE, '\u200b\u200d\ufeff \u00ad'));
    expect(await api.call('alice', 'POST', `/api/entries/${invisible}/revisions`)).toMatchObject({ status: 400, body: { code: 'title_required' } });
  });

  it('finding 13: a 5,000-deep nesting is refused at submit (422 document_too_deep), and the server keeps serving', async () => {
    const entryId = await api.newEntry('Deep nesting');
    await api.edit('alice', entryId, (doc) => {
      let parent: Y.XmlFragment | Y.XmlElement = doc.getXmlFragment(DOC_BODY);
      for (let depth = 0; depth < 5_000; depth++) {
        const child = new Y.XmlElement('blockquote');
        parent.insert(0, [child]);
        parent = child;
      }
      parent.insert(0, [paragraph('At the bottom.')]);
    });
    const res = await api.call('alice', 'POST', `/api/entries/${entryId}/revisions`);
    expect(res).toMatchObject({ status: 422, body: { code: 'document_too_deep' } });
    expect((await api.call('alice', 'GET', `/api/entries/${entryId}`)).status).toBe(200);
  });

  it('finding 13: 12 concurrent creates with one title all succeed with distinct slugs', async () => {
    // A few rounds: the race between checking a slug and inserting it does not show every time.
    for (const round of [1, 2, 3]) {
      const title = `Same title at once ${round}`;
      const results = await Promise.all(Array.from({ length: 12 }, () => api.call('alice', 'POST', '/api/groups/vaccines/entries', { title })));
      expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
      const slugs = new Set(results.map((r) => r.body.slug));
      expect(slugs.size).toBe(12);
      expect(slugs.has(`same-title-at-once-${round}`)).toBe(true);
    }
  });
});
