import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as Y from 'yjs';
import { DOC_BODY, DOC_REFERENCES, type PmNode } from '@knowledge-hub/shared';
import { DemoApi } from './support/editing';
import { publishEntry } from './support/publish';
import { startTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

/**
 * Issue 11, server side: a scientific entry (table, figure, formulas,
 * citations and references) submitted through collab, refused without alt
 * text, frozen with its references, approved, then read on the public page
 * (no script, formulas by KaTeX, styles from the hub), found by search and
 * exported; and references parsed from records or a DOI resolver.
 */

let app: TestApp;
let api: DemoApi;
let resolver: http.Server;
let resolverUrl: string;
const resolverHits: string[] = [];

const KNOWN_DOI = '10.5555/known.1';

beforeAll(async () => {
  resolver = http.createServer((req, res) => {
    resolverHits.push(`${req.url} ${req.headers.accept}`);
    const doi = decodeURIComponent((req.url ?? '').slice('/doi/'.length));
    if (doi === KNOWN_DOI) {
      res.writeHead(200, { 'Content-Type': 'application/vnd.citationstyles.csl+json' });
      res.end(
        JSON.stringify({
          type: 'article-journal',
          title: 'Resolved paper',
          author: [{ family: 'Okafor', given: 'Ngozi' }],
          DOI: KNOWN_DOI,
          issued: { 'date-parts': [[2022]] },
        }),
      );
    } else if (doi === '10.5555/slow') {
      setTimeout(() => res.end('{}'), 3_000).unref();
    } else if (doi === '10.5555/garbage') {
      res.end('<html>not json</html>');
    } else if (doi === '10.5555/huge') {
      res.end(`{"title":"${'x'.repeat(400_000)}"}`);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => resolver.listen(0, '127.0.0.1', resolve));
  resolverUrl = `http://127.0.0.1:${(resolver.address() as AddressInfo).port}/doi`;
  app = await startTestApp({ DOI_RESOLVER_URL: resolverUrl, DOI_RESOLVER_TIMEOUT_MS: '300' });
  api = new DemoApi(app);
  await api.signInAll();
});

afterAll(async () => {
  await app?.close();
  resolver?.closeAllConnections();
  await new Promise((resolve) => resolver?.close(resolve));
});

/** An element with attributes and children, as y-prosemirror stores a node. */
function el(name: string, attrs: Record<string, unknown> = {}, children: (Y.XmlElement | Y.XmlText)[] = []): Y.XmlElement {
  const e = new Y.XmlElement(name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v as string);
  if (children.length > 0) e.insert(0, children);
  return e;
}
function txt(text: string): Y.XmlText {
  const t = new Y.XmlText();
  t.insert(0, text);
  return t;
}
const para = (...children: (Y.XmlElement | Y.XmlText)[]) => el('paragraph', {}, children);
const cellOf = (kind: 'tableCell' | 'tableHeader', text: string) => el(kind, { colspan: 1, rowspan: 1 }, [para(txt(text))]);

const FIGURE_SRC = `/files/${'a'.repeat(64)}`;

/** The scientific body: a table, a figure (alt given or not), formulas (one invalid), citations. */
function writeScientificBody(doc: Y.Doc, alt: string): void {
  const body = doc.getXmlFragment(DOC_BODY);
  if (body.length > 0) body.delete(0, body.length);
  body.insert(0, [
    el('heading', { level: 2 }, [txt('Results')]),
    el('table', {}, [
      el('tableRow', {}, [cellOf('tableHeader', 'Compound'), cellOf('tableHeader', 'Yield')]),
      el('tableRow', {}, [cellOf('tableCell', 'zanzibarite'), cellOf('tableCell', '42 %')]),
    ]),
    el('image', { src: FIGURE_SRC, alt, caption: 'Growth of the quokkafigure colony', credit: 'CC BY 4.0, Lab A', width: 640, height: 480 }),
    para(
      txt('Energy is '),
      el('inlineMath', { latex: 'E=mc^2' }),
      txt(', see '),
      el('citation', { ref: 'r-smith' }),
      txt(' and '),
      el('citation', { ref: 'r-gone' }),
      txt('.'),
    ),
    el('blockMath', { latex: '\\frac{a}{b' }),
    el('blockMath', { latex: '\\int_0^1 x^2\\,dx = \\tfrac13' }),
  ]);
  const refs = doc.getMap(DOC_REFERENCES);
  refs.set('r-smith', {
    type: 'article-journal',
    title: 'Xylophonic resonance in cells',
    author: [{ family: 'Smith', given: 'Anna' }],
    'container-title': 'J Sound',
    issued: { 'date-parts': [[2021]] },
    DOI: '10.1234/xylo.5',
  });
  refs.set('r-uncited', { type: 'book', title: 'An uncited handbook', author: [{ family: 'Adams', given: 'Zoe' }], issued: { 'date-parts': [[2019]] } });
}

describe('a scientific entry from submission to the public page', () => {
  let entryId: string;
  let slug: string;
  let revisionId: string;

  it('refuses a figure without alt text (400 alt_text_required, listing the figure)', async () => {
    const entry = await api.as('alice').addEntry('Cell acoustics');
    entryId = entry.id;
    slug = entry.slug;
    await api.edit('alice', entryId, (doc) => writeScientificBody(doc, '  '));
    const res = await api.call('alice', 'POST', `/api/entries/${entryId}/revisions`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'alt_text_required', issues: [{ path: 'figures.0', message: expect.stringContaining(FIGURE_SRC) }] });
  });

  it('freezes table, figure, formulas and the references snapshot; the diff lists the references', async () => {
    await api.edit('alice', entryId, (doc) => writeScientificBody(doc, 'A rising curve'));
    const submitted = await api.submit('alice', entryId);
    revisionId = submitted.id;
    const detail = await api.call('mod', 'GET', `/api/revisions/${revisionId}`);
    expect(detail.status).toBe(200);
    const [{ pm }] = (await app.running.db.dataSource.query(`SELECT pm_json AS pm FROM revisions WHERE id = $1`, [revisionId])) as { pm: PmNode }[];
    expect(Object.keys(pm.attrs?.references as object).sort()).toEqual(['r-smith', 'r-uncited']);
    const html: string = detail.body.html;
    expect(html).toContain('<td><p>zanzibarite</p></td>');
    expect(html).toContain(`<img src="${FIGURE_SRC}" alt="A rising curve" width="640" height="480" loading="lazy" decoding="async">`);
    expect(html).toContain('<a href="#ref-1" class="citation">[1]</a>');
    expect(html).toContain('<span class="citation citation-unknown">[?]</span>');
    expect(html).toMatch(
      /<li id="ref-1">Smith A\. Xylophonic resonance in cells\. J Sound\. 2021[^<]*<a class="doi" href="https:\/\/doi\.org\/10\.1234\/xylo\.5"/,
    );
    expect(html).toContain('<li id="ref-2">Adams Z. An uncited handbook');
    expect(html).toContain('class="katex-error"');
    expect(html).toContain('class="katex-display"');
    const refBlocks = detail.body.diff.blocks.filter((b: { type: string }) => b.type === 'reference');
    expect(refBlocks).toEqual(expect.arrayContaining([{ op: 'added', type: 'reference', text: expect.stringContaining('Xylophonic resonance in cells') }]));
    expect(detail.body.diff.blocks.map((b: { type: string }) => b.type)).toEqual(expect.arrayContaining(['table', 'image', 'blockMath']));
  });

  it('shows the entry to an anonymous reader: table, figure, KaTeX with its styles from the hub, numbered references, no inline style', async () => {
    expect((await api.decide('mod', revisionId, 'approve')).status).toBe(200);
    const res = await fetch(`${app.baseUrl}/e/${slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("font-src 'self'");
    const page = await res.text();
    expect(page).toContain('<thead><tr><th scope="col"><p>Compound</p></th>');
    expect(page).toContain('<figcaption>Growth of the quokkafigure colony <small class="credit">CC BY 4.0, Lab A</small></figcaption>');
    expect(page).toContain('<ol class="references">');
    expect(page).not.toMatch(/ style="/);
    expect(page).not.toMatch(/<script/i);
    const links = [...page.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1]);
    const katexCss = links.find((l) => l.startsWith('/assets/katex/katex.min.css?v='));
    const mathCss = links.find((l) => l.startsWith(`/e/${slug}/math.css?v=`));
    expect(katexCss).toBeDefined();
    expect(mathCss).toBeDefined();

    const css = await fetch(`${app.baseUrl}${mathCss}`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const rules = await css.text();
    const classes = [...page.matchAll(/\bks-[A-Za-z0-9_-]{10}\b/g)].map((m) => m[0]);
    expect(classes.length).toBeGreaterThan(0);
    for (const c of new Set(classes)) expect(rules).toContain(`.${c}{`);

    const katex = await fetch(`${app.baseUrl}${katexCss}`);
    expect(katex.status).toBe(200);
    expect(katex.headers.get('cache-control')).toContain('immutable');
    const font = /url\((fonts\/KaTeX_Main-Regular\.woff2\?v=[^)]+)\)/.exec(await katex.text());
    expect(font).not.toBeNull();
    const fontRes = await fetch(`${app.baseUrl}/assets/katex/${font![1]}`);
    expect(fontRes.status).toBe(200);
    expect(fontRes.headers.get('content-type')).toBe('font/woff2');
    expect(fontRes.headers.get('cache-control')).toContain('max-age=31536000');
    expect((await fetch(`${app.baseUrl}/assets/katex/fonts/..%2Fkatex.min.css`)).status).toBe(404);
  });

  it('finds the entry by a word only in a table cell, a figure caption, a reference title or a formula', async () => {
    for (const q of ['zanzibarite', 'quokkafigure', 'xylophonic', 'tfrac13']) {
      await waitFor(async () => {
        const res = await fetch(`${app.baseUrl}/api/public/search?q=${q}`);
        const body = (await res.json()) as { hits: { slug: string }[] };
        return body.hits.some((h) => h.slug === slug);
      }, `search for ${q}`);
    }
  });

  it('offers the entry as BibTeX, RIS, CSL-JSON and Markdown downloads', async () => {
    const bib = await fetch(`${app.baseUrl}/e/${slug}.bib`);
    expect(bib.status).toBe(200);
    expect(bib.headers.get('content-type')).toBe('application/x-bibtex; charset=utf-8');
    expect(bib.headers.get('content-disposition')).toBe(`attachment; filename="${slug}.bib"`);
    const bibText = await bib.text();
    expect(bibText).toMatch(/^@\w+\{/);
    expect(bibText).toContain('Cell acoustics');
    expect(bibText).toContain(`/e/${slug}`);

    const ris = await (await fetch(`${app.baseUrl}/e/${slug}.ris`)).text();
    expect(ris).toMatch(/^TY {2}- /m);
    expect(ris).toContain('TI  - Cell acoustics');
    expect(ris).toMatch(/AU {2}- Alice Chen/);

    const json = await fetch(`${app.baseUrl}/e/${slug}.json`);
    expect(json.headers.get('content-type')).toBe('application/vnd.citationstyles.csl+json; charset=utf-8');
    const [item] = (await json.json()) as Record<string, unknown>[];
    expect(item).toMatchObject({ id: slug, title: 'Cell acoustics', author: [{ literal: 'Alice Chen' }], publisher: 'Knowledge Hub' });
    expect(item.URL).toMatch(new RegExp(`/e/${slug}$`));

    const md = await (await fetch(`${app.baseUrl}/e/${slug}.md`)).text();
    expect(md).toContain('# Cell acoustics');
    expect(md).toContain('| Compound | Yield |\n| --- | --- |\n| zanzibarite | 42 % |');
    expect(md).toMatch(new RegExp(`!\\[A rising curve\\]\\(http://[^)]+${FIGURE_SRC}\\)\\n\\*Growth of the quokkafigure colony\\* — CC BY 4\\.0, Lab A`));
    expect(md).toContain('Energy is $E=mc^2$, see [1] and [?].');
    expect(md).toContain('$$\n\\int_0^1 x^2\\,dx = \\tfrac13\n$$');
    expect(md).toMatch(/## References\n\n1\. Smith A\. Xylophonic resonance in cells\.[^\n]*<https:\/\/doi\.org\/10\.1234\/xylo\.5>\n2\. Adams Z\./);

    expect((await fetch(`${app.baseUrl}/e/no-such-entry.bib`)).status).toBe(404);
  });

  it('restoring the revision brings its references back', async () => {
    await api.edit('alice', entryId, (doc) => {
      const refs = doc.getMap(DOC_REFERENCES);
      refs.delete('r-uncited');
      refs.set('r-new', { title: 'Added later' });
    });
    expect((await api.call('mod', 'POST', `/api/revisions/${revisionId}/restore`, {})).status).toBeLessThan(300);
    const client = api.as('alice').collab(entryId);
    try {
      await client.synced();
      expect([...client.doc.getMap(DOC_REFERENCES).keys()].sort()).toEqual(['r-smith', 'r-uncited']);
      expect(client.doc.getMap(DOC_REFERENCES).get('r-uncited')).toMatchObject({ title: 'An uncited handbook' });
    } finally {
      client.close();
    }
  });

  it('caches the exports like pages and forgets them when the publication changes', async () => {
    const first = await fetch(`${app.baseUrl}/e/${slug}.md`);
    const etag = first.headers.get('etag')!;
    await first.text();
    const again = await fetch(`${app.baseUrl}/e/${slug}.md`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    await publishEntry(app, {
      groupSlug: 'vaccines',
      entryId,
      title: 'Cell acoustics, revised',
      doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Shorter.' }] }] },
    });
    await waitFor(async () => (await (await fetch(`${app.baseUrl}/e/${slug}.md`)).text()).includes('# Cell acoustics, revised'), 'the new Markdown');
    // Without formulas the page links no KaTeX and has no math stylesheet.
    const page = await (await fetch(`${app.baseUrl}/e/${slug}`)).text();
    expect(page).not.toContain('katex');
    expect(page).not.toContain('math.css');
    expect(await (await fetch(`${app.baseUrl}/e/${slug}/math.css`)).text()).toBe('/* no formulas */\n');
    expect((await fetch(`${app.baseUrl}/e/no-such-entry/math.css`)).status).toBe(404);
  });
});

describe('POST /api/references/parse', () => {
  const parse = (input: unknown, who: 'alice' | null = 'alice') => api.call(who, 'POST', '/api/references/parse', { input });

  it('reads BibTeX, RIS and CSL-JSON offline', async () => {
    const bib = await parse('@article{doe2020, title={Hello {World}}, author={Doe, Jane and Roe, R.}, journal={J Test}, year={2020}, doi={10.1/xyz}}');
    expect(bib.status).toBe(200);
    expect(bib.body.items).toEqual([
      expect.objectContaining({
        type: 'article-journal',
        title: 'Hello World',
        author: [
          { given: 'Jane', family: 'Doe' },
          { given: 'R.', family: 'Roe' },
        ],
        DOI: '10.1/xyz',
      }),
    ]);
    expect(bib.body.items[0]).not.toHaveProperty('id');
    expect(bib.body.items[0]).not.toHaveProperty('_graph');

    const ris = await parse('TY  - JOUR\nTI  - A RIS title\nAU  - Doe, Jane\nPY  - 2019\nER  - ');
    expect(ris.body.items).toEqual([expect.objectContaining({ title: 'A RIS title', author: [{ family: 'Doe', given: 'Jane' }] })]);

    const csl = await parse(JSON.stringify([{ id: 'x', type: 'book', title: 'CSL book' }, { title: 'Second' }]));
    expect(csl.body.items.map((i: { title: string }) => i.title)).toEqual(['CSL book', 'Second']);
  });

  it('refuses what is no record (400 reference_invalid), anonymous callers (401) and empty input (400)', async () => {
    expect(await parse('just some words')).toMatchObject({ status: 400, body: { code: 'reference_invalid' } });
    expect(await parse('{not json')).toMatchObject({ status: 400, body: { code: 'reference_invalid' } });
    expect(await parse('@article{x, note={no title}}')).toMatchObject({ status: 400, body: { code: 'reference_invalid' } });
    expect(await parse('PMID: 12345678')).toMatchObject({ status: 422, body: { code: 'reference_unresolvable' } });
    expect((await parse('@book{a, title={T}}', null)).status).toBe(401);
    expect(await parse('   ')).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
  });

  it('resolves a DOI through DOI_RESOLVER_URL only, asking for CSL-JSON', async () => {
    resolverHits.length = 0;
    const res = await parse(`https://doi.org/${KNOWN_DOI}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([expect.objectContaining({ title: 'Resolved paper', DOI: KNOWN_DOI })]);
    expect(resolverHits).toEqual([`/doi/10.5555/known.1 application/vnd.citationstyles.csl+json`]);
  });

  it('answers 404 for an unknown DOI, 504 when the resolver is slow, 502 for a non-CSL or oversized answer', async () => {
    expect(await parse('10.5555/unknown')).toMatchObject({ status: 404, body: { code: 'reference_not_found' } });
    const started = Date.now();
    expect(await parse('10.5555/slow')).toMatchObject({ status: 504, body: { code: 'reference_resolver_timeout' } });
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(await parse('10.5555/garbage')).toMatchObject({ status: 502, body: { code: 'reference_resolver_failed' } });
    expect(await parse('10.5555/huge')).toMatchObject({ status: 502, body: { code: 'reference_resolver_failed' } });
  });

  it('never fetches a URL given inside a record', async () => {
    resolverHits.length = 0;
    const res = await parse(`@misc{u, title={Remote}, url={${resolverUrl}/${KNOWN_DOI}}}`);
    expect(res.status).toBe(200);
    expect(res.body.items[0].title).toBe('Remote');
    expect(resolverHits).toEqual([]);
  });
});
