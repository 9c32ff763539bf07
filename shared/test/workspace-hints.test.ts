import { describe, expect, it } from 'vitest';
import { workspacePageHints } from '../src/workspace-hints.js';

const ID = '6f2215c6-b20c-4727-a13d-d1978dc9eddc';

describe('workspacePageHints', () => {
  it("names an entry's editor chunk and its two first reads", () => {
    expect(workspacePageHints(`/app/e/${ID}`)).toEqual({
      chunk: 'src/features/editor/editor-page.tsx',
      reads: [`/api/entries/${ID}`, `/api/entries/${ID}/published?optional=true`],
    });
  });

  it('names the review pages, the account page and the chunk-only pages, with or without a trailing slash', () => {
    expect(workspacePageHints(`/app/review/${ID}/`)?.reads).toEqual([`/api/revisions/${ID}`]);
    expect(workspacePageHints('/app/review')?.reads).toEqual(['/api/review/queue']);
    expect(workspacePageHints('/app/review/')?.chunk).toBe('src/features/review/review-queue-page.tsx');
    expect(workspacePageHints('/app/account')?.reads).toEqual(['/api/me']);
    expect(workspacePageHints('/app/admin')).toEqual({ chunk: 'src/features/admin/admin-page.tsx', reads: [] });
    expect(workspacePageHints('/app/notifications')?.reads).toEqual([]);
  });

  it('names nothing for pages in the main chunk, addresses outside the workspace, and ids that are not ids', () => {
    for (const path of [
      '/app/',
      '/app',
      '/app/g/epidemiology',
      '/app/search',
      '/e/some-entry',
      `/app/e/${ID}/extra`,
      '/app/e/not-an-id',
      `/app/e/${ID}"><script>alert(1)</script>`,
      `/app/e/${ID}%22`,
      '/app/e/../../api/admin',
      `/app/review/${ID.toUpperCase()}x`,
    ]) {
      expect([path, workspacePageHints(path)]).toEqual([path, null]);
    }
  });

  it('keeps the id as the address writes it (the client asks with it as it is)', () => {
    expect(workspacePageHints(`/app/e/${ID.toUpperCase()}`)?.reads[0]).toBe(`/api/entries/${ID.toUpperCase()}`);
  });
});
