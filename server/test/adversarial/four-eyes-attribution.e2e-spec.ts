import { DOC_BODY } from '@knowledge-hub/shared';
import { type DemoApi, withDemoApp, names, paragraph } from '../support/editing';

/**
 * Finding 2: the four-eyes rule must see every author, including those who
 * only deleted text and those who restored a revision (a server-side edit).
 */
let api: DemoApi;

withDemoApp((_app, demo) => {
  api = demo;
});

describe('finding 2: four-eyes across deletions and restores', () => {
  it('finding 2: a moderator who only deleted text cannot approve his own revision', async () => {
    const entryId = await api.newEntry('Paracetamol dosage');
    await api.setBody('alice', entryId, ['Adults: up to 4 g a day.', 'Warning: liver damage above this dose.']);
    const rev1 = await api.submit('alice', entryId);
    expect((await api.call('mod', 'POST', `/api/revisions/${rev1.id}/approve`, {})).status).toBe(200);

    // The moderator deletes the safety warning, nothing else, and submits.
    await api.edit('mod', entryId, (doc) => doc.getXmlFragment(DOC_BODY).delete(1, 1));
    const rev2 = await api.submit('mod', entryId);
    expect(names(rev2.contributors)).toEqual(['Mo Moderator']);
    expect(await api.call('mod', 'POST', `/api/revisions/${rev2.id}/approve`, {})).toMatchObject({ status: 403, body: { code: 'self_review' } });
    expect((await api.call('admin', 'POST', `/api/revisions/${rev2.id}/approve`, {})).status).toBe(200);
  });

  it('finding 2: a restore is attributed to the moderator who restored, so he cannot approve it alone', async () => {
    const entryId = await api.newEntry('Measles schedule');
    await api.setBody('alice', entryId, ['Two doses: at 12 months and at 4 years.']);
    const rev1 = await api.submit('alice', entryId);
    expect((await api.call('mod', 'POST', `/api/revisions/${rev1.id}/approve`, {})).status).toBe(200);
    await api.setBody('alice', entryId, ['Two doses: at 12 months and at 18 months (new schedule).']);
    const rev2 = await api.submit('alice', entryId);
    expect((await api.call('mod', 'POST', `/api/revisions/${rev2.id}/approve`, {})).status).toBe(200);

    expect((await api.call('mod', 'POST', `/api/revisions/${rev1.id}/restore`, {})).status).toBe(204);
    const rev3 = await api.submit('mod', entryId);
    expect(names(rev3.contributors)).toEqual(['Mo Moderator']);
    expect(await api.call('mod', 'POST', `/api/revisions/${rev3.id}/approve`, {})).toMatchObject({ status: 403, body: { code: 'self_review' } });
  });

  it('finding 2: restoring a rejected revision is refused (409 revision_rejected) unless an admin overrides, and the override is audited', async () => {
    const entryId = await api.newEntry('Antibiotics and colds');
    await api.setBody('alice', entryId, ['Antibiotics do not help against colds.']);
    const rev1 = await api.submit('alice', entryId);
    expect((await api.call('mod', 'POST', `/api/revisions/${rev1.id}/approve`, {})).status).toBe(200);
    await api.setBody('bob', entryId, ['Antibiotics cure colds.']);
    const rev2 = await api.submit('bob', entryId);
    expect((await api.call('mod', 'POST', `/api/revisions/${rev2.id}/reject`, { note: 'Wrong and dangerous.' })).status).toBe(200);

    expect(await api.call('mod', 'POST', `/api/revisions/${rev2.id}/restore`, {})).toMatchObject({ status: 409, body: { code: 'revision_rejected' } });
    expect(await api.call('mod', 'POST', `/api/revisions/${rev2.id}/restore`, { override: true })).toMatchObject({
      status: 409,
      body: { code: 'revision_rejected' },
    });
    expect(await api.call('admin', 'POST', `/api/revisions/${rev2.id}/restore`, {})).toMatchObject({ status: 409, body: { code: 'revision_rejected' } });
    const live = await api.call('alice', 'GET', `/api/entries/${entryId}`);
    expect(live.body.title).toBe('Antibiotics and colds');

    expect((await api.call('admin', 'POST', `/api/revisions/${rev2.id}/restore`, { override: true, note: 'Restoring for the record' })).status).toBe(204);
    const audit = await api.call('admin', 'GET', `/api/audit?entryId=${entryId}`);
    expect(audit.body[0]).toMatchObject({
      action: 'restored',
      revisionId: rev2.id,
      override: true,
      note: 'Restoring for the record',
      actor: { name: 'Ada Admin' },
    });
    // The admin's restore makes the admin an author of what is submitted next (with everyone who wrote since revision 1).
    await api.edit('alice', entryId, (doc) => doc.getXmlFragment(DOC_BODY).insert(1, [paragraph('Under discussion.')]));
    const rev3 = await api.submit('alice', entryId);
    expect(names(rev3.contributors)).toEqual(['Ada Admin', 'Alice Chen', 'Bob Okafor']);
    expect(await api.call('admin', 'POST', `/api/revisions/${rev3.id}/approve`, {})).toMatchObject({ status: 403, body: { code: 'self_review' } });
  });
});
