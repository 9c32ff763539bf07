import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserKit, watchCsp, withBrowserKit } from './support/browser';
import type { TestApp } from './support/test-app';

/**
 * Issue 12's story in Chromium: alice creates a dataset in the workspace and
 * uploads a CSV (with its progress); the moderator approves the version on
 * the dataset page; alice embeds a chart of it in an entry with the editor's
 * chart form (previewed by the server's renderer) and submits; the moderator
 * approves the entry; an anonymous reader without JavaScript sees the chart's
 * SVG with its text alternative and Chinese labels, and its "Download CSV"
 * link gives exactly the plotted rows. No page logs a CSP violation.
 */

let app: TestApp;
let kit: BrowserKit;
withBrowserKit((a, k) => {
  app = a;
  kit = k;
});

const ROWS = [
  ['2021-03-01', '法国', '120'],
  ['2021-03-02', '法国', '180'],
  ['2021-03-03', '法国', '150'],
  ['2021-03-01', 'Chile', '60'],
  ['2021-03-02', 'Chile', '90'],
  ['2021-03-03', 'Chile', '75'],
];
const CSV = `date,country,cases\n${ROWS.map((r) => r.join(',')).join('\n')}\n`;
const CHART_TITLE = '每日病例 Daily cases';

const cspErrors: string[] = [];

it('upload → review → chart in an entry → approve → read without JavaScript, with its CSV', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kh-story-'));
  const csvPath = join(dir, 'cases.csv');
  await writeFile(csvPath, CSV);
  try {
    // Alice creates the dataset and uploads its first version.
    const alice = await watchCsp(await kit.signedInPage('alice@demo.hub'), 'alice', cspErrors);
    await alice.goto(`${app.baseUrl}/app/g/vaccines`);
    await alice.getByTestId('group-datasets-link').click();
    const form = alice.getByTestId('new-dataset-form');
    await form.locator('input[name="title"]').fill('Story cases');
    await form.locator('input[name="source"]').fill('Invented for the browser test');
    await form.locator('button[type="submit"]').click();
    await alice.getByTestId('dataset-title').waitFor();
    const datasetUrl = alice.url();
    await alice.getByTestId('dataset-upload').locator('input[type="file"]').setInputFiles(csvPath);
    await alice.getByTestId('dataset-upload').locator('button[type="submit"]').click();
    await alice.getByTestId('upload-done').waitFor();
    const version = alice.getByTestId('dataset-version-1');
    await version.getByTestId('version-status').filter({ hasText: 'pending review' }).waitFor();
    // The uploader cannot approve her own version.
    expect(await version.getByTestId('version-approve').count()).toBe(0);

    // The moderator approves it.
    const mod = await watchCsp(await kit.signedInPage('mod@demo.hub'), 'mod', cspErrors);
    await mod.goto(datasetUrl);
    await mod.getByTestId('dataset-version-1').getByTestId('version-approve').click();
    await mod.getByTestId('dataset-version-1').getByTestId('version-status').filter({ hasText: 'approved' }).waitFor();

    // Alice embeds a chart of it in a new entry, through the chart form.
    const { id, slug } = await (await app.as('alice@demo.hub')).addEntry('Cases in two countries', 'vaccines');
    await kit.openEntry(alice, id);
    await alice.getByTestId('editor').locator('.ProseMirror').click();
    await alice.keyboard.type('The chart shows invented daily cases.');
    await alice.getByTestId('tool-chart').click();
    const chartForm = alice.getByTestId('chart-form');
    await chartForm.waitFor();
    await chartForm.getByTestId('chart-dataset').selectOption({ label: 'Story cases' });
    await chartForm.getByTestId('chart-version').locator('option[value="1"]').waitFor({ state: 'attached' });
    await chartForm.getByTestId('chart-version').selectOption('1');
    await chartForm.getByTestId('chart-type').selectOption('line');
    await chartForm.getByTestId('chart-x').selectOption('date');
    await chartForm.getByTestId('chart-y-cases').check();
    await chartForm.getByTestId('chart-series').selectOption('country');
    await chartForm.getByTestId('chart-title').fill(CHART_TITLE);
    await chartForm.getByTestId('chart-apply').click();
    const preview = alice.getByTestId('chart-preview');
    await preview.locator('svg[role="img"]').waitFor();
    expect(await preview.locator('svg text', { hasText: '法国' }).count()).toBeGreaterThan(0);

    // Submitted from the editor; the moderator approves the revision.
    await alice.getByTestId('submit-revision').click();
    await alice.locator('[data-testid="submit-result"][data-result="submitted"]').waitFor();
    const moderator = await app.as('mod@demo.hub');
    const revisions = (await moderator.expect(200, 'GET', `/api/entries/${id}/revisions`)).body as { id: string; status: string }[];
    const pending = revisions.find((r) => r.status === 'pending');
    expect(pending).toBeDefined();
    expect((await moderator.decide(pending!.id, 'approve')).status).toBe(200);

    // A reader without JavaScript sees the chart and downloads its CSV.
    const readerContext = await kit.context({ javaScriptEnabled: false });
    const reader = await watchCsp(await readerContext.newPage(), 'reader', cspErrors);
    const answer = await reader.goto(`${app.baseUrl}/e/${slug}`);
    expect(answer?.status()).toBe(200);
    const figure = reader.locator('figure.dataset-chart');
    const svg = figure.locator('svg[role="img"]');
    await svg.waitFor();
    expect(await svg.getAttribute('aria-label')).toContain('Line chart of cases by date, one series per country (法国, Chile)');
    expect(await svg.locator('text', { hasText: CHART_TITLE }).count()).toBe(1);
    const box = await svg.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    expect(await figure.locator('details.chart-data tbody tr').count()).toBe(ROWS.length);
    const href = await figure.locator('a.chart-csv').getAttribute('href');
    expect(href).toMatch(/^\/api\/public\/datasets\/[^/]+\/data\?version=1&/);
    const csv = await (await reader.request.get(`${app.baseUrl}${href}`)).text();
    expect(csv.trim().split(/\r?\n/)).toEqual(['date,country,cases', ...ROWS.map((r) => r.join(','))]);

    expect(cspErrors).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
