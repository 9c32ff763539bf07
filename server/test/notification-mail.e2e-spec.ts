import type { ParsedMail } from 'mailparser';
import { DIGEST_LOOKBACK_MS, NotificationDigestsService } from '../src/modules/notifications/notification-digests.service';
import { NotificationsRepository } from '../src/modules/notifications/notifications.repository';
import { DemoApi } from './support/editing';
import { Mailbox } from './support/mailbox';
import { startTestApp, type TestApp, waitFor } from './support/test-app';

/**
 * Notification e-mail (issue 14) through a real SMTP server: each person's
 * preference decides — immediately (one mail per notification, in their
 * language), a daily digest of what is still unread (sent by the daily job,
 * called directly here), or never. What people wrote is escaped in the HTML.
 */

const FROM = 'Knowledge Hub <hub@mail.test>';
let mailbox: Mailbox;
let app: TestApp;
let api: DemoApi;

beforeAll(async () => {
  mailbox = await new Mailbox().start();
  app = await startTestApp({ SMTP_URL: mailbox.smtpUrl(), MAIL_FROM: FROM, ALLOWED_ORIGINS: 'https://hub.example.org' });
  api = new DemoApi(app);
  await api.signInAll();
});
afterAll(async () => {
  await app?.close();
  await mailbox?.close();
});

const prefer = async (who: 'alice' | 'bob' | 'mod' | 'admin', email: 'immediately' | 'daily' | 'never') =>
  expect((await api.call(who, 'PATCH', '/api/notifications/preferences', { email })).body).toEqual({ email });
const idOf = async (who: 'alice' | 'mod') => (await api.call(who, 'GET', '/api/auth/me')).body.id as string;
const anchor = { kind: 'text', start: 'AAA=', end: 'AAE=', quote: 'x' };
const htmlOf = (mail: ParsedMail) => (typeof mail.html === 'string' ? mail.html : '');

it('the preference is daily by default, and can be read back', async () => {
  expect((await api.call('bob', 'GET', '/api/notifications/preferences')).body).toEqual({ email: 'daily' });
  expect((await api.call('bob', 'PATCH', '/api/notifications/preferences', { email: 'weekly' })).body.code).toBe('validation_failed');
});

it('immediately: alice gets one mail per notification, with the excerpt escaped and a link to her notifications; never: the moderator gets none', async () => {
  await prefer('alice', 'immediately');
  await prefer('mod', 'never');
  const entryId = await api.newEntry('Mail: thermal stability');
  await api.setBody('alice', entryId, ['Stable for 30 days at 2–8 °C.']);
  const before = mailbox.to('alice@demo.hub').length;
  const res = await api.call('bob', 'POST', `/api/entries/${entryId}/comments`, {
    body: '<b>@Mo Moderator</b> is this <script>x</script> right?',
    anchor,
    mentions: [await idOf('mod')],
  });
  expect(res.status).toBe(201);
  const mails = await waitFor(() => {
    const all = mailbox.to('alice@demo.hub');
    return all.length > before && all.slice(before);
  }, 'alice’s mail');
  expect(mails).toHaveLength(1);
  const [mail] = mails;
  expect(mail.subject).toBe('Bob Okafor commented on “Mail: thermal stability”, which you contributed to');
  expect(mail.text).toContain('<b>@Mo Moderator</b> is this <script>x</script> right?');
  expect(mail.text).toContain('https://hub.example.org/app/notifications');
  expect(htmlOf(mail)).not.toContain('<script>');
  expect(htmlOf(mail)).toContain('&#60;script&#62;');
  // The moderator was mentioned but wants no mail.
  expect(mailbox.to('mod@demo.hub').filter((m) => m.subject?.includes('thermal stability'))).toEqual([]);
  expect((await api.call('mod', 'GET', '/api/notifications')).body.items[0]).toMatchObject({ kind: 'mentioned' });
});

it('daily: nothing at once; the digest mails the unread notifications of the last day once, in Chinese for a Chinese account; read ones are left out', async () => {
  await prefer('alice', 'daily');
  await api.call('alice', 'PATCH', '/api/me', { locale: 'zh' });
  await api.call('alice', 'POST', '/api/notifications/read', { all: true });
  const entryId = await api.newEntry('Mail: digest entry');
  await api.setBody('alice', entryId, ['Digest me.']);
  const before = mailbox.to('alice@demo.hub').length;
  const sub = await api.submit('alice', entryId);
  expect((await api.decide('mod', sub.id, 'request-changes', { note: 'Cite <the> label & date.' })).status).toBe(200);
  await api.call('bob', 'POST', `/api/entries/${entryId}/comments`, { body: 'First comment', anchor });
  await api.call('bob', 'POST', `/api/entries/${entryId}/comments`, { body: 'Second comment', anchor });
  // alice read the second one already: left out.
  const page = (await api.call('alice', 'GET', '/api/notifications')).body;
  const second = page.items.find((n: { text: string }) => n.text === 'Second comment');
  await api.call('alice', 'POST', '/api/notifications/read', { ids: [second.id] });
  expect(mailbox.to('alice@demo.hub').length).toBe(before); // daily: nothing yet

  const service = app.running.app.get(NotificationDigestsService);
  expect(await service.sendDigests()).toBeGreaterThanOrEqual(1);
  const digest = mailbox.to('alice@demo.hub').slice(before);
  expect(digest).toHaveLength(1);
  expect(digest[0].subject).toBe('Knowledge Hub：过去一天的 2 条通知');
  expect(digest[0].text).toContain('「Mail: digest entry」的第 1 版需要修改');
  expect(digest[0].text).toContain('Cite <the> label & date.');
  expect(digest[0].text).toContain('First comment');
  expect(digest[0].text).not.toContain('Second comment');
  expect(htmlOf(digest[0])).toContain('Cite &#60;the&#62; label &#38; date.');
  // Run again: nothing new to send; a day later, nothing older than a day.
  expect(await service.sendDigests()).toBe(0);
  expect(mailbox.to('alice@demo.hub').length).toBe(before + 1);
  await api.call('alice', 'PATCH', '/api/me', { locale: 'en' });
});

it('the digest does not reach back further than its lookback (seven days)', async () => {
  await prefer('bob', 'daily');
  const entryId = await api.newEntry('Mail: old news');
  await api.setBody('bob', entryId, ['Old.']);
  await api.call('alice', 'POST', `/api/entries/${entryId}/comments`, { body: 'Old comment', anchor });
  const before = mailbox.to('bob@demo.hub').length;
  const service = app.running.app.get(NotificationDigestsService);
  expect(await service.sendDigests(new Date(Date.now() + DIGEST_LOOKBACK_MS + 3_600_000))).toBe(0);
  expect(mailbox.to('bob@demo.hub').length).toBe(before);
  expect(await service.sendDigests()).toBe(1);
  expect(
    mailbox
      .to('bob@demo.hub')
      .slice(before)
      .map((m) => m.subject),
  ).toEqual(['Knowledge Hub: 1 notification from the last day']);
});

describe('the digest is sent once per account and day', () => {
  const digestsTo = (address: string, since: number) =>
    mailbox
      .to(address)
      .slice(since)
      .filter((m) => m.subject?.startsWith('Knowledge Hub: '));

  it('two runs at once (two instances) send each digest once', async () => {
    await prefer('mod', 'daily');
    await prefer('admin', 'daily');
    const before = { mod: mailbox.to('mod@demo.hub').length, admin: mailbox.to('admin@demo.hub').length };
    expect((await api.call('carol', 'POST', '/api/groups/vaccines/join-requests', { message: 'Digest me once.' })).status).toBe(201);
    const service = app.running.app.get(NotificationDigestsService);
    const runs = await Promise.all([service.sendDigests(), service.sendDigests(), service.sendDigests()]);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(2);
    for (const who of ['mod', 'admin'] as const) {
      const digests = digestsTo(`${who}@demo.hub`, before[who]);
      expect(digests).toHaveLength(1);
      expect(digests[0].text).toContain('Carol Reader asked to join Vaccines: the request waits for your decision');
      expect(digests[0].text).toContain('Digest me once.');
    }
  });

  it('a run of the same day again (a restart) sends nothing more; the next day’s run sends what came since', async () => {
    const before = mailbox.to('mod@demo.hub').length;
    expect((await api.call('carol', 'POST', '/api/groups/epidemiology/join-requests', { message: 'After the digest.' })).status).toBe(201);
    const service = app.running.app.get(NotificationDigestsService);
    expect(await service.sendDigests()).toBe(0);
    expect(digestsTo('mod@demo.hub', before)).toEqual([]);
    const now = new Date();
    const nextDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 0, 1));
    expect(await service.sendDigests(nextDay)).toBe(2);
    const digests = digestsTo('mod@demo.hub', before);
    expect(digests).toHaveLength(1);
    expect(digests[0].text).toContain('After the digest.');
    expect(digests[0].text).not.toContain('Digest me once.');
  });

  it('of instances starting at once, one claims the day’s scheduled run', async () => {
    const repo = app.running.app.get(NotificationsRepository);
    const claims = await Promise.all(Array.from({ length: 4 }, () => repo.claimDigestRun('2031-05-06')));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await repo.claimDigestRun('2031-05-06')).toBe(false);
  });
});

// Last in the file: its runs are two and three days ahead, after the days the tests above claim.
it('a digest the SMTP server refused is not lost: the next day’s run mails its notifications, older than a day by then', async () => {
  await prefer('bob', 'daily');
  const entryId = await api.newEntry('Mail: refused digest');
  await api.setBody('bob', entryId, ['Refused.']);
  await api.call('alice', 'POST', `/api/entries/${entryId}/comments`, { body: 'Comment of the refused digest', anchor });
  const before = mailbox.to('bob@demo.hub').length;
  const service = app.running.app.get(NotificationDigestsService);
  const day1 = new Date(Date.now() + 2 * 86_400_000);
  const day2 = new Date(Date.now() + 3 * 86_400_000);
  mailbox.refuseRecipients = true;
  try {
    expect(await service.sendDigests(day1)).toBe(0);
  } finally {
    mailbox.refuseRecipients = false;
  }
  expect(mailbox.to('bob@demo.hub').length).toBe(before);
  expect(await service.sendDigests(day2)).toBeGreaterThanOrEqual(1);
  const digests = mailbox.to('bob@demo.hub').slice(before);
  expect(digests).toHaveLength(1);
  expect(digests[0].text).toContain('Comment of the refused digest');
  // Mailed now: a later run sends it no more.
  expect(await service.sendDigests(new Date(Date.now() + 4 * 86_400_000))).toBe(0);
  expect(mailbox.to('bob@demo.hub').length).toBe(before + 1);
});

// After the one above: its days are five and six days ahead.
it('a digest claimed by a run that stopped before mailing it (a crash) is not lost: the next run mails its notifications', async () => {
  await prefer('bob', 'daily');
  const entryId = await api.newEntry('Mail: crashed digest');
  await api.setBody('bob', entryId, ['Crashed.']);
  await api.call('alice', 'POST', `/api/entries/${entryId}/comments`, { body: 'Comment of the crashed run', anchor });
  const before = mailbox.to('bob@demo.hub').length;
  const repo = app.running.app.get(NotificationsRepository);
  const service = app.running.app.get(NotificationDigestsService);
  const day5 = new Date(Date.now() + 5 * 86_400_000);
  const day6 = new Date(Date.now() + 6 * 86_400_000);
  // A run claims day 5's digests and stops before mailing any.
  const claimed = await repo.claimDigestsOfDay(day5.toISOString().slice(0, 10), new Date(day5.getTime() - DIGEST_LOOKBACK_MS));
  expect(claimed.length).toBeGreaterThanOrEqual(1);
  // Still fresh: another instance may be mailing it right now, so a run now leaves it alone.
  expect(await service.sendDigests(day6)).toBe(0);
  expect(mailbox.to('bob@demo.hub').length).toBe(before);
  // An hour later it is a crashed run's: the next run mails it, once.
  await app.running.db.dataSource.query(`UPDATE notification_digests SET claimed_at = claimed_at - interval '2 hours' WHERE sent_at IS NULL`);
  expect(await service.sendDigests(day6)).toBeGreaterThanOrEqual(1);
  const digests = mailbox.to('bob@demo.hub').slice(before);
  expect(digests).toHaveLength(1);
  expect(digests[0].text).toContain('Comment of the crashed run');
  expect(await service.sendDigests(new Date(Date.now() + 7 * 86_400_000))).toBe(0);
  expect(mailbox.to('bob@demo.hub').length).toBe(before + 1);
});
