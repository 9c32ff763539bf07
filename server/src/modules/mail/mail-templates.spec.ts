import { escapeHtml, formatTime, invitationMail, joinDecisionMail, resetLinkMail } from './mail-templates';

const url = 'https://hub.example.org/app/join/abcDEF_123-xyz';
const expiresAt = new Date('2025-03-01T14:30:00Z');
const groups = [
  { name: 'Virology', nameZh: '病毒学', role: 'contributor' as const },
  { name: 'Field reports', nameZh: '', role: 'moderator' as const },
];

describe('mail templates', () => {
  it('an invitation names the inviter, each group with its role, the link and the expiry', () => {
    const mail = invitationMail('en', { inviterName: 'Ada Lovelace', groups, url, expiresAt });
    expect(mail.subject).toBe('Ada Lovelace invited you to Knowledge Hub');
    expect(mail.text).toContain('- Virology (contributor)\n- Field reports (moderator)');
    expect(mail.text).toContain(`\n${url}\n`);
    expect(mail.text).toContain('until 2025-03-01 14:30 UTC');
    expect(mail.html).toContain(`<a href="${url}">${url}</a>`);
  });

  it('in Chinese, with the groups’ Chinese names (the English one when there is none)', () => {
    const mail = invitationMail('zh', { inviterName: '李雷', groups, url, expiresAt });
    expect(mail.subject).toBe('李雷 邀请您加入 Knowledge Hub');
    expect(mail.text).toContain('- 病毒学（贡献者）\n- Field reports（审核员）');
    expect(mail.text).toContain('有效期至 2025-03-01 14:30 UTC');
    expect(mail.text).toContain(url);
  });

  it('a reset link greets the user and says the link works once', () => {
    for (const [locale, greeting, once] of [
      ['en', 'Hello Bob,', 'works once'],
      ['zh', 'Bob，您好：', '只能使用一次'],
    ] as const) {
      const mail = resetLinkMail(locale, { name: 'Bob', url, expiresAt });
      expect(mail.text).toContain(greeting);
      expect(mail.text).toContain(once);
      expect(mail.text).toContain(url);
      expect(mail.html).toContain(`href="${url}"`);
    }
  });

  it('a join decision says approved or declined, with the decider’s note', () => {
    const group = { name: 'Virology', nameZh: '病毒学' };
    const approved = joinDecisionMail('en', { name: 'Carol', group, decision: 'approved', note: null });
    expect(approved.subject).toBe('Your request to join Virology was approved');
    expect(approved.text).not.toContain('Note from the moderator');
    const declined = joinDecisionMail('en', { name: 'Carol', group, decision: 'declined', note: 'Please apply with your lab email.' });
    expect(declined.subject).toBe('Your request to join Virology was declined');
    expect(declined.text).toContain('Note from the moderator:\nPlease apply with your lab email.');
    const zh = joinDecisionMail('zh', { name: 'Carol', group, decision: 'declined', note: '请用实验室邮箱申请。' });
    expect(zh.subject).toBe('您加入「病毒学」的申请未获批准');
    expect(zh.text).toContain('审核员的说明：\n请用实验室邮箱申请。');
  });

  it('escapes whatever people typed in the HTML part, and keeps subjects on one line', () => {
    const evil = '<img src=x onerror="alert(1)"> & co';
    const invitation = invitationMail('en', {
      inviterName: `Eve\r\nBcc: victim@example.org ${evil}`,
      groups: [{ name: '<b>Group</b>', nameZh: '', role: 'contributor' }],
      url,
      expiresAt,
    });
    expect(invitation.html).not.toContain('<img');
    expect(invitation.html).not.toContain('<b>Group');
    expect(invitation.html).toContain('&#60;img src=x onerror=&#34;alert(1)&#34;&#62; &#38; co');
    expect(invitation.html).toContain('&#60;b&#62;Group&#60;/b&#62;');
    expect(invitation.subject).not.toMatch(/[\r\n]/);
    expect(invitation.subject).toContain('Eve Bcc: victim@example.org');
    // The text part is plain text: shown as typed.
    expect(invitation.text).toContain(evil);

    const declined = joinDecisionMail('en', { name: 'Carol', group: { name: 'V', nameZh: '' }, decision: 'declined', note: `</p><script>x()</script>` });
    expect(declined.html).not.toContain('<script>');
    expect(declined.html).toContain('&#60;/p&#62;&#60;script&#62;x()&#60;/script&#62;');
  });

  it('helpers: HTML escaping of the five special characters, times in UTC to the minute', () => {
    expect(escapeHtml(`<>&"'`)).toBe('&#60;&#62;&#38;&#34;&#39;');
    expect(escapeHtml('plain 中文')).toBe('plain 中文');
    expect(formatTime(new Date('2030-12-31T23:59:59.999Z'))).toBe('2030-12-31 23:59 UTC');
  });
});
