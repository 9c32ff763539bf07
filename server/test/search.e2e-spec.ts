import type { SearchResultsDto } from '@knowledge-hub/shared';
import { SearchService } from '../src/modules/search/search.service';
import { createDraftEntry, insertRevision, paragraphs, publishEntry, unpublishEntry } from './support/publish';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Search over published revisions, English and Chinese, on Postgres alone
 * (the same test runs on real Postgres and on the embedded PGlite).
 */

let app: TestApp;
let englishStemming: boolean;

beforeAll(async () => {
  app = await startTestApp();
  const [{ ok }] = await app.running.db.dataSource.query(`SELECT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'english') AS ok`);
  englishStemming = ok;
  await publishEntry(app, {
    groupSlug: 'vaccines',
    slug: 'vaccine-efficacy',
    title: 'Vaccine efficacy against severe disease',
    summary: 'What the phase 3 trials measured.',
    doc: paragraphs(
      'Randomised trials are the reference for efficacy. '.repeat(6) +
        'Each adjuvanted vaccine was compared with placebo in adults, and the booster restored protection.',
      'Protection against infection waned within months.',
    ),
  });
  await publishEntry(app, {
    groupSlug: 'prevention-transmission',
    slug: 'droplet-transmission-zh',
    title: '新冠病毒的传播途径',
    summary: '呼吸道飞沫与密切接触。',
    language: 'zh',
    doc: paragraphs('研究表明新冠病毒主要通过呼吸道飞沫传播。', '在通风不良的室内，气溶胶传播也有可能发生。'),
  });
  await publishEntry(app, {
    groupSlug: 'immunology',
    slug: 'mixed-language',
    title: 'T-cell immunity 细胞免疫',
    doc: paragraphs('Memory T cells (记忆T细胞) persist after infection.'),
  });
  // A draft whose words must never be found: it has a pending revision only.
  const draft = await createDraftEntry(app, 'vaccines', 'Secret draft');
  await insertRevision(app, draft.entryId, { title: 'Secret draft', doc: paragraphs('zanzibarite quokkanomics 机密草稿') }, 'pending');
  // The demo seed publishes entries without publicationChanged (as at first start): index them like the start-up repair does.
  await app.running.app.get(SearchService).reindexStale();
});

afterAll(async () => {
  await app?.close();
});

async function search(q: string, extra = ''): Promise<SearchResultsDto> {
  const res = await fetch(`${app.baseUrl}/api/public/search?q=${encodeURIComponent(q)}${extra}`);
  if (res.status !== 200) throw new Error(`search ${q}: ${res.status} ${await res.text()}`);
  return (await res.json()) as SearchResultsDto;
}

const slugs = (r: SearchResultsDto) => r.hits.map((h) => h.slug);

describe('English', () => {
  it('finds a word and highlights it in a snippet around the first match', async () => {
    const r = await search('adjuvanted');
    expect(r.total).toBe(1);
    expect(slugs(r)).toEqual(['vaccine-efficacy']);
    const hit = r.hits[0];
    expect(hit).toMatchObject({ title: 'Vaccine efficacy against severe disease', groupSlug: 'vaccines', summary: 'What the phase 3 trials measured.' });
    expect(hit.snippetHtml).toContain('<mark>adjuvanted</mark>');
    expect(hit.snippetHtml.startsWith('… ')).toBe(true); // the match is far into the text: the snippet starts near it
    expect(hit.snippetHtml.length).toBeLessThan(400);
    expect(new Date(hit.publishedAt).getTime()).toBeGreaterThan(Date.now() - 600_000);
  });

  it('stems with the english configuration: "vaccines" finds "vaccine", "randomising" finds "Randomised"', async () => {
    expect(englishStemming).toBe(true); // Postgres and PGlite both ship it; without it the service falls back to 'simple'
    const r = await search('vaccines');
    expect(slugs(r)).toContain('vaccine-efficacy');
    expect(r.hits.find((h) => h.slug === 'vaccine-efficacy')!.snippetHtml).toContain('<mark>vaccine</mark>');
    const randomising = await search('RANDOMISING');
    expect(slugs(randomising)).toEqual(['vaccine-efficacy']);
    expect(randomising.hits[0].snippetHtml).toMatch(/^<mark>Randomised<\/mark> trials/);
    expect(slugs(await search('adjuvants'))).toEqual(['vaccine-efficacy']);
  });

  it('ANDs the words of a query and ranks title matches first', async () => {
    expect(slugs(await search('adjuvanted booster'))).toEqual(['vaccine-efficacy']);
    expect((await search('adjuvanted droplets')).total).toBe(0);
    expect(slugs(await search('infection'))).toEqual(expect.arrayContaining(['mixed-language', 'vaccine-efficacy']));
    await publishEntry(app, { groupSlug: 'immunology', slug: 'boosters-title', title: 'Boosters', doc: paragraphs('Short text about timing.') });
    const ranked = slugs(await search('booster'));
    expect(ranked[0]).toBe('boosters-title');
    expect(ranked).toContain('vaccine-efficacy');
  });
});

describe('Chinese', () => {
  it('finds a two-character word in the middle of a sentence, and highlights it', async () => {
    expect(slugs(await search('飞沫'))).toEqual(['droplet-transmission-zh']);
    for (const word of ['病毒', '飞沫', '传播', '呼吸道', '新冠病毒']) {
      const r = await search(word);
      const hit = r.hits.find((h) => h.slug === 'droplet-transmission-zh');
      expect({ word, found: !!hit }).toEqual({ word, found: true });
      expect(hit!.snippetHtml).toContain(`<mark>${word}</mark>`);
    }
    // The seeded (published) Chinese demo entries are found too.
    expect(slugs(await search('病毒')).length).toBeGreaterThan(1);
  });

  it('does not find words that are not there, nor characters that are only adjacent across punctuation', async () => {
    expect((await search('流感')).total).toBe(0);
    expect((await search('病毒流感')).total).toBe(0);
    // "播" ends one sentence and "在" starts the next: "播在" never occurs as text.
    expect((await search('播在')).total).toBe(0);
  });

  it('finds a single character anywhere in a run, and mixes Chinese with English', async () => {
    expect(slugs(await search('沫'))).toEqual(['droplet-transmission-zh']);
    expect(slugs(await search('毒'))).toContain('droplet-transmission-zh');
    expect(slugs(await search('记忆'))).toEqual(['mixed-language']);
    expect(slugs(await search('memory 细胞'))).toEqual(['mixed-language']);
    expect((await search('memory 飞沫')).total).toBe(0);
  });
});

describe('what is never found', () => {
  it('never finds the words of a draft, nor of the seeded entries that are in review or draft', async () => {
    for (const q of ['zanzibarite', 'quokkanomics', '机密', 'Secret draft']) expect({ q, total: (await search(q)).total }).toEqual({ q, total: 0 });
    const unpublished: { slug: string; title: string }[] = await app.running.db.dataSource.query(
      `SELECT slug, title FROM entries WHERE published_revision_id IS NULL AND slug NOT LIKE 'draft-%'`,
    );
    expect(unpublished.length).toBeGreaterThan(0);
    for (const e of unpublished) expect(slugs(await search(e.title.slice(0, 40)))).not.toContain(e.slug);
  });

  it('forgets an entry once it is unpublished, and finds it again after re-publishing', async () => {
    const e = await publishEntry(app, { groupSlug: 'long-covid', title: 'Post-acute sequelae', doc: paragraphs('Fatigue and breathlessness after recovery.') });
    expect(slugs(await search('breathlessness'))).toEqual([e.slug]);
    await unpublishEntry(app, e.entryId);
    expect((await search('breathlessness')).total).toBe(0);
    expect((await app.running.db.dataSource.query(`SELECT 1 FROM search_documents WHERE entry_id = $1`, [e.entryId])).length).toBe(0);
    await publishEntry(app, {
      groupSlug: 'long-covid',
      entryId: e.entryId,
      title: 'Post-acute sequelae',
      doc: paragraphs('Fatigue and breathlessness after recovery.'),
    });
    expect(slugs(await search('breathlessness'))).toEqual([e.slug]);
  });

  it('ignores a search document that no longer matches the published revision (a missed re-index)', async () => {
    const db = app.running.db.dataSource;
    const e = await publishEntry(app, { groupSlug: 'long-covid', title: 'Olfactory loss', doc: paragraphs('Anosmia often recovers.') });
    await db.query(`UPDATE entries SET published_revision_id = NULL WHERE id = $1`, [e.entryId]); // no publicationChanged
    expect((await search('anosmia')).total).toBe(0);
    await app.running.app.get(SearchService).indexEntry(e.entryId);
    expect((await db.query(`SELECT 1 FROM search_documents WHERE entry_id = $1`, [e.entryId])).length).toBe(0);
  });
});

describe('hostile and odd queries', () => {
  const hostile = [
    "'&|!():*",
    "'",
    '&',
    '|',
    '!',
    '(',
    ')',
    ':*',
    '<->',
    "foo' | 'bar",
    "病毒' & '",
    "'; DROP TABLE entries; --",
    '\\',
    '%',
    '\u0000',
    '　',
    '。，！',
    '🦠🦠',
    'a'.repeat(200),
  ];

  it('answers tsquery and SQL syntax, punctuation and empty queries without a 500', async () => {
    for (const q of hostile) {
      const res = await fetch(`${app.baseUrl}/api/public/search?q=${encodeURIComponent(q)}`);
      expect({ q, status: res.status }).toEqual({ q, status: 200 });
      const body = (await res.json()) as SearchResultsDto;
      expect(Array.isArray(body.hits)).toBe(true);
    }
    expect(await search('')).toEqual({ total: 0, hits: [] });
    expect(await search('   ')).toEqual({ total: 0, hits: [] });
    expect(await search("'&|!():*")).toEqual({ total: 0, hits: [] });
    expect(((await fetch(`${app.baseUrl}/api/public/search`).then((r) => r.json())) as SearchResultsDto).total).toBe(0);
    // Operators are not operators: "placebo | droplets" means both words (nothing has both).
    expect((await search('adjuvanted | droplets')).total).toBe(0);
    expect(slugs(await search("adjuvanted'&!"))).toEqual(['vaccine-efficacy']);
  });

  it('refuses a 1,000-character query with 400 validation_failed (API) or a 400 page (site), never a 500', async () => {
    const q = encodeURIComponent('病毒 vaccine '.repeat(100));
    const api = await fetch(`${app.baseUrl}/api/public/search?q=${q}`);
    expect(api.status).toBe(400);
    expect(await api.json()).toEqual({
      statusCode: 400,
      code: 'validation_failed',
      message: expect.any(String),
      issues: [{ path: 'q', message: expect.any(String) }],
    });
    const site = await fetch(`${app.baseUrl}/search?q=${q}`);
    expect(site.status).toBe(400);
    expect(await site.text()).toContain('This search is too long');
    for (const extra of ['&limit=0', '&limit=abc', '&offset=-1', '&offset=99999']) {
      expect((await fetch(`${app.baseUrl}/api/public/search?q=rna${extra}`)).status).toBe(400);
    }
  });

  it('pages through results with limit and offset, total unchanged', async () => {
    const all = await search('booster');
    expect(all.total).toBeGreaterThanOrEqual(2);
    const first = await search('booster', '&limit=1');
    const second = await search('booster', '&limit=1&offset=1');
    expect(first.total).toBe(all.total);
    expect(second.total).toBe(all.total);
    expect([...slugs(first), ...slugs(second)]).toEqual(slugs(all).slice(0, 2));
    const beyond = await search('booster', '&offset=500');
    expect(beyond).toEqual({ total: all.total, hits: [] });
  });
});

describe('the search page', () => {
  it('renders hits with highlighted, escaped snippets, in Chinese too', async () => {
    const res = await fetch(`${app.baseUrl}/search?q=${encodeURIComponent('飞沫')}&lang=zh`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="zh">');
    expect(html).toContain('<mark>飞沫</mark>');
    expect(html).toContain('href="/e/droplet-transmission-zh?lang=zh"');
    expect(html).toContain('value="飞沫"');
    expect(html).toContain('预防与传播');

    const empty = await fetch(`${app.baseUrl}/search`);
    expect(empty.status).toBe(200);
    expect(await empty.text()).toContain('Type a word or a phrase');
    const none = await (await fetch(`${app.baseUrl}/search?q=${encodeURIComponent('流感')}`)).text();
    expect(none).toContain('No published entry matches this search.');
  });
});
