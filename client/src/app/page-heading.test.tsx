// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { isPageShown, resetPageShownForTests } from '../ui/page-shown';
import { mayTakeFocus, titleFor, usePageHeading } from './page-heading';

describe('the document title', () => {
  it('names the page, then the app', () => {
    expect(titleFor('Review queue', 'Knowledge Hub')).toBe('Review queue — Knowledge Hub');
    expect(titleFor('  Vaccines\n  and more ', 'Knowledge Hub')).toBe('Vaccines and more — Knowledge Hub');
  });
  it('is the app name while the page has no heading yet', () => {
    expect(titleFor(null, 'Knowledge Hub')).toBe('Knowledge Hub');
    expect(titleFor('   ', '知识中心')).toBe('知识中心');
  });
});

describe('moving focus to the new page', () => {
  it('takes it from the body or the header, never from something in the page', () => {
    document.body.innerHTML = '<header><a href="/x">Link</a></header><main id="main"><input></main><footer><button>b</button></footer>';
    const main = document.getElementById('main')!;
    expect(mayTakeFocus(document.body, main)).toBe(true);
    expect(mayTakeFocus(null, main)).toBe(true);
    expect(mayTakeFocus(document.querySelector('header a'), main)).toBe(true);
    expect(mayTakeFocus(document.querySelector('main input'), main)).toBe(false);
    expect(mayTakeFocus(document.querySelector('footer button'), main)).toBe(false);
  });
});

/** A page whose content is still loading, still to come (data-pending), or shown. */
function Page({ state }: { state: 'loading' | 'pending' | 'shown' }) {
  usePageHeading('Knowledge Hub');
  return (
    <>
      <h1>Entry</h1>
      {state === 'loading' && <p className="loading">Loading…</p>}
      <div data-pending={state === 'pending' ? '' : undefined}>body</div>
    </>
  );
}

describe('the page has shown its content', () => {
  const frames = () => new Promise((resolve) => setTimeout(resolve, 120));

  it('not while "Loading…" or a part marked data-pending is on it; after its content is painted, once', async () => {
    resetPageShownForTests();
    const main = document.createElement('main');
    main.id = 'main';
    document.body.replaceChildren(main);
    const page = (state: 'loading' | 'pending' | 'shown') => (
      <MemoryRouter>
        <Page state={state} />
      </MemoryRouter>
    );
    const { rerender } = render(page('loading'), { container: main });
    await frames();
    expect(isPageShown()).toBe(false);
    rerender(page('pending'));
    await frames();
    expect(isPageShown()).toBe(false);
    rerender(page('shown'));
    await frames();
    expect(isPageShown()).toBe(true);
    cleanup();
  });
});
