// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { EntryTranslationsDto, TranslationLinkDto } from '@knowledge-hub/shared';
import { I18nProvider } from '../../i18n/i18n-context';
import { PairLinks } from './translations-panel';

afterEach(cleanup);

const link = (over: Partial<TranslationLinkDto>): TranslationLinkDto => ({
  entryId: 'e-zh',
  slug: 'omicron-zh',
  title: '奥密克戎的传播',
  language: 'zh',
  published: true,
  outdated: false,
  ...over,
});

const pair = (over: Partial<EntryTranslationsDto>): EntryTranslationsDto => ({
  language: 'en',
  source: null,
  translations: [],
  syncedTo: null,
  outdated: null,
  pendingSync: null,
  ...over,
});

function show(data: EntryTranslationsDto) {
  window.localStorage.setItem('knowledge-hub.lang', 'en');
  render(
    <I18nProvider>
      <MemoryRouter>
        <PairLinks data={data} />
      </MemoryRouter>
    </I18nProvider>,
  );
}

describe('the pair links of the workspace', () => {
  it('lists a source’s translations by language, linked to their editors, with an outdated badge', () => {
    show(pair({ translations: [link({ outdated: true })] }));
    const list = screen.getByTestId('translations-list');
    expect(list.textContent).toBe('Translations: 中文outdated');
    const a = screen.getByRole('link', { name: '中文' });
    expect(a.getAttribute('href')).toBe('/e/e-zh');
    expect(a.getAttribute('hreflang')).toBe('zh');
  });

  it('names the source of a translation', () => {
    show(pair({ language: 'zh', source: link({ entryId: 'e-en', slug: 'omicron', title: 'Omicron transmission', language: 'en' }) }));
    expect(screen.getByTestId('translation-of').textContent).toBe('The 中文 translation of Omicron transmission');
    expect(screen.getByRole('link', { name: 'Omicron transmission' }).getAttribute('href')).toBe('/e/e-en');
  });
});
