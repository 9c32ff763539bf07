import * as Y from 'yjs';
import { DOC_BODY } from '@knowledge-hub/shared';
import type { TestApp } from './support/test-app';
import { type DemoApi, type DemoUser, withDemoApp } from './support/editing';

/**
 * Charts in entries (issue 12), through the API: a chart is drawn from the
 * version its node names when the revision is frozen, so a newer approved
 * version never changes a published entry; its CSV link downloads exactly
 * the plotted rows; a chart that cannot be drawn refuses the submission.
 */

let app: TestApp;
let api: DemoApi;
withDemoApp((a, b) => {
  app = a;
  api = b;
});

const GROUP = 'vaccines';

async function upload(who: DemoUser, datasetId: string, csv: string): Promise<{ id: string; number: number }> {
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'cases.csv');
  const res = await fetch(`${app.baseUrl}/api/datasets/${datasetId}/versions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${api.token(who)}` },
    body: form,
  });
  const body = (await res.json()) as { id: string; number: number };
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

async function newDataset(title: string): Promise<{ id: string; slug: string }> {
  const res = await api.call('alice', 'POST', `/api/groups/${GROUP}/datasets`, { title, licence: 'CC-BY-4.0', source: { text: 'Synthetic, for tests' } });
  expect(res.status).toBe(201);
  return res.body;
}

function csvOf(rows: [string, string, number][]): string {
  return `date,country,cases\n${rows.map((r) => r.join(',')).join('\n')}\n`;
}

const V1: [string, string, number][] = [
  ['2020-01-22', 'France', 1],
  ['2020-01-23', 'France', 3],
  ['2020-01-22', 'Chile', 2],
  ['2020-01-23', 'Chile', 5],
];
const V2: [string, string, number][] = [
  ['2020-01-22', 'France', 100],
  ['2020-01-23', 'France', 300],
  ['2020-01-22', 'Chile', 200],
  ['2020-01-23', 'Chile', 500],
];

function chartNode(datasetId: string, version: number, spec: unknown): Y.XmlElement {
  const el = new Y.XmlElement('datasetChart');
  el.setAttribute('datasetId', datasetId);
  el.setAttribute('version', version as unknown as string);
  el.setAttribute('spec', JSON.stringify(spec));
  return el;
}

async function setChart(entryId: string, node: Y.XmlElement): Promise<void> {
  await api.edit('alice', entryId, (doc) => {
    const body = doc.getXmlFragment(DOC_BODY);
    if (body.length > 0) body.delete(0, body.length);
    body.insert(0, [node]);
  });
}

async function publicPage(slug: string): Promise<string> {
  const res = await fetch(`${app.baseUrl}/e/${slug}`);
  expect(res.status).toBe(200);
  return res.text();
}

const csvLink = (html: string) => /<a class="chart-csv" href="([^"]+)"/.exec(html)?.[1].replace(/&amp;/g, '&');

describe('charts in entries', () => {
  const spec = { type: 'line', x: 'date', y: 'cases', series: 'country', title: 'Cases by country' };

  it('stay pinned to the version they name when a newer one is approved; the CSV link downloads the plotted rows', async () => {
    const dataset = await newDataset('Pinned cases');
    const v1 = await upload('alice', dataset.id, csvOf(V1));
    expect((await api.call('mod', 'POST', `/api/dataset-versions/${v1.id}/approve`, {})).status).toBe(200);

    const entry = await api.as('alice').addEntry('Chart of cases', GROUP);
    await setChart(entry.id, chartNode(dataset.id, 1, spec));
    const revision = await api.submit('alice', entry.id);
    expect((await api.decide('mod', revision.id, 'approve')).status).toBe(200);

    const before = await publicPage(entry.slug);
    expect(before).toContain('<figure class="dataset-chart"><svg xmlns="http://www.w3.org/2000/svg"');
    expect(before).toContain('>Cases by country</text>');
    expect(before).toContain(`<a href="/d/${dataset.slug}">Pinned cases</a>, version 1`);
    const link = csvLink(before)!;
    expect(link).toContain('version=1');
    const csv = await (await fetch(`${app.baseUrl}${link}`)).text();
    expect(csv.trim().split(/\r?\n/)).toEqual(['date,country,cases', ...V1.map((r) => r.join(','))]);

    // A newer version is approved: the published chart does not move.
    const v2 = await upload('alice', dataset.id, csvOf(V2));
    expect((await api.call('mod', 'POST', `/api/dataset-versions/${v2.id}/approve`, {})).status).toBe(200);
    const after = await publicPage(entry.slug);
    const figure = (html: string) => /<figure class="dataset-chart">[\s\S]*?<\/figure>/.exec(html)?.[0];
    expect(figure(after)).toBe(figure(before));
    expect(await (await fetch(`${app.baseUrl}${csvLink(after)}`)).text()).toBe(csv);

    // The dataset's page names the entries that chart it.
    const datasetPage = await (await fetch(`${app.baseUrl}/d/${dataset.slug}`)).text();
    expect(/<ul class="dataset-used-in"[^>]*>([\s\S]*?)<\/ul>/.exec(datasetPage)?.[1]).toBe(`<li><a href="/e/${entry.slug}">Chart of cases</a></li>`);

    // Until someone updates the chart and it is reviewed.
    await setChart(entry.id, chartNode(dataset.id, 2, spec));
    const second = await api.submit('alice', entry.id);
    expect((await publicPage(entry.slug)).includes('version 2')).toBe(false);
    expect((await api.decide('mod', second.id, 'approve')).status).toBe(200);
    const updated = await publicPage(entry.slug);
    expect(updated).toContain(`<a href="/d/${dataset.slug}">Pinned cases</a>, version 2`);
    const csv2 = await (await fetch(`${app.baseUrl}${csvLink(updated)}`)).text();
    expect(csv2.trim().split(/\r?\n/).slice(1)).toEqual(V2.map((r) => r.join(',')));
  });

  it('refuse a submission whose chart cannot be drawn, saying which', async () => {
    const dataset = await newDataset('Pending cases');
    await upload('alice', dataset.id, csvOf(V1));
    const entry = await api.newEntry('Chart of pending data', GROUP);

    await setChart(entry, chartNode(dataset.id, 1, spec));
    const pending = await api.call('alice', 'POST', `/api/entries/${entry}/revisions`);
    expect(pending.status).toBe(400);
    expect(pending.body.code).toBe('validation_failed');
    expect(pending.body.message).toContain('Chart 1 (Cases by country) cannot be drawn');

    await setChart(entry, chartNode(dataset.id, 1, { ...spec, y: 'deaths' }));
    expect((await api.call('alice', 'POST', `/api/entries/${entry}/revisions`)).status).toBe(400);

    const unset = new Y.XmlElement('datasetChart');
    await setChart(entry, unset);
    const blank = await api.call('alice', 'POST', `/api/entries/${entry}/revisions`);
    expect(blank.status).toBe(400);
    expect(blank.body.message).toContain('has no dataset, version or chart settings yet');
  });

  it('preview the chart for signed-in users with the public renderer', async () => {
    const dataset = await newDataset('Preview cases');
    const v1 = await upload('alice', dataset.id, csvOf(V1));
    const query = (s: unknown, version = 1) => `/api/charts/preview?datasetId=${dataset.id}&version=${version}&spec=${encodeURIComponent(JSON.stringify(s))}`;

    expect((await api.call(null, 'GET', query(spec))).status).toBe(401);
    // Pending: nothing to draw yet.
    expect((await api.call('alice', 'GET', query(spec))).status).toBe(404);
    expect((await api.call('mod', 'POST', `/api/dataset-versions/${v1.id}/approve`, {})).status).toBe(200);

    const ok = await api.call('alice', 'GET', `${query(spec)}&lang=zh`);
    expect(ok.status).toBe(200);
    expect(ok.body.html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(ok.body.html).toContain('下载 CSV');
    expect(ok.body.alt).toContain('折线图');
    expect(ok.body.csvUrl).toMatch(new RegExp(`^/api/public/datasets/${dataset.slug}/data\\?version=1&`));

    const unknownColumn = await api.call('alice', 'GET', query({ ...spec, y: 'nope' }));
    expect(unknownColumn.status).toBe(400);
    const twice = await api.call('alice', 'GET', query({ ...spec, series: 'date' }));
    expect(twice.status).toBe(400);
    expect((await api.call('alice', 'GET', query({ ...spec, type: 'pie' }))).status).toBe(400);
    expect((await api.call('alice', 'GET', `/api/charts/preview?datasetId=x&version=1&spec=%7B`)).status).toBe(400);
  });
});
