import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BrowserKit, caretInCell, clickIntoCell, watchCsp } from './support/browser';
import { type ImageLike, pasteFile, png } from './support/figure-paste';
import { startTestApp, type TestApp, waitFor } from './support/test-app';

/**
 * Issue 11's story in Chromium, end to end: alice and bob co-edit a table and
 * a formula, alice pastes a figure and adds a reference by its DOI (resolved
 * by content negotiation against a local server that answers like the DOI
 * resolver), cites it and submits; the moderator sees the table, the formula,
 * the figure and the reference in the diff (the formula typeset in the
 * revision's text) and approves; an anonymous reader without JavaScript sees
 * the table, the typeset formula, the figure (loaded) with its alt text and
 * the numbered reference list that [1] links to. No page logs a Content
 * Security Policy violation on the way.
 */

const DOI = '10.5555/waning.2021.42';
const REFERENCE = {
  type: 'article-journal',
  title: 'Waning of vaccine efficacy after two doses',
  author: [
    { family: 'Okafor', given: 'Ngozi' },
    { family: 'Lindqvist', given: 'Elsa' },
  ],
  'container-title': 'Journal of Vaccine Studies',
  volume: '12',
  page: '101-109',
  issued: { 'date-parts': [[2021, 6]] },
  DOI,
};

const CELL_ALICE = 'Alice: one dose 52 %';
const CELL_BOB = 'Bob: two doses 95 %';
// \bigg( is set in KaTeX_Size3, its smallest font (the one a build could inline as a data: URL the CSP refuses).
const LATEX = '\\mathrm{VE} = 1 - \\bigg(\\frac{ARV}{ARU}\\bigg)';
const ALT = 'Bar chart of vaccine efficacy by number of doses';
const CAPTION = 'Figure 1. Efficacy by dose.';

let app: TestApp;
let kit: BrowserKit;
let resolver: http.Server;
const resolverHits: string[] = [];
const cspErrors: string[] = [];

beforeAll(async () => {
  // Like the DOI resolver: CSL-JSON for a known DOI when asked for it by content negotiation.
  resolver = http.createServer((req, res) => {
    resolverHits.push(`${req.url} ${req.headers.accept}`);
    const doi = decodeURIComponent((req.url ?? '').replace(/^\/doi\//, ''));
    if (doi.toLowerCase() !== DOI) {
      res.writeHead(404).end();
    } else if (!(req.headers.accept ?? '').includes('application/vnd.citationstyles.csl+json')) {
      res.writeHead(406).end();
    } else {
      res.writeHead(200, { 'Content-Type': 'application/vnd.citationstyles.csl+json; charset=utf-8' });
      res.end(JSON.stringify(REFERENCE));
    }
  });
  await new Promise<void>((resolve) => resolver.listen(0, '127.0.0.1', resolve));
  app = await startTestApp({ DOI_RESOLVER_URL: `http://127.0.0.1:${(resolver.address() as AddressInfo).port}/doi` });
  kit = await BrowserKit.launch(app);
});

afterAll(async () => {
  await kit?.close();
  await app?.close();
  resolver?.closeAllConnections();
  await new Promise((resolve) => resolver?.close(resolve));
});

/** The computed value of a CSS property of an element (this file is compiled without the DOM types). */
const styleOf = (el: unknown, property: string): string =>
  (globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> }).getComputedStyle(el)[property];

it('co-edited table, formula, pasted figure and DOI reference: reviewed in the diff, approved, read without JavaScript', async () => {
  const { id, slug } = await (await app.as('alice@demo.hub')).addEntry('Vaccine efficacy by dose');
  const alice = await watchCsp(await kit.signedInPage('alice@demo.hub'), 'alice', cspErrors);
  const bob = await watchCsp(await kit.signedInPage('bob@demo.hub'), 'bob', cspErrors);
  await kit.openEntry(alice, id);
  await kit.openEntry(bob, id);
  const aliceEditor = alice.getByTestId('editor');
  const bobEditor = bob.getByTestId('editor');

  // An introduction, then a 3×3 table with a header row, seen by bob.
  await aliceEditor.locator('.ProseMirror').click();
  await alice.keyboard.type('Efficacy was measured after each dose');
  await alice.keyboard.press('Enter');
  await alice.getByTestId('tool-table').click();
  await waitFor(
    async () => (await bobEditor.locator('table tr').count()) === 3 && (await bobEditor.locator('table th').count()) === 3,
    'bob to see the 3×3 table',
  );

  // Both type into different cells at once; both texts survive at both.
  // Each one's caret is in their own cell before they type at the same time.
  await clickIntoCell(alice, 0);
  await clickIntoCell(bob, -1);
  expect((await caretInCell(alice, 0)) && (await caretInCell(bob, -1))).toBe(true);
  await Promise.all([alice.keyboard.type(CELL_ALICE), bob.keyboard.type(CELL_BOB)]);
  // Each sees the other's caret at the end of the other's text. (Checked after typing: a caret resting in an empty
  // cell was, rarely and only under load, not drawn at the other's side; the cause is not found yet.)
  await aliceEditor.locator('td', { hasText: CELL_BOB }).locator('.collaboration-carets__caret').waitFor();
  await bobEditor.locator('td', { hasText: CELL_ALICE }).locator('.collaboration-carets__caret').waitFor();
  for (const editor of [aliceEditor, bobEditor]) {
    await editor.locator('td', { hasText: CELL_ALICE }).waitFor();
    await editor.locator('td', { hasText: CELL_BOB }).waitFor();
  }

  // Alice writes a formula after the introduction; bob corrects it; both see it typeset.
  await aliceEditor.locator('p', { hasText: 'Efficacy was measured after each dose' }).click();
  await alice.keyboard.press('End');
  await alice.getByTestId('tool-block-math').click();
  await alice.getByTestId('math-input').fill('\\mathrm{VE} = 1 - \\frac{ARU}{ARV}');
  await alice.getByTestId('math-save').click();
  const bobMath = bobEditor.locator('[data-testid="block-math"]');
  await bobMath.locator('.katex').waitFor();
  await bobMath.click();
  await bob.getByTestId('math-input').fill(LATEX);
  await bob.getByTestId('math-save').click();
  await aliceEditor.locator(`[data-testid="block-math"][data-latex="${LATEX.replaceAll('\\', '\\\\')}"] .katex`).waitFor();

  // Alice pastes a figure under the introduction and gives it its alt text and caption.
  await aliceEditor.locator('p', { hasText: 'Efficacy was measured after each dose' }).click();
  await alice.keyboard.press('End');
  await pasteFile(alice, png(64, 48), 'efficacy-chart.png', 'image/png');
  const panel = alice.getByTestId('figure-panel');
  await panel.waitFor();
  await panel.getByTestId('figure-alt').fill(ALT);
  await panel.getByTestId('figure-caption').fill(CAPTION);
  await panel.getByTestId('figure-save').click();
  const bobFigure = bobEditor.locator('[data-testid="figure"]');
  await bobFigure.locator(`img[alt="${ALT}"]`).waitFor();
  await waitFor(async () => (await bobFigure.locator('img').evaluate((img: ImageLike) => img.naturalWidth)) === 64, 'the figure to load at bob');

  // A reference by its DOI (as a doi.org link), resolved by the server; cited after the introduction, it reads [1] at both.
  await alice.getByTestId('reference-input').fill(`https://doi.org/${DOI}`);
  await alice.getByTestId('reference-add').click();
  await alice.getByTestId('reference-result').waitFor();
  expect(resolverHits).toEqual([`/doi/${DOI} application/vnd.citationstyles.csl+json`]);
  await bob.getByTestId('references-panel').getByTestId('reference').getByText(REFERENCE.title).waitFor();
  await aliceEditor.locator('p', { hasText: 'Efficacy was measured after each dose' }).click();
  await alice.keyboard.press('End');
  await alice.getByTestId('reference-cite').click();
  await bobEditor.locator('[data-testid="citation"]', { hasText: '[1]' }).waitFor();

  await alice.locator('[data-testid="connection-status"][data-status="live"]').waitFor();
  await alice.getByTestId('submit-revision').click();
  await alice.locator('[data-testid="submit-result"][data-result="submitted"]').waitFor();

  // The moderator reads the diff: the table's cells, the formula, the figure and the added reference.
  const mod = await watchCsp(await kit.signedInPage('mod@demo.hub'), 'mod', cspErrors);
  await mod.goto(`${app.baseUrl}/app/review`);
  await mod.getByTestId('queue-item').filter({ hasText: 'Vaccine efficacy by dose' }).getByRole('link').first().click();
  const diff = mod.getByTestId('revision-diff');
  await diff.waitFor();
  const added = (type: string) => diff.locator(`[data-testid="diff-block"][data-op="added"][data-type="${type}"]`);
  await added('table').filter({ hasText: CELL_ALICE }).filter({ hasText: CELL_BOB }).waitFor();
  await added('blockMath').filter({ hasText: LATEX }).waitFor();
  await added('blockMath').locator('.katex').waitFor();
  await added('image').filter({ hasText: ALT }).locator(`img[alt="${ALT}"]`).waitFor();
  await added('reference').filter({ hasText: REFERENCE.title }).waitFor();
  // The revision itself: the formula typeset with KaTeX's stylesheet (its MathML copy hidden), the figure loaded.
  await mod.getByTestId('tab-revision').click();
  const revision = mod.getByTestId('revision-html');
  const katex = revision.locator('.katex-display .katex').first();
  await katex.waitFor();
  expect(await katex.evaluate(styleOf, 'fontFamily')).toContain('KaTeX_Main');
  expect(await revision.locator('.katex-mathml').first().evaluate(styleOf, 'position')).toBe('absolute');
  await waitFor(
    async () => (await revision.locator(`img[alt="${ALT}"]`).evaluate((img: ImageLike) => (img.complete ? img.naturalWidth : 0))) > 0,
    'the figure to load on the review page',
  );
  await mod.getByTestId('approve-revision').click();
  await mod.locator('[data-testid="decision-result"][data-decision="approved"]').waitFor();

  // An anonymous reader, without JavaScript, reads the public page.
  const reader = await watchCsp(await (await kit.context({ javaScriptEnabled: false })).newPage(), 'reader', cspErrors);
  await reader.goto(`${app.baseUrl}/e/${slug}`);
  const body = reader.locator('.entry-body');
  await body.locator('table th').first().waitFor();
  expect(await body.locator('table td', { hasText: CELL_ALICE }).count()).toBe(1);
  expect(await body.locator('table td', { hasText: CELL_BOB }).count()).toBe(1);
  // The formula typeset on the server: KaTeX's HTML, styled by the hub's KaTeX stylesheet.
  const formula = body.locator('.katex-display .katex');
  await formula.waitFor();
  expect(await formula.locator('.katex-html .mfrac').count()).toBe(1);
  expect(await formula.evaluate(styleOf, 'fontFamily')).toContain('KaTeX_Main');
  // The figure with its alt text and caption, actually loaded (the page's CSP lets it in).
  const img = body.locator(`figure img[alt="${ALT}"]`);
  await img.scrollIntoViewIfNeeded();
  await waitFor(async () => (await img.evaluate((el: ImageLike) => (el.complete ? el.naturalWidth : 0))) > 0, 'the figure to load on the public page');
  await body.locator('figure figcaption', { hasText: CAPTION }).waitFor();
  // The citation [1] links to the first item of the numbered reference list, which links the DOI.
  const citation = body.locator('a.citation');
  expect(await citation.textContent()).toBe('[1]');
  expect(await citation.getAttribute('href')).toBe('#ref-1');
  const item = reader.locator('ol.references li#ref-1');
  expect(await reader.locator('ol.references li').count()).toBe(1);
  expect(await item.textContent()).toContain(REFERENCE.title);
  expect(await item.locator(`a[href="https://doi.org/${DOI}"]`).count()).toBe(1);
  await citation.click();
  await waitFor(async () => new URL(reader.url()).hash === '#ref-1', 'the citation to lead to the reference');

  expect(cspErrors).toEqual([]);
});
