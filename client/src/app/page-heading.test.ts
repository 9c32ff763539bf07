// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { mayTakeFocus, titleFor } from './page-heading';

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
