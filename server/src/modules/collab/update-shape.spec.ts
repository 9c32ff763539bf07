import * as Y from 'yjs';
import { addsNothingTo, decodeUpdateShape, dependsOnMissing, originsAreConsistent, replacesProtectedEntries } from './update-shape';

/** Two replicas of one document: `live` is the server's, `author` a client's. */
function replicas(text = 'abcd') {
  const base = new Y.Doc();
  base.clientID = 1;
  base.getText('t').insert(0, text);
  const live = new Y.Doc();
  Y.applyUpdate(live, Y.encodeStateAsUpdate(base));
  const author = new Y.Doc();
  Y.applyUpdate(author, Y.encodeStateAsUpdate(base));
  base.destroy();
  return { live, author };
}

/** What `author` does in `edit`, as one update. */
function editOf(author: Y.Doc, edit: (t: Y.Text) => void): Uint8Array {
  const before = Y.encodeStateVector(author);
  edit(author.getText('t'));
  return Y.encodeStateAsUpdate(author, before);
}

describe('update shape checks', () => {
  it('finding 11: addsNothingTo tells a repeated update (inserts and deletions) from a new one', () => {
    const { live, author } = replicas('hello world');
    const insert = editOf(author, (t) => t.insert(5, ','));
    expect(addsNothingTo(live, decodeUpdateShape(insert))).toBe(false);
    Y.applyUpdate(live, insert);
    expect(addsNothingTo(live, decodeUpdateShape(insert))).toBe(true);
    const deletion = editOf(author, (t) => t.delete(0, 6)); // no structs, only a delete set
    expect(addsNothingTo(live, decodeUpdateShape(deletion))).toBe(false);
    Y.applyUpdate(live, deletion);
    expect(addsNothingTo(live, decodeUpdateShape(deletion))).toBe(true);
    expect(addsNothingTo(live, decodeUpdateShape(Uint8Array.of(0, 0)))).toBe(true);
  });

  it('dependsOnMissing: an update built on content the server does not have (Yjs would hold it pending) is caught; real edits pass', () => {
    const { live, author } = replicas();
    const missing = editOf(author, (t) => t.insert(4, ' world')); // the server never gets this one
    const onTop = editOf(author, (t) => t.insert(6, '[X]')); // typed inside it
    const deleteInside = editOf(author, (t) => t.delete(5, 2));
    expect(dependsOnMissing(live, decodeUpdateShape(onTop))).toBe(true);
    expect(dependsOnMissing(live, decodeUpdateShape(deleteInside))).toBe(true);
    // Applying it anyway shows why: nothing happens now, the text appears later under someone else's edit.
    Y.applyUpdate(live, onTop);
    expect(live.getText('t').toString()).toBe('abcd');
    expect(dependsOnMissing(live, decodeUpdateShape(missing))).toBe(false);
    Y.applyUpdate(live, missing);
    expect(live.getText('t').toString()).toContain('[X]');

    const fresh = replicas();
    const typed = editOf(fresh.author, (t) => {
      t.insert(2, 'xyz');
      t.delete(0, 1);
    });
    expect(dependsOnMissing(fresh.live, decodeUpdateShape(typed))).toBe(false);
    const laterInSameUpdate = editOf(fresh.author, (t) => t.insert(t.length, 'more')); // follows on from `typed`
    expect(dependsOnMissing(fresh.live, decodeUpdateShape(Y.mergeUpdates([typed, laterInSameUpdate])))).toBe(false);
    expect(dependsOnMissing(fresh.live, decodeUpdateShape(laterInSameUpdate))).toBe(true);
  });

  it('refuses an item whose right neighbour is left of its left neighbour (replicas would diverge), accepts real edits', () => {
    const { live, author } = replicas();
    // Client 2 inserts "X" with origin (1,2) = 'c' and rightOrigin (1,1) = 'b' (found by the protocol fuzzer).
    const bad = Uint8Array.from(Buffer.from('01010200c401020101015800', 'hex'));
    expect(originsAreConsistent(live, decodeUpdateShape(bad))).toBe(false);
    // What Yjs would do with it: the live document and a joiner disagree.
    const applied = new Y.Doc();
    Y.applyUpdate(applied, Y.encodeStateAsUpdate(live));
    Y.applyUpdate(applied, bad);
    const joiner = new Y.Doc();
    Y.applyUpdate(joiner, Y.encodeStateAsUpdate(applied));
    expect(joiner.getText('t').toString()).not.toBe(applied.getText('t').toString());

    const real = editOf(author, (t) => {
      t.insert(2, 'Y'); // between b and c
      t.insert(0, 'Z');
    });
    expect(originsAreConsistent(live, decodeUpdateShape(real))).toBe(true);
  });

  it('refuses an item whose neighbours had items its author knew between them (found by the protocol fuzzer)', () => {
    const base = new Y.Doc();
    base.clientID = 1;
    base.getText('t').insert(0, 'abcdef');
    const live = new Y.Doc();
    Y.applyUpdate(live, Y.encodeStateAsUpdate(base));
    // Client 2 inserted "zz" between 'd' and 'e', then formats it bold with the bold mark's origin moved from 'd' to 'b' (one bit).
    Y.applyUpdate(live, Uint8Array.from(Buffer.from('01010200c401030104027a7a00', 'hex')));
    const forged = Uint8Array.from(Buffer.from('01020202c60101020004626f6c640474727565c60201010404626f6c64046e756c6c00', 'hex'));
    expect(dependsOnMissing(live, decodeUpdateShape(forged))).toBe(false);
    expect(originsAreConsistent(live, decodeUpdateShape(forged))).toBe(false);
    base.destroy();
    live.destroy();
  });

  it.each([42, 7, 1234])(
    'never refuses real edits: concurrent editing by four clients (seed %i), every update checked as the server receives it',
    (firstSeed) => {
      let seed = firstSeed;
      const random = () => {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        return seed / 2 ** 31;
      };
      const server = new Y.Doc();
      const clients = Array.from({ length: 4 }, (_, i) => {
        const doc = new Y.Doc();
        doc.clientID = 100 + i;
        const outbox: Uint8Array[] = [];
        doc.on('update', (u: Uint8Array, origin: unknown) => {
          if (origin !== 'server') outbox.push(u);
        });
        return { doc, outbox };
      });
      let refused = 0;
      for (let round = 0; round < 600; round++) {
        const c = clients[Math.floor(random() * clients.length)];
        const t = c.doc.getText('t');
        const at = Math.floor(random() * (t.length + 1));
        const r = random();
        if (r < 0.5 || t.length < 3) t.insert(at, 'xy'.slice(0, 1 + Math.floor(random() * 2)), random() < 0.3 ? { bold: true } : undefined);
        else if (r < 0.8) t.delete(Math.min(at, t.length - 1), 1);
        else t.format(Math.min(at, t.length - 2), 2, { italic: random() < 0.5 ? true : null });
        // Now and then a client delivers what it typed to the server and gets the server's state back.
        const d = clients[Math.floor(random() * clients.length)];
        if (random() < 0.4) {
          for (const u of d.outbox.splice(0)) {
            const shape = decodeUpdateShape(u);
            if (dependsOnMissing(server, shape) || !originsAreConsistent(server, shape)) refused++;
            else Y.applyUpdate(server, u);
          }
          Y.applyUpdate(d.doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(d.doc)), 'server');
        }
      }
      expect(refused).toBe(0);
      const joiner = new Y.Doc();
      Y.applyUpdate(joiner, Y.encodeStateAsUpdate(server));
      expect(joiner.getText('t').toDelta()).toEqual(server.getText('t').toDelta());
    },
  );
});

describe('replacesProtectedEntries: the title and summary texts are the server’s', () => {
  const KEYS = ['title', 'summary'];

  /** A live document whose meta texts the server created, and a client replica of it. */
  function entry(withTexts = true) {
    const server = new Y.Doc();
    server.clientID = 1;
    server.transact(() => {
      const meta = server.getMap('meta');
      if (withTexts) {
        meta.set('title', new Y.Text('T-cell responses'));
        meta.set('summary', new Y.Text(''));
      }
      meta.set('language', 'en');
    });
    const live = new Y.Doc();
    Y.applyUpdate(live, Y.encodeStateAsUpdate(server));
    const client = new Y.Doc();
    client.clientID = 2;
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    return { live, client };
  }

  function updateOf(client: Y.Doc, edit: (meta: Y.Map<unknown>, doc: Y.Doc) => void): Uint8Array {
    const before = Y.encodeStateVector(client);
    client.transact(() => edit(client.getMap('meta'), client));
    return Y.encodeStateAsUpdate(client, before);
  }

  const check = (live: Y.Doc, update: Uint8Array) => replacesProtectedEntries(live, decodeUpdateShape(update), 'meta', KEYS);

  it('lets editors type into the texts, set other meta keys and edit the body', () => {
    const { live, client } = entry();
    const typing = updateOf(client, (meta) => {
      (meta.get('title') as Y.Text).insert(0, 'Human ');
      (meta.get('summary') as Y.Text).insert(0, 'Two lines\nof summary');
      (meta.get('title') as Y.Text).delete(6, 2);
    });
    expect(check(live, typing)).toBe(false);
    Y.applyUpdate(live, typing);
    expect(
      check(
        live,
        updateOf(client, (meta) => meta.set('language', 'zh')),
      ),
    ).toBe(false);
    expect(
      check(
        live,
        updateOf(client, (_meta, doc) => doc.getXmlFragment('body').insert(0, [new Y.XmlElement('paragraph')])),
      ),
    ).toBe(false);
  });

  it('catches a string or a new text written over the title or the summary, and their removal', () => {
    const { live, client } = entry();
    expect(
      check(
        live,
        updateOf(client, (meta) => meta.set('title', 'a plain string')),
      ),
    ).toBe(true);
    const { client: other } = entry();
    expect(
      check(
        live,
        updateOf(other, (meta) => meta.set('summary', new Y.Text('a competing text'))),
      ),
    ).toBe(true);
    const { client: third } = entry();
    expect(
      check(
        live,
        updateOf(third, (meta) => meta.delete('title')),
      ),
    ).toBe(true);
  });

  it('catches a replacement of a value that was itself replaced (the whole chain of the key counts)', () => {
    const { live, client } = entry();
    // The server replaced the title once (as a restore of a legacy document does); a client then replaces the new one.
    const serverSide = new Y.Doc();
    serverSide.clientID = 3;
    Y.applyUpdate(serverSide, Y.encodeStateAsUpdate(live));
    const restore = updateOf(serverSide, (meta) => meta.set('title', new Y.Text('Restored')));
    Y.applyUpdate(live, restore);
    Y.applyUpdate(client, restore);
    expect(
      check(
        live,
        updateOf(client, (meta) => meta.set('title', 'again')),
      ),
    ).toBe(true);
  });

  it('catches a client creating the text where the document has none (a legacy document)', () => {
    const { live, client } = entry(false);
    expect(
      check(
        live,
        updateOf(client, (meta) => meta.set('title', new Y.Text('mine'))),
      ),
    ).toBe(true);
    expect(
      check(
        live,
        updateOf(client, (meta) => meta.set('tags', ['a'])),
      ),
    ).toBe(false);
  });
});
