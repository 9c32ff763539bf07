import { createHash } from 'node:crypto';
import { io } from 'socket.io-client';
import type { CreateDatasetVersionResponse, DatasetQueryResult, QueueItemDto, ReviewQueueEvent } from '@knowledge-hub/shared';
import type { ApiClient } from './support/api-client';
import { startTestApp, type TestApp, waitFor } from './support/test-app';

/**
 * Datasets end to end: create, upload versions (parsing, errors, nothing
 * half-stored), the four-eyes review in the one queue and audit log, the
 * public query API (injection attempts, limits, ETags), the public page and
 * the exact file download.
 */

let app: TestApp;
let alice: ApiClient; // contributor of every group
let mod: ApiClient; // moderator of every group
let admin: ApiClient;
let carol: ApiClient; // member of no group

beforeAll(async () => {
  app = await startTestApp();
  [alice, mod, admin, carol] = await Promise.all(['alice@demo.hub', 'mod@demo.hub', 'admin@demo.hub', 'carol@demo.hub'].map((e) => app.as(e)));
});

afterAll(async () => {
  await app?.close();
});

async function upload(
  who: ApiClient,
  datasetId: string,
  text: string | Buffer,
  fields: Record<string, string> = {},
  name = 'data.csv',
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers of success or error
): Promise<{ status: number; body: any }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([typeof text === 'string' ? Buffer.from(text, 'utf8') : text], { type: 'text/csv' }), name);
  const res = await fetch(`${app.baseUrl}/api/datasets/${datasetId}/versions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${who.token}` },
    body: form,
  });
  return { status: res.status, body: await res.json() };
}

async function createDataset(title: string, group = 'vaccines'): Promise<{ id: string; slug: string }> {
  const res = await alice.expect(201, 'POST', `/api/groups/${group}/datasets`, {
    title,
    description: 'Daily counts, synthetic.',
    licence: 'CC-BY-4.0',
    source: { text: 'Generated for the tests', url: 'https://example.org/source' },
  });
  return res.body;
}

const CASES = [
  '\uFEFF国家,date,cases,deaths,note',
  '中国,2020-01-22,10,1,first',
  '中国,2020-01-23,12,1,',
  '法国,2020-01-22,3,0,"a, b"',
  '法国,2020-02-01,5,0,"line\nbreak"',
].join('\r\n');

describe('datasets', () => {
  let ds: { id: string; slug: string };
  let v1: CreateDatasetVersionResponse;

  it('creates a dataset and uploads a version: pending, typed, with its SHA-256, announced to the live queue', async () => {
    const socket = io(app.baseUrl, { path: '/realtime', transports: ['websocket'], auth: { token: mod.token } });
    const events: ReviewQueueEvent[] = [];
    socket.on('review:queue-changed', (e) => events.push(e));
    await waitFor(() => socket.connected, 'moderator socket');
    ds = await createDataset('Case counts 病例');
    expect(ds.slug).toMatch(/^case-counts/);
    const res = await upload(alice, ds.id, CASES, { note: 'first upload' });
    expect(res.status).toBe(201);
    v1 = res.body;
    await waitFor(() => events.some((e) => e.revisionId === v1.id && e.kind === 'submitted' && e.item === 'dataset_version'), 'the live queue event');
    socket.close();
    expect(v1).toMatchObject({
      number: 1,
      rows: 4,
      status: 'pending',
      sha256: createHash('sha256').update(Buffer.from(CASES, 'utf8')).digest('hex'),
      columns: [
        { name: '国家', type: 'category' },
        { name: 'date', type: 'date' },
        { name: 'cases', type: 'integer' },
        { name: 'deaths', type: 'integer' },
        { name: 'note', type: 'text' },
      ],
    });
    const detail = await alice.expect(200, 'GET', `/api/datasets/${ds.id}`);
    expect(detail.body.versions).toHaveLength(1);
    const list = await carol.expect(200, 'GET', '/api/groups/vaccines/datasets');
    expect(list.body.map((d: { id: string }) => d.id)).toContain(ds.id);
  });

  it('refuses bad files precisely and stores nothing of them', async () => {
    const ragged = await upload(alice, ds.id, 'a,b\n1,2\n3\n');
    expect(ragged).toEqual({ status: 400, body: expect.objectContaining({ code: 'csv_invalid', line: 3, reason: expect.stringContaining('1 fields') }) });
    const bytes = await upload(alice, ds.id, Buffer.concat([Buffer.from('a\nok\n'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]));
    expect(bytes.body).toMatchObject({ code: 'csv_invalid', line: 3 });
    const misfit = await upload(alice, ds.id, 'd\n2020-01-01\nsoon\n', { types: 'd:date' });
    expect(misfit.body).toMatchObject({ code: 'csv_invalid', line: 3, column: 'd', reason: '"soon" is not a date (YYYY-MM-DD)' });
    const same = await upload(alice, ds.id, CASES);
    expect(same.body.code).toBe('no_changes');
    const detail = await alice.expect(200, 'GET', `/api/datasets/${ds.id}`);
    expect(detail.body.versions.map((v: { number: number }) => v.number)).toEqual([1]);
    expect((await upload(carol, ds.id, 'a\n1\n')).status).toBe(403);
  });

  it('puts the version in the one review queue; the uploader cannot approve it, another moderator can', async () => {
    const queue = await mod.expect(200, 'GET', '/api/review/queue');
    const item = (queue.body as QueueItemDto[]).find((i) => i.revisionId === v1.id);
    expect(item).toMatchObject({ kind: 'dataset_version', entryId: ds.id, number: 1, change: { added: 4, removed: 0 } });

    // Before approval the public sees nothing.
    expect((await fetch(`${app.baseUrl}/api/public/datasets/${ds.slug}/data`)).status).toBe(404);

    const modUpload = await upload(mod, ds.id, `${CASES}\r\n法国,2020-02-02,6,1,more`);
    expect(modUpload.status).toBe(201);
    const self = await mod.request('POST', `/api/dataset-versions/${modUpload.body.id}/approve`, {});
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('self_review');
    expect((await alice.request('POST', `/api/dataset-versions/${v1.id}/approve`, {})).status).toBe(403); // not a moderator

    const approved = await mod.expect(200, 'POST', `/api/dataset-versions/${v1.id}/approve`, { note: 'Checked against the source' });
    expect(approved.body).toMatchObject({ status: 'approved', number: 1, review: { by: { name: expect.any(String) }, note: 'Checked against the source' } });
    expect((await mod.request('POST', `/api/dataset-versions/${v1.id}/approve`, {})).body.code).toBe('revision_already_reviewed');

    // The admin overrides the four-eyes rule for version 2 only explicitly, and it is audited.
    const review = await mod.expect(200, 'GET', `/api/dataset-versions/${modUpload.body.id}`);
    expect(review.body.changes.rows).toEqual({ added: 1, removed: 0, changed: 0 });
    expect(review.body.sample.added).toEqual([['法国', '2020-02-02', 6, 1, 'more']]);
    expect(review.body.allowed).toMatchObject({ approve: false, overrideSelfReview: false });
    const audit = await admin.expect(200, 'GET', '/api/audit?kind=reviews');
    const events = audit.body.items.filter((i: { dataset?: { id: string } }) => i.dataset?.id === ds.id).map((i: { action: string }) => i.action);
    expect(events).toEqual(['approved', 'submitted', 'submitted']); // newest first
  });

  it('serves approved versions: the query API, the page, the exact file', async () => {
    const q = (params: string) => fetch(`${app.baseUrl}/api/public/datasets/${ds.slug}/data?${params}`);
    const all = await q('version=1');
    expect(all.status).toBe(200);
    const body = (await all.json()) as DatasetQueryResult;
    expect(body).toMatchObject({ version: 1, truncated: false });
    expect(body.rows[3]).toEqual(['法国', '2020-02-01', 5, 0, 'line\nbreak']);

    const series = (await (await q(`columns=date,cases&where=${encodeURIComponent('国家:eq:中国')}`)).json()) as DatasetQueryResult;
    expect(series.rows).toEqual([
      ['2020-01-22', 10],
      ['2020-01-23', 12],
    ]);
    const monthly = (await (await q('columns=国家,date,cases&groupBy=国家,date:month&agg=sum')).json()) as DatasetQueryResult;
    expect(monthly.rows).toEqual([
      ['中国', '2020-01-01', 22],
      ['法国', '2020-01-01', 3],
      ['法国', '2020-02-01', 5],
    ]);
    const json = (await (
      await q(`where=${encodeURIComponent(JSON.stringify([{ column: 'cases', op: 'ge', value: 10 }]))}&columns=cases&from=2020-01-23`)
    ).json()) as DatasetQueryResult;
    expect(json.rows).toEqual([[12]]);

    const first = await q('version=1&format=csv&columns=国家,cases');
    expect(first.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await first.text()).toBe('国家,cases\r\n中国,10\r\n中国,12\r\n法国,3\r\n法国,5\r\n');
    const etag = first.headers.get('etag')!;
    const again = await fetch(`${app.baseUrl}/api/public/datasets/${ds.slug}/data?version=1&format=csv&columns=国家,cases`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);

    const page = await fetch(`${app.baseUrl}/d/${ds.slug}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain(v1.sha256);
    expect(html).toContain('CC-BY-4.0');
    expect(html).toContain('<th scope="col">国家</th>');
    expect(html).not.toContain('<script');

    const file = await fetch(`${app.baseUrl}/d/${ds.slug}/versions/1/file`);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(v1.sha256);
    expect(bytes.toString('utf8')).toBe(CASES);
    expect((await fetch(`${app.baseUrl}/d/${ds.slug}/versions/2/file`)).status).toBe(404); // pending

    const listed = (await (await fetch(`${app.baseUrl}/api/public/datasets`)).json()) as { slug: string }[];
    expect(listed.map((d: { slug: string }) => d.slug)).toContain(ds.slug);
    expect((await fetch(`${app.baseUrl}/d/no-such-dataset`)).status).toBe(404);
  });

  it('lists approved datasets on the group page, the sitemap and the feed, and search finds them (Chinese too)', async () => {
    const text = async (path: string) => (await fetch(`${app.baseUrl}${path}`)).text();
    expect(await text('/g/vaccines')).toContain(`href="/d/${ds.slug}"`);
    expect(await text('/sitemap.xml')).toContain(`/d/${ds.slug}</loc>`);
    expect(await text('/feed.xml')).toContain(`/d/${ds.slug}#version-1`);
    for (const q of ['病例', 'deaths', '国家', 'synthetic']) {
      expect({ q, found: (await text(`/search?q=${encodeURIComponent(q)}`)).includes(`href="/d/${ds.slug}"`) }).toEqual({ q, found: true });
    }
    expect(await text(`/search?q=${encodeURIComponent('沒有這個')}`)).not.toContain(`href="/d/${ds.slug}"`);
    const api = (await (await fetch(`${app.baseUrl}/api/public/datasets?q=${encodeURIComponent('国家')}`)).json()) as { slug: string }[];
    expect(api.map((d) => d.slug)).toEqual([ds.slug]);
  });

  it('refuses injection attempts and oversize queries with 400, never running them', async () => {
    const q = async (params: string) => {
      const res = await fetch(`${app.baseUrl}/api/public/datasets/${ds.slug}/data?${params}`);
      return { status: res.status, body: (await res.json()) as { code?: string; rows?: unknown[][] } };
    };
    for (const params of [
      `columns=${encodeURIComponent('name";drop table datasets;--')}`,
      `where=${encodeURIComponent("cases:eq:1' OR '1'='1")}`,
      `where=${encodeURIComponent('国家:eq:x");drop table datasets;--')}`.replace('eq', 'lt').replace('国家', 'cases'),
      'columns=nope',
      `groupBy=${encodeURIComponent('date:fortnight')}`,
      'agg=sum;drop',
      'limit=10001',
      'limit=0',
      `where=${encodeURIComponent(Array.from({ length: 21 }, () => 'cases:gt:1').join(';'))}`,
      `where=${encodeURIComponent(`国家:in:${Array.from({ length: 501 }, (_, i) => `c${i}`).join('|')}`)}`,
      'columns=note&groupBy=国家&agg=sum',
      'orderBy=1',
      `where=${encodeURIComponent('国家:eq:a\u0000b')}`,
    ]) {
      const res = await q(params);
      expect({ params, status: res.status, code: res.body.code }).toEqual({ params, status: 400, code: 'validation_failed' });
    }
    // A quote in a value is just a value.
    expect((await q(`where=${encodeURIComponent("国家:eq:中'国")}`)).body.rows).toEqual([]);
    // Still there.
    expect((await q('columns=cases&limit=1')).status).toBe(200);
  });

  it('keeps a version immutable and shows what the next one changed by key', async () => {
    const ds2 = await createDataset('Changes');
    const a = await upload(alice, ds2.id, 'country,date,n\nA,2020-01-01,1\nA,2020-01-02,2\nB,2020-01-01,3\n');
    const b = await upload(alice, ds2.id, 'country,date,n,extra\nA,2020-01-01,1,x\nA,2020-01-02,20,y\nC,2020-01-01,4,z\n', {
      types: 'n:number',
      key: 'country,date',
    });
    expect(b.status).toBe(201);
    const review = await mod.expect(200, 'GET', `/api/dataset-versions/${b.body.id}`);
    expect(review.body.changes).toEqual({
      previous: 1,
      columns: { added: ['extra'], removed: [], retyped: [{ name: 'n', from: 'integer', to: 'number' }] },
      rows: { added: 1, removed: 1, changed: 1 },
      key: ['country', 'date'],
    });
    expect(review.body.sample.changed).toEqual([{ before: ['A', '2020-01-02', 2], after: ['A', '2020-01-02', 20, 'y'] }]);
    await mod.expect(200, 'POST', `/api/dataset-versions/${a.body.id}/approve`, {});
    await mod.expect(200, 'POST', `/api/dataset-versions/${b.body.id}/approve`, {});
    const v1rows = (await (await fetch(`${app.baseUrl}/api/public/datasets/${ds2.slug}/data?version=1`)).json()) as DatasetQueryResult;
    expect(v1rows.rows).toEqual([
      ['A', '2020-01-01', 1],
      ['A', '2020-01-02', 2],
      ['B', '2020-01-01', 3],
    ]);
    const latest = (await (await fetch(`${app.baseUrl}/api/public/datasets/${ds2.slug}/data`)).json()) as DatasetQueryResult;
    expect(latest.version).toBe(2);
  });
});
