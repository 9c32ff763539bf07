import * as Y from 'yjs';
import { DOC_BODY, type NotificationDto, type NotificationPageDto } from '@knowledge-hub/shared';
import { type DemoApi, type DemoUser, withDemoApp } from './support/editing';
import { type TestApp, waitFor } from './support/test-app';

/**
 * Mentions in an entry's body (issue 14): a `mention` node written through
 * collab tells the mentioned group member `mentioned` once per entry, with
 * the writer as actor; never a non-member, never the writer themself; the
 * public page shows `@Name` as plain text, without the user's id.
 */

let app: TestApp;
let api: DemoApi;
withDemoApp((a, d) => {
  app = a;
  api = d;
});

const ids = new Map<DemoUser, string>();
async function idOf(who: DemoUser): Promise<string> {
  if (!ids.has(who)) ids.set(who, (await api.call(who, 'GET', '/api/auth/me')).body.id);
  return ids.get(who)!;
}

/** `who`'s `mentioned` notifications about the entry. */
async function mentionsOf(who: DemoUser, entryId: string): Promise<NotificationDto[]> {
  const page: NotificationPageDto = (await api.call(who, 'GET', '/api/notifications?limit=100')).body;
  return page.items.filter((n) => n.kind === 'mentioned' && n.entry?.id === entryId);
}

/** A mention node as the editor's extension writes it (y-prosemirror: attributes on an element). */
function mention(attrs: Record<string, unknown>): Y.XmlElement {
  const m = new Y.XmlElement('mention');
  for (const [k, v] of Object.entries(attrs)) m.setAttribute(k, v as string);
  return m;
}

function text(s: string): Y.XmlText {
  const t = new Y.XmlText();
  t.insert(0, s);
  return t;
}

/** Appends a paragraph of texts and mentions to the body as `who`, acknowledged. */
function appendParagraph(who: DemoUser, entryId: string, parts: (string | Y.XmlElement)[]): Promise<void> {
  return api.edit(who, entryId, (doc) => {
    const p = new Y.XmlElement('paragraph');
    p.insert(
      0,
      parts.map((x) => (typeof x === 'string' ? text(x) : x)),
    );
    const body = doc.getXmlFragment(DOC_BODY);
    body.insert(body.length, [p]);
  });
}

describe('mentions in the body', () => {
  let entryId: string;

  beforeAll(async () => {
    entryId = await api.newEntry('Who checks the freezer logs');
    await api.setBody('alice', entryId, ['Freezer logs are checked daily.']);
  });

  it('alice mentions bob (a member) through collab: bob gets exactly one `mentioned`, by alice, about the entry', async () => {
    await appendParagraph('alice', entryId, ['Ask ', mention({ id: await idOf('bob'), label: 'Bob Okafor' }), ' first.']);
    const heard = await waitFor(async () => {
      const list = await mentionsOf('bob', entryId);
      return list.length > 0 && list;
    }, 'bob to be told he was mentioned');
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({ kind: 'mentioned', actor: { userId: await idOf('alice'), name: 'Alice Chen' }, entry: { id: entryId }, commentId: null });
  });

  it('a second mention of bob tells him nothing more; carol (no member), alice herself: nobody; mod (new): once', async () => {
    await appendParagraph('alice', entryId, [
      'Again ',
      mention({ id: await idOf('bob'), label: 'Bob Okafor' }),
      ', and ',
      mention({ id: await idOf('carol'), label: 'Carol Reader' }),
      ', ',
      mention({ id: await idOf('alice'), label: 'Alice Chen' }),
      ' and ',
      mention({ id: await idOf('mod'), label: 'Mo Moderator' }),
      '.',
    ]);
    // The same pass tells mod: once mod has heard, the pass has run for everyone in it.
    await waitFor(async () => (await mentionsOf('mod', entryId)).length > 0, 'mod to be told');
    expect(await mentionsOf('mod', entryId)).toHaveLength(1);
    expect(await mentionsOf('bob', entryId)).toHaveLength(1);
    expect(await mentionsOf('carol', entryId)).toHaveLength(0);
    expect(await mentionsOf('alice', entryId)).toHaveLength(0);
  });

  it('bob retyping the mention of mod (deleted, written again) tells mod nothing more', async () => {
    await api.edit('bob', entryId, (doc) => {
      const body = doc.getXmlFragment(DOC_BODY);
      body.delete(body.length - 1, 1);
    });
    await appendParagraph('bob', entryId, [
      'Back: ',
      mention({ id: await idOf('mod'), label: 'Mo Moderator' }),
      ' and ',
      mention({ id: await idOf('admin'), label: 'Ada Admin' }),
    ]);
    await waitFor(async () => (await mentionsOf('admin', entryId)).length > 0, 'the admin to be told');
    const [admin] = await mentionsOf('admin', entryId);
    expect(admin.actor?.userId).toBe(await idOf('bob'));
    expect(await mentionsOf('mod', entryId)).toHaveLength(1);
  });

  it("bob re-pointing alice's mention (its id attribute) to mod: mod is told by bob, not alice", async () => {
    const other = await api.newEntry('Who orders the dry ice');
    const mod = await idOf('mod');
    await appendParagraph('alice', other, ['Ask ', mention({ id: await idOf('carol'), label: 'Carol Reader' })]);
    await api.edit('bob', other, (doc) => {
      const paragraphs = doc.getXmlFragment(DOC_BODY).toArray() as Y.XmlElement[];
      const m = paragraphs.flatMap((p) => p.toArray()).find((x) => x instanceof Y.XmlElement && x.nodeName === 'mention') as Y.XmlElement;
      m.setAttribute('id', mod);
    });
    const [heard] = await waitFor(async () => {
      const list = await mentionsOf('mod', other);
      return list.length > 0 && list;
    }, 'mod to be told of the re-pointed mention');
    expect(heard.actor?.userId).toBe(await idOf('bob'));
  });

  it('malformed and hostile mentions neither notify nor break submitting; the public page shows @Name, no ids', async () => {
    const noise = Array.from({ length: 500 }, () => mention({ id: crypto.randomUUID(), label: 'Nobody' }));
    await appendParagraph('alice', entryId, [
      mention({ id: 'not-a-uuid', label: '<script>alert(1)</script>' }),
      mention({ id: await idOf('carol') }),
      ...noise,
    ]);
    const revision = await api.submit('alice', entryId);
    expect((await api.decide('mod', revision.id, 'approve')).status).toBe(200);
    const slug: string = (await api.call('alice', 'GET', `/api/entries/${entryId}`)).body.slug;
    const html = await waitFor(async () => {
      const res = await fetch(`${app.baseUrl}/e/${slug}`);
      const body = await res.text();
      return res.status === 200 && body.includes('Ask ') && body;
    }, 'the public page');
    expect(html).toContain('<span class="mention">@Bob Okafor</span>');
    expect(html).toContain('@Mo Moderator');
    expect(html).toContain('<span class="mention">@&lt;script&gt;alert(1)&lt;/script&gt;</span>');
    for (const who of ['alice', 'bob', 'carol', 'mod', 'admin'] as const) expect(html).not.toContain(await idOf(who));
    expect(html).not.toContain('data-id');
    expect(await mentionsOf('carol', entryId)).toHaveLength(0);
    expect(await mentionsOf('bob', entryId)).toHaveLength(1);
  });
});
