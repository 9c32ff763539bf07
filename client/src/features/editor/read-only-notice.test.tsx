// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../i18n/i18n-context';
import { NotAMemberText } from './read-only-notice';

afterEach(cleanup);

function noticeIn(lang: 'en' | 'zh'): { text: string; href: string | null } {
  window.localStorage.setItem('knowledge-hub.lang', lang);
  render(
    <I18nProvider>
      <MemoryRouter>
        <NotAMemberText groupSlug="vaccines" groupName={lang === 'zh' ? '疫苗' : 'Vaccines'} />
      </MemoryRouter>
    </I18nProvider>,
  );
  const notice = screen.getByTestId('read-only-notice');
  const answer = { text: notice.textContent ?? '', href: screen.getByTestId('ask-to-join-link').getAttribute('href') };
  cleanup();
  return answer;
}

describe('the read-only notice of a non-member', () => {
  it('says what they can do (read, or ask to join the group, linked) and never that their changes are lost', () => {
    const en = noticeIn('en');
    expect(en).toEqual({ text: 'You can read this entry. To edit, ask to join Vaccines.', href: '/g/vaccines' });
    const zh = noticeIn('zh');
    expect(zh.href).toBe('/g/vaccines');
    expect(zh.text).toContain('疫苗');
    for (const text of [en.text, zh.text]) expect(text).not.toMatch(/not saved|不会被保存/);
  });
});
