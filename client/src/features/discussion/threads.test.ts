import { describe, expect, it } from 'vitest';
import type { CommentThreadDto } from '@knowledge-hub/shared';
import { gatherIntoNote } from './block-anchor';
import { filterThreads } from './comments-panel';

const person = (userId: string, name: string) => ({ userId, name });
function thread(id: string, o: Partial<CommentThreadDto> & { by?: string; mentions?: string[]; body?: string }): CommentThreadDto {
  return {
    id,
    entryId: 'e',
    revisionId: null,
    anchor: { kind: 'text', start: 'AA==', end: 'AA==', quote: `quote ${id}` },
    resolved: null,
    comments: [
      {
        id: `${id}-1`,
        author: person(o.by ?? 'bob', o.by ?? 'bob'),
        body: o.body ?? `comment ${id}`,
        mentions: (o.mentions ?? []).map((m) => person(m, m)),
        createdAt: '2026-01-01T00:00:00Z',
        editedAt: null,
      },
    ],
    ...o,
  };
}

describe('thread filters', () => {
  const threads = [
    thread('1', { by: 'alice' }),
    thread('2', { by: 'bob', mentions: ['alice'] }),
    thread('3', { by: 'bob', resolved: { by: person('bob', 'Bob'), at: '2026-01-02T00:00:00Z' } }),
  ];
  it.each([
    ['open', ['1', '2']],
    ['resolved', ['3']],
    ['mine', ['1', '2']], // started by alice, or mentioning her
  ] as const)('%s → %j', (filter, ids) => {
    expect(filterThreads(threads, filter, 'alice').map((t) => t.id)).toEqual(ids);
  });
});

describe('gathering revision comments into the note', () => {
  it('open block threads in the order of the text, each quote with its comments; resolved ones left out', () => {
    const on = (block: number, from: number, quote: string) => ({ kind: 'block' as const, block, from, to: from + quote.length, quote });
    const note = gatherIntoNote([
      thread('late', { anchor: on(3, 0, 'six months'), by: 'Mo', body: 'Which trial?' }),
      thread('early', { anchor: on(1, 4, 'minus seventy'), by: 'Mo', body: 'Source?' }),
      thread('done', { anchor: on(0, 0, 'Title'), resolved: { by: person('m', 'Mo'), at: '2026-01-01T00:00:00Z' } }),
    ]);
    expect(note).toBe('“minus seventy”\n  Mo: Source?\n\n“six months”\n  Mo: Which trial?');
  });
  it('nothing open: an empty note', () => {
    expect(gatherIntoNote([])).toBe('');
  });
});
