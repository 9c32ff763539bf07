// @vitest-environment happy-dom
import { cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { DOC_META, META_TITLE } from '@knowledge-hub/shared';
import { TITLE_SETTLE_MS, useLiveTitle } from './use-live-title';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function watch(doc: Y.Doc): string[] {
  const told: string[] = [];
  renderHook(() => useLiveTitle(doc, (title) => told.push(title)));
  return told;
}

describe('the live title of the editor page', () => {
  it('tells nothing before the document has a title, then the title once it has rested', () => {
    const doc = new Y.Doc();
    const told = watch(doc);
    expect(told).toEqual([]);
    const title = new Y.Text('Cold chain');
    doc.getMap(DOC_META).set(META_TITLE, title);
    vi.advanceTimersByTime(TITLE_SETTLE_MS);
    expect(told).toEqual(['Cold chain']);
  });

  it('follows what anyone types, once per pause, and tells a blank title as blank', () => {
    const doc = new Y.Doc();
    const title = new Y.Text('Cold');
    doc.getMap(DOC_META).set(META_TITLE, title);
    const told = watch(doc);
    expect(told).toEqual(['Cold']);
    title.insert(4, ' chain');
    vi.advanceTimersByTime(TITLE_SETTLE_MS / 2);
    title.insert(10, 's');
    vi.advanceTimersByTime(TITLE_SETTLE_MS - 1);
    expect(told).toEqual(['Cold']);
    vi.advanceTimersByTime(1);
    expect(told).toEqual(['Cold', 'Cold chains']);
    title.delete(0, title.length);
    vi.advanceTimersByTime(TITLE_SETTLE_MS);
    expect(told).toEqual(['Cold', 'Cold chains', '']);
  });
});
