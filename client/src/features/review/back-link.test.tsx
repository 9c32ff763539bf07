// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UserDto } from '@knowledge-hub/shared';
import { I18nProvider } from '../../i18n/i18n-context';
import { BackLinkFor } from './back-link';

const user = (roles: string[]): UserDto => ({ id: 'u-1', email: 'a@demo.hub', name: 'A', roles });

function linkFor(who: UserDto | null, entryId: string | null): [string | null, string] {
  render(
    <I18nProvider>
      <MemoryRouter>
        <BackLinkFor user={who} entryId={entryId} />
      </MemoryRouter>
    </I18nProvider>,
  );
  const link = screen.getByTestId('revision-back');
  const answer: [string | null, string] = [link.getAttribute('href'), link.textContent ?? ''];
  cleanup();
  return answer;
}

beforeEach(() => window.localStorage.setItem('knowledge-hub.lang', 'en'));
afterEach(cleanup);

describe('the way back from a revision page', () => {
  it('offers the review queue only to those who may open it, otherwise the entry', () => {
    expect(linkFor(user(['contributor:vaccines']), 'entry-1')).toEqual(['/e/entry-1', '← Back to the entry']);
    expect(linkFor(user(['moderator:vaccines']), 'entry-1')).toEqual(['/review', '← Back to the review queue']);
    expect(linkFor(user(['admin']), 'entry-1')).toEqual(['/review', '← Back to the review queue']);
    expect(linkFor(user(['contributor:vaccines']), null)).toEqual(['/', '← Back to the groups']);
  });
});
