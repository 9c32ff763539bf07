import type { Locale } from '@knowledge-hub/shared';

/**
 * The mails Knowledge Hub sends, in English and Chinese: pure functions from
 * what a mail says to its subject, plain text and HTML. Everything that comes
 * from people (names, group names, notes) is escaped in the HTML and kept on
 * one line in the subject; links are ours (an origin and a base64url token).
 */

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface MailGroup {
  name: string;
  nameZh: string;
}

export interface InvitationMail {
  inviterName: string;
  groups: (MailGroup & { role: 'contributor' | 'moderator' })[];
  url: string;
  expiresAt: Date;
}

export interface ResetLinkMail {
  name: string;
  url: string;
  expiresAt: Date;
}

export interface JoinDecisionMail {
  name: string;
  group: MailGroup;
  decision: 'approved' | 'declined';
  /** The decider's note (a decline always carries one). */
  note: string | null;
}

/** A paragraph: lines of text, or a link. */
export type Block = string | { link: string };

const ROLE: Record<Locale, Record<'contributor' | 'moderator', string>> = {
  en: { contributor: 'contributor', moderator: 'moderator' },
  zh: { contributor: '贡献者', moderator: '审核员' },
};

export function invitationMail(locale: Locale, m: InvitationMail): MailContent {
  const groups = m.groups.map((g) => {
    const role = ROLE[locale][g.role];
    return locale === 'zh' ? `- ${groupName(locale, g)}（${role}）` : `- ${groupName(locale, g)} (${role})`;
  });
  const until = formatTime(m.expiresAt);
  if (locale === 'zh') {
    return compose(`${m.inviterName} 邀请您加入 Knowledge Hub`, [
      `${m.inviterName} 邀请您以下列身份加入 Knowledge Hub 的知识组：\n${groups.join('\n')}`,
      '打开此链接接受邀请：',
      { link: m.url },
      `链接有效期至 ${until}。如果您没有预料到这封邀请，可以忽略此邮件。`,
    ]);
  }
  return compose(`${m.inviterName} invited you to Knowledge Hub`, [
    `${m.inviterName} invited you to join these groups on Knowledge Hub:\n${groups.join('\n')}`,
    'Open this link to accept:',
    { link: m.url },
    `The link works until ${until}. If you did not expect this invitation, you can ignore this email.`,
  ]);
}

export function resetLinkMail(locale: Locale, m: ResetLinkMail): MailContent {
  const until = formatTime(m.expiresAt);
  if (locale === 'zh') {
    return compose('重置您的 Knowledge Hub 密码', [
      `${m.name}，您好：`,
      '管理员为您生成了一个设置新密码的链接：',
      { link: m.url },
      `链接只能使用一次，有效期至 ${until}。设置新密码后，您在所有设备上的登录都会退出。如果您没有提出这个请求，请告知管理员。`,
    ]);
  }
  return compose('Reset your Knowledge Hub password', [
    `Hello ${m.name},`,
    'An administrator created a link for you to set a new password:',
    { link: m.url },
    `The link works once, until ${until}. Setting a new password signs you out everywhere. If you did not ask for this, tell your administrator.`,
  ]);
}

export function joinDecisionMail(locale: Locale, m: JoinDecisionMail): MailContent {
  const group = groupName(locale, m.group);
  const note = m.note ? (locale === 'zh' ? [`审核员的说明：\n${m.note}`] : [`Note from the moderator:\n${m.note}`]) : [];
  if (locale === 'zh') {
    return m.decision === 'approved'
      ? compose(`您加入「${group}」的申请已获批准`, [
          `${m.name}，您好：`,
          `您在 Knowledge Hub 加入「${group}」的申请已获批准，您现在是该知识组的贡献者。`,
          ...note,
        ])
      : compose(`您加入「${group}」的申请未获批准`, [`${m.name}，您好：`, `您在 Knowledge Hub 加入「${group}」的申请未获批准。`, ...note]);
  }
  return m.decision === 'approved'
    ? compose(`Your request to join ${group} was approved`, [
        `Hello ${m.name},`,
        `Your request to join ${group} on Knowledge Hub was approved: you are now a contributor.`,
        ...note,
      ])
    : compose(`Your request to join ${group} was declined`, [`Hello ${m.name},`, `Your request to join ${group} on Knowledge Hub was declined.`, ...note]);
}

function groupName(locale: Locale, g: MailGroup): string {
  return locale === 'zh' && g.nameZh ? g.nameZh : g.name;
}

/** A UTC time both languages read the same way: `2025-03-01 14:30 UTC`. */
export function formatTime(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function compose(subject: string, blocks: Block[]): MailContent {
  const text = blocks.map((b) => (typeof b === 'string' ? b : b.link)).join('\n\n');
  const body = blocks
    .map((b) =>
      typeof b === 'string' ? `<p>${escapeHtml(b).replace(/\n/g, '<br>\n')}</p>` : `<p><a href="${escapeHtml(b.link)}">${escapeHtml(b.link)}</a></p>`,
    )
    .join('\n');
  return {
    // A subject is one header line: no control characters from names or group names.
    subject: subject.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim(),
    text: `${text}\n`,
    html: `<!doctype html>\n<html><body style="font-family: sans-serif; line-height: 1.5">\n${body}\n</body></html>\n`,
  };
}
