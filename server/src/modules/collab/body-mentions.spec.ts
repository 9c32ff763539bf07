import * as Y from 'yjs';
import { DOC_BODY } from '@knowledge-hub/shared';
import type { NotificationsService } from '../notifications/notifications.service';
import { mentionsInBody } from './body-mentions';
import type { BodyMentionRecord, BodyMentionsRepository, MentionedPerson } from './body-mentions.repository';
import {
  BodyMentionsService,
  HandledUsers,
  MAX_HANDLED_USERS_PER_DOCUMENT,
  MAX_MENTION_NOTICES_PER_PASS,
  MAX_MENTION_NOTICES_PER_USER_PER_HOUR,
} from './body-mentions.service';
import { ClientWriters, WRITTEN_ELSEWHERE, writerOfOrigin } from './client-writers';
import type { CollabDocument } from './collab-document';

const GROUP = '00000000-0000-4000-8000-00000000000a';
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const WRITER = uuid(999_999);

function mention(id: string, label = 'Someone'): Y.XmlElement {
  const m = new Y.XmlElement('mention');
  m.setAttribute('id', id);
  m.setAttribute('label', label);
  return m;
}

/** A live document whose body holds one paragraph of `mentions`, written by WRITER (as the engine records it). */
function liveDoc(mentions: Y.XmlElement[]): { doc: Y.Doc; writers: ClientWriters } {
  const doc = new Y.Doc();
  const writers = new ClientWriters();
  doc.on('update', (_u: Uint8Array, _o: unknown, _d: Y.Doc, tr: Y.Transaction) => writers.note(tr, WRITER));
  const p = new Y.XmlElement('paragraph');
  p.insert(0, mentions);
  doc.getXmlFragment(DOC_BODY).insert(0, [p]);
  return { doc, writers };
}

describe('mentionsInBody', () => {
  it('lists each mentioned user once, in document order, with the writer who inserted the mention', () => {
    const { doc, writers } = liveDoc([mention(uuid(2)), mention(uuid(1)), mention(uuid(2)), mention('not-a-uuid')]);
    expect(mentionsInBody(doc, writers, new Set())).toEqual([
      { userId: uuid(2), writerId: WRITER },
      { userId: uuid(1), writerId: WRITER },
    ]);
  });

  it('skips users already handled and stops at the limit', () => {
    const { doc, writers } = liveDoc(Array.from({ length: 50 }, (_, i) => mention(uuid(i + 1))));
    expect(mentionsInBody(doc, writers, new Set([uuid(1)]), 3).map((m) => m.userId)).toEqual([uuid(2), uuid(3), uuid(4)]);
  });

  it("names who set the id a mention holds now, not who inserted the node: bob re-pointing alice's mention is the actor", () => {
    const live = new Y.Doc();
    const writers = new ClientWriters();
    live.on('update', (_u: Uint8Array, origin: unknown, _d: Y.Doc, tr: Y.Transaction) => writers.note(tr, writerOfOrigin(origin)));
    const alice = new Y.Doc();
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [mention(uuid(1))]);
    alice.getXmlFragment(DOC_BODY).insert(0, [p]);
    Y.applyUpdate(live, Y.encodeStateAsUpdate(alice), { user: { id: 'alice' } });
    expect(mentionsInBody(live, writers, new Set())).toEqual([{ userId: uuid(1), writerId: 'alice' }]);
    const bob = new Y.Doc();
    Y.applyUpdate(bob, Y.encodeStateAsUpdate(live));
    const bobsView = bob.getXmlFragment(DOC_BODY).get(0) as Y.XmlElement;
    const before = Y.encodeStateVector(bob);
    (bobsView.get(0) as Y.XmlElement).setAttribute('id', uuid(2));
    Y.applyUpdate(live, Y.encodeStateAsUpdate(bob, before), { user: { id: 'bob' } });
    expect(mentionsInBody(live, writers, new Set())).toEqual([{ userId: uuid(2), writerId: 'bob' }]);
  });

  it('leaves a mention whose id was set on another instance to that instance', () => {
    const doc = new Y.Doc();
    const writers = new ClientWriters();
    doc.on('update', (_u: Uint8Array, origin: unknown, _d: Y.Doc, tr: Y.Transaction) =>
      writers.note(tr, origin === 'relay' ? WRITTEN_ELSEWHERE : writerOfOrigin(origin)),
    );
    const body = doc.getXmlFragment(DOC_BODY);
    doc.transact(() => body.insert(0, [mention(uuid(1))]), 'relay');
    doc.transact(() => body.insert(1, [mention(uuid(2))]), { user: { id: 'alice' } });
    expect(mentionsInBody(doc, writers, new Set())).toEqual([{ userId: uuid(2), writerId: 'alice' }]);
  });

  it('has no writer for a mention written outside the engine', () => {
    const doc = new Y.Doc();
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [mention(uuid(1))]);
    doc.getXmlFragment(DOC_BODY).insert(0, [p]);
    expect(mentionsInBody(doc, new ClientWriters(), new Set())).toEqual([{ userId: uuid(1), writerId: null }]);
  });
});

/** The table in memory; every user given is an enabled member of GROUP unless listed in `outsiders`. */
class FakeRepo {
  rows: (BodyMentionRecord & { entryId: string })[] = [];
  constructor(
    private readonly outsiders = new Set<string>(),
    private readonly recent = new Map<string, number>(),
  ) {}
  async findGroupIdOfEntry(): Promise<string> {
    return GROUP;
  }
  async findHandledUsers(entryId: string, ids: string[]): Promise<Set<string>> {
    return new Set(this.rows.filter((r) => r.entryId === entryId && ids.includes(r.userId)).map((r) => r.userId));
  }
  async findEnabledPeopleWithRole(_g: string, ids: string[]): Promise<MentionedPerson[]> {
    return ids.map((id) => ({ id, isAdmin: false, role: this.outsiders.has(id) ? null : 'contributor' }));
  }
  async countNoticesSince(ids: string[]): Promise<Map<string, number>> {
    return new Map(ids.map((id) => [id, this.recent.get(id) ?? 0]));
  }
  async claim(entryId: string, records: BodyMentionRecord[]): Promise<Set<string>> {
    const fresh = records.filter((r) => !this.rows.some((x) => x.entryId === entryId && x.userId === r.userId));
    this.rows.push(...fresh.map((r) => ({ ...r, entryId })));
    return new Set(fresh.map((r) => r.userId));
  }
}

function setup(mentions: Y.XmlElement[], repo = new FakeRepo()) {
  const told: string[][] = [];
  const notifications = { notify: async (cause: { mentioned: readonly string[] }) => void told.push([...cause.mentioned]) } as unknown as NotificationsService;
  const service = new BodyMentionsService(repo as unknown as BodyMentionsRepository, notifications);
  const { doc, writers } = liveDoc(mentions);
  const live = { entryId: 'e1', doc, writers } as unknown as CollabDocument;
  return { service, live, told, repo, doc };
}

describe('BodyMentionsService', () => {
  it('a hostile body of 10,000 mentions tells at most MAX_MENTION_NOTICES_PER_PASS people per pass', async () => {
    const { service, live, told } = setup(Array.from({ length: 10_000 }, (_, i) => mention(uuid(i + 1))));
    await service.notice(live);
    expect(told.flat()).toHaveLength(MAX_MENTION_NOTICES_PER_PASS);
  });

  it('reads past a wall of mentions of strangers to a member mentioned after them', async () => {
    const strangers = Array.from({ length: 450 }, (_, i) => uuid(i + 1));
    const { service, live, told } = setup([...strangers.map((id) => mention(id)), mention(uuid(5_000))], new FakeRepo(new Set(strangers)));
    for (let pass = 0; pass < 3; pass++) await service.notice(live);
    expect(told).toEqual([[uuid(5_000)]]);
  });

  it('remembers at most MAX_HANDLED_USERS_PER_DOCUMENT handled users per document, however many strangers come and go', async () => {
    const strangers = new Set<string>();
    const repo = new FakeRepo(strangers);
    const { service, live, doc } = setup([], repo);
    const body = doc.getXmlFragment(DOC_BODY);
    const rounds = Math.ceil((MAX_HANDLED_USERS_PER_DOCUMENT * 1.5) / 200);
    for (let round = 0; round < rounds; round++) {
      const ids = Array.from({ length: 200 }, (_, i) => uuid(1_000_000 + round * 200 + i));
      for (const id of ids) strangers.add(id);
      body.delete(0, body.length);
      body.insert(
        0,
        ids.map((id) => mention(id)),
      );
      await service.notice(live);
    }
    const handled = (service as unknown as { handled: WeakMap<CollabDocument, Set<string>> }).handled.get(live)!;
    expect(handled.size).toBe(MAX_HANDLED_USERS_PER_DOCUMENT);
    expect(handled.has(uuid(1_000_000))).toBe(false);
    expect(handled.has(uuid(1_000_000 + rounds * 200 - 1))).toBe(true);
  });

  it('HandledUsers forgets the one added longest ago; adding again counts as new', () => {
    const set = new HandledUsers(3);
    for (const id of ['a', 'b', 'c']) set.add(id);
    set.add('a');
    set.add('d');
    expect([...set]).toEqual(['c', 'a', 'd']);
  });

  it('tells nobody twice, not the writer, not a non-member; a person over the hourly cap is recorded silently', async () => {
    const repo = new FakeRepo(new Set([uuid(3)]), new Map([[uuid(4), MAX_MENTION_NOTICES_PER_USER_PER_HOUR]]));
    const { service, live, told, doc } = setup([mention(uuid(1)), mention(WRITER), mention(uuid(3)), mention(uuid(4))], repo);
    await service.notice(live);
    expect(told).toEqual([[uuid(1)]]);
    expect(repo.rows.map((r) => [r.userId, r.notified])).toEqual([
      [uuid(1), true],
      [uuid(4), false],
    ]);
    doc.getXmlFragment(DOC_BODY).insert(0, [mention(uuid(1))]);
    await service.notice(live);
    expect(told).toEqual([[uuid(1)]]);
  });
});
