import * as Y from 'yjs';
import { DOC_BODY } from '@knowledge-hub/shared';
import type { ApiClient } from './support/api-client';
import { startTestApp, type TestApp } from './support/test-app';
import { createReport, EN_VTT, makeWebm, postFile } from './reports-support';

/**
 * An entry embeds a report (editor node `report`, attr reportId): the
 * revision freezes the approved report's native player (media, poster,
 * caption tracks) and a link to /r/<slug>; a report that is not approved
 * refuses the submission, naming it.
 */

let app: TestApp;
let alice: ApiClient;
let mod: ApiClient;

beforeAll(async () => {
  app = await startTestApp();
  [alice, mod] = await Promise.all(['alice@demo.hub', 'mod@demo.hub'].map((e) => app.as(e)));
});

afterAll(async () => {
  await app?.close();
});

async function embed(entryId: string, reportId: string): Promise<void> {
  await alice.edit(entryId, (doc) => {
    const body = doc.getXmlFragment(DOC_BODY);
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('Watch the briefing:')]);
    const node = new Y.XmlElement('report');
    node.setAttribute('reportId', reportId);
    body.insert(body.length, [p, node]);
  });
}

it('embeds an approved report as its player with a link; an unapproved one refuses the submission', async () => {
  const report = await createReport(alice, 'Embedded briefing');
  expect((await postFile(app.baseUrl, alice, `/api/reports/${report.id}/media`, makeWebm(1), 'b.webm')).status).toBe(201);
  expect((await postFile(app.baseUrl, alice, `/api/reports/${report.id}/captions`, Buffer.from(EN_VTT), 'en.vtt', { language: 'en' })).status).toBe(201);

  const entry = await alice.addEntry('Entry with a report');
  await embed(entry.id, report.id);
  const refused = await alice.request('POST', `/api/entries/${entry.id}/revisions`);
  expect(refused.status).toBe(400);
  expect(refused.body.code).toBe('validation_failed');
  expect(refused.body.message).toContain('Report 1 is not an approved report');

  await mod.expect(200, 'POST', `/api/reports/${report.id}/approve`, {});
  const revision = await alice.submit(entry.id);
  expect((await mod.decide(revision.id, 'approve')).status).toBe(200);
  const page = await (await fetch(`${app.baseUrl}/e/${entry.slug}`)).text();
  const figure = /<figure class="report-embed" data-report="[^"]+">[\s\S]*?<\/figure>/.exec(page)?.[0] ?? '';
  expect(figure).toMatch(/<video class="report-player" controls [^>]*poster="\/media\/[0-9a-f]{64}"[^>]* src="\/media\/[0-9a-f]{64}">/);
  expect(figure).toContain('<track kind="captions" src="/media/');
  expect(figure).toContain(`<a href="/r/${report.slug}">Embedded briefing</a>`);
});
