import type { ParsedMail } from 'mailparser';
import { attemptSignIn, ApiClient, type Answer } from './support/api-client';
import { DemoApi } from './support/editing';
import { closedPort, Mailbox, startSilentServer } from './support/mailbox';
import { TcpSwitch } from './support/tcp-switch';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Email (issue 10, part 7): invitations with an address, admins' reset links
 * and join-request decisions are mailed through SMTP_URL — here a real SMTP
 * server that wants a password, behind a switch that can take it down or
 * send the app to a server that never answers. The links in the mails work;
 * whatever the mail server does, the API answers with the link and says
 * honestly whether it was mailed.
 */

const FROM = 'Knowledge Hub <hub@mail.test>';
const SEND_TIMEOUT_MS = 3_000;

/** The one link in a mail's text to a path of the site under `prefix` (`/app/join/`, `/app/reset/`). */
function linkIn(mail: ParsedMail, prefix: string): URL {
  const links = (mail.text ?? '').match(/https?:\/\/\S+/g) ?? [];
  const found = links.filter((l) => new URL(l).pathname.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${prefix} link in the mail, found ${found.length}:\n${mail.text}`);
  return new URL(found[0]);
}

const htmlOf = (mail: ParsedMail): string => (typeof mail.html === 'string' ? mail.html : '');

describe('with SMTP_URL', () => {
  let mailbox: Mailbox;
  let line: TcpSwitch;
  let app: TestApp;
  let api: DemoApi;
  const password = 'mail-secret';

  beforeAll(async () => {
    mailbox = await new Mailbox('hub-mailer', password).start();
    line = await new TcpSwitch(mailbox.port).start();
    app = await startTestApp({ SMTP_URL: mailbox.smtpUrl(line.port), MAIL_FROM: FROM, MAIL_SEND_TIMEOUT_MS: String(SEND_TIMEOUT_MS) });
    api = new DemoApi(app);
    await api.signInAll();
  });

  afterAll(async () => {
    await app?.close();
    await line?.close();
    await mailbox?.close();
  });

  afterEach(() => {
    line.route(mailbox.port);
    mailbox.refuseRecipients = false;
    mailbox.password = password;
  });

  const anonymous = () => new ApiClient(app, null);
  const invite = (email: string | undefined, groups = [{ slug: 'vaccines', role: 'contributor' }], who: 'admin' | 'mod' = 'admin') =>
    api.call(who, 'POST', '/api/invitations', { ...(email ? { email } : {}), groups });
  const userId = async (email: string): Promise<string> => {
    const page = await api.call('admin', 'GET', `/api/admin/users?query=${encodeURIComponent(email)}`);
    return page.body.users.find((u: { email: string }) => u.email === email).id;
  };

  it('an invitation with an email is mailed there, with the inviter, the groups, the expiry and a link that works', async () => {
    const res = await invite('newcomer@mail.test', [
      { slug: 'epidemiology', role: 'contributor' },
      { slug: 'vaccines', role: 'moderator' },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.emailed).toBe(true);
    expect(res.body.url).toMatch(/\/app\/join\/[A-Za-z0-9_-]{43}$/); // still shown, for "copy link"

    const [mail, ...more] = mailbox.to('newcomer@mail.test');
    expect(more).toEqual([]);
    expect(mail.from?.text).toBe('"Knowledge Hub" <hub@mail.test>');
    expect(mail.subject).toBe('Ada Admin invited you to Knowledge Hub');
    expect(mail.text).toContain('- Pandemic & Epidemiology (contributor)\n- Vaccines (moderator)');
    expect(mail.text).toContain(`until ${res.body.expiresAt.slice(0, 16).replace('T', ' ')} UTC`);
    const link = linkIn(mail, '/app/join/');
    expect(link.href).toBe(res.body.url);
    expect(htmlOf(mail)).toContain(`<a href="${res.body.url}">`);
    expect(htmlOf(mail)).toContain('Pandemic &#38; Epidemiology');

    // The link in the mail opens the invitation, and accepting it makes the account.
    const token = link.pathname.split('/').pop();
    const preview = await anonymous().request('GET', `/api/invitations/by-token/${token}`);
    expect(preview.status).toBe(200);
    expect(preview.body.invitedBy).toBe('Ada Admin');
    const accepted = await anonymous().request('POST', `/api/invitations/by-token/${token}/accept`, {
      name: 'New Comer',
      email: 'newcomer@mail.test',
      password: 'a-long-enough-password',
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.user.email).toBe('newcomer@mail.test');
  });

  it('an invitation without an email sends nothing and says so', async () => {
    const before = mailbox.received.length;
    const res = await invite(undefined);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ emailed: false, url: expect.stringMatching(/\/app\/join\//) });
    expect(mailbox.received.length).toBe(before);
  });

  it("an admin's reset link is mailed to the user; the link sets a new password that signs in", async () => {
    const res = await api.call('admin', 'POST', `/api/admin/users/${await userId('bob@demo.hub')}/reset-link`);
    expect(res.status).toBe(201);
    expect(res.body.emailed).toBe(true);
    const [mail] = mailbox.to('bob@demo.hub');
    expect(mail.subject).toBe('Reset your Knowledge Hub password');
    expect(mail.text).toContain('Hello Bob Okafor,');
    const link = linkIn(mail, '/app/reset/');
    expect(link.href).toBe(res.body.url);

    const token = link.pathname.split('/').pop();
    expect((await anonymous().request('POST', '/api/auth/reset', { token, password: 'mailed-reset-password' })).status).toBe(204);
    expect((await attemptSignIn(app.baseUrl, { email: 'bob@demo.hub', password: 'mailed-reset-password' })).status).toBe(200);
  });

  it('a declined join request is mailed to the requester with the note; an approval comes in their language', async () => {
    const asked = await api.call('carol', 'POST', '/api/groups/vaccines/join-requests', { message: 'I run trials.' });
    expect(asked.status).toBe(201);
    const note = 'Please apply with your lab address <b>first</b> & tell us your field.';
    const declined = await api.call('mod', 'POST', `/api/join-requests/${asked.body.id}/decline`, { note });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', note, emailed: true });
    const [mail] = mailbox.to('carol@demo.hub');
    expect(mail.subject).toBe('Your request to join Vaccines was declined');
    expect(mail.text).toContain(`Note from the moderator:\n${note}`);
    expect(htmlOf(mail)).toContain('&#60;b&#62;first&#60;/b&#62; &#38; tell us');
    expect(htmlOf(mail)).not.toContain('<b>first');

    expect((await api.call('carol', 'PATCH', '/api/me', { locale: 'zh' })).status).toBe(200);
    const again = await api.call('carol', 'POST', '/api/groups/epidemiology/join-requests', {});
    const approved = await api.call('mod', 'POST', `/api/join-requests/${again.body.id}/approve`);
    expect(approved.body).toMatchObject({ status: 'approved', emailed: true });
    const zh = mailbox.to('carol@demo.hub')[1];
    expect(zh.subject).toBe('您加入「疫情与流行病学」的申请已获批准');
    expect(zh.text).toContain('您现在是该知识组的贡献者');
  });

  it("someone with an account is invited in their own language (Carol reads Chinese); everyone else in the inviter's", async () => {
    await api.call('carol', 'PATCH', '/api/me', { locale: 'zh' });
    const res = await invite('carol@demo.hub', [{ slug: 'antiviral-drugs', role: 'contributor' }]);
    expect(res.body.emailed).toBe(true);
    const mail = mailbox.to('carol@demo.hub').at(-1)!;
    expect(mail.subject).toBe('Ada Admin 邀请您加入 Knowledge Hub');
    expect(mail.text).toContain('- 抗病毒药物（贡献者）');
    expect(linkIn(mail, '/app/join/').href).toBe(res.body.url);
  });

  it("an inviter's name with HTML in it is escaped in the mail's HTML part, shown as typed in its text", async () => {
    const evil = '<img src=x onerror="alert(1)">Mo';
    expect((await api.call('mod', 'PATCH', '/api/me', { name: evil })).status).toBe(200);
    try {
      const res = await invite('escaped@mail.test', [{ slug: 'vaccines', role: 'contributor' }], 'mod');
      expect(res.body.emailed).toBe(true);
      const [mail] = mailbox.to('escaped@mail.test');
      expect(htmlOf(mail)).not.toContain('<img');
      expect(htmlOf(mail)).toContain('&#60;img src=x onerror=&#34;alert(1)&#34;&#62;Mo invited you');
      expect(mail.text).toContain(`${evil} invited you`);
    } finally {
      await api.call('mod', 'PATCH', '/api/me', { name: 'Mo Moderator' });
    }
  });

  it('when the mail server is down, refuses or hangs, the API still answers with the link and emailed: false, and mail resumes after', async () => {
    const expectUnmailed = async (res: Answer) => {
      expect(res.status).toBe(201);
      expect(res.body.emailed).toBe(false);
      expect(res.body.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/app\/(join|reset)\//);
    };
    const received = mailbox.received.length;

    line.route(await closedPort()); // nothing listens: connection refused
    const down = await invite('down@mail.test');
    await expectUnmailed(down);
    await expectUnmailed(await api.call('admin', 'POST', `/api/admin/users/${await userId('alice@demo.hub')}/reset-link`));
    // The link still works: the admin can copy it.
    expect((await anonymous().request('GET', `/api/invitations/by-token/${down.body.url.split('/').pop()}`)).status).toBe(200);

    line.route(mailbox.port);
    mailbox.refuseRecipients = true; // 550 to every recipient
    await expectUnmailed(await invite('refused@mail.test'));

    mailbox.refuseRecipients = false;
    mailbox.password = 'rotated-by-the-mail-admin'; // 535 to our credentials
    await expectUnmailed(await invite('bad-password@mail.test'));

    const silent = await startSilentServer(); // accepts the connection, never greets
    try {
      line.route(silent.port);
      const started = Date.now();
      await expectUnmailed(await invite('hanging@mail.test'));
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(SEND_TIMEOUT_MS - 100);
      expect(waited).toBeLessThan(SEND_TIMEOUT_MS + 3_000);
    } finally {
      await silent.close();
    }
    expect(mailbox.received.length).toBe(received);

    // The server kept running, and the next mail goes out.
    line.route(mailbox.port);
    mailbox.password = password;
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
    const back = await invite('back@mail.test');
    expect(back.body.emailed).toBe(true);
    expect(linkIn(mailbox.to('back@mail.test')[0], '/app/join/').href).toBe(back.body.url);
  });
});

describe('without SMTP_URL', () => {
  let app: TestApp;
  let api: DemoApi;

  beforeAll(async () => {
    app = await startTestApp();
    api = new DemoApi(app);
    await api.signInAll();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('nothing is mailed and nothing fails: links are answered to copy, with emailed: false', async () => {
    const invitation = await api.call('admin', 'POST', '/api/invitations', { email: 'someone@mail.test', groups: [{ slug: 'vaccines', role: 'contributor' }] });
    expect(invitation.status).toBe(201);
    expect(invitation.body).toMatchObject({ emailed: false, url: expect.stringMatching(/\/app\/join\/[A-Za-z0-9_-]{43}$/) });

    const users = await api.call('admin', 'GET', '/api/admin/users?query=bob%40demo.hub');
    const reset = await api.call('admin', 'POST', `/api/admin/users/${users.body.users[0].id}/reset-link`);
    expect(reset.status).toBe(201);
    expect(reset.body).toMatchObject({ emailed: false, url: expect.stringMatching(/\/app\/reset\//) });

    const asked = await api.call('carol', 'POST', '/api/groups/vaccines/join-requests', {});
    const declined = await api.call('mod', 'POST', `/api/join-requests/${asked.body.id}/decline`, { note: 'Not now.' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', emailed: false });
  });
});
