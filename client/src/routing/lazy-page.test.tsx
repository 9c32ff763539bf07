// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n/i18n-context';
import { Lazy, lazyPage } from './lazy-page';

beforeEach(() => window.localStorage.setItem('knowledge-hub.lang', 'en'));
afterEach(cleanup);

function Hello({ name }: { name: string }) {
  return <h1>Hello {name}</h1>;
}

describe('a lazy page', () => {
  it('says "Loading…" until its chunk is in, then shows the page', async () => {
    let arrive: (c: typeof Hello) => void = () => undefined;
    const Page = lazyPage(() => new Promise<typeof Hello>((resolve) => (arrive = resolve)));
    render(
      <I18nProvider>
        <Lazy page={Page}>
          <Page name="Alice" />
        </Lazy>
      </I18nProvider>,
    );
    expect(screen.getByRole('status').textContent).toContain('Loading');
    arrive(Hello);
    expect((await screen.findByRole('heading')).textContent).toBe('Hello Alice');
  });

  it('preloaded (the page a load starts on), renders at once: no "Loading…" first', async () => {
    const Page = lazyPage(() => Promise.resolve(Hello));
    await Page.preload();
    render(
      <I18nProvider>
        <Lazy page={Page}>
          <Page name="Bob" />
        </Lazy>
      </I18nProvider>,
    );
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.getByRole('heading').textContent).toBe('Hello Bob');
  });

  it('a chunk that failed is fetched again when the page is opened again', async () => {
    let calls = 0;
    const Page = lazyPage(() => (++calls === 1 ? Promise.reject(new Error('offline')) : Promise.resolve(Hello)));
    await Page.preload(); // never rejects: rendering the page reports the failure
    expect(Page.ready()).toBe(false);
    render(
      <I18nProvider>
        <Lazy page={Page}>
          <Page name="Carol" />
        </Lazy>
      </I18nProvider>,
    );
    expect((await screen.findByRole('heading')).textContent).toBe('Hello Carol');
    expect(calls).toBe(2);
  });
});
