/**
 * What a Yjs update touches, and the checks the engine makes against the live
 * document before applying it.
 *
 * An update is decoded completely (every struct and the whole delete set)
 * before anything is applied: `Y.parseUpdateMeta` reads the structs only, so
 * an update with valid structs and a broken delete set would pass it,
 * integrate its structs into the live document and only then throw (half
 * applied, never logged). Decoding completely first lets a bad update change
 * nothing. What the decode learns is kept small: per Yjs client, the ranges of
 * structs it carries, the highest clock it refers to, how far it deletes.
 */
import * as Y from 'yjs';

export interface UpdateShape {
  /** Per Yjs client: the clock ranges of the structs the update carries (Skips left out), in order. */
  runs: Map<number, { clock: number; len: number }[]>;
  /** Per Yjs client: the highest clock an item of the update names as its neighbour or parent. */
  maxRef: Map<number, number>;
  /** Per Yjs client: the ranges the update deletes. */
  deletes: Map<number, { clock: number; len: number }[]>;
  /** The items that name both neighbours they were typed between (see originsAreConsistent). */
  anchored: Anchored[];
  /** Items placed by their left neighbour, and items placed in a root type by name (what replacesMetaTexts reads). */
  placed: Placed[];
}

interface Placed {
  origin: Y.ID | null;
  /** The root type's name when the item names its parent so (a first entry of a map key, the first item of a root type). */
  rootParent: string | null;
  parentSub: string | null;
}

interface Anchored {
  id: Y.ID;
  origin: Y.ID;
  rightOrigin: Y.ID;
  /** Ids its author provably knew when it typed it: its own references and those of its author's previous struct in the update. */
  knew: Y.ID[];
}

/** The ids an item names: its neighbours and its parent. */
function refsOf(item: Y.Item): Y.ID[] {
  const refs: Y.ID[] = [];
  if (item.origin) refs.push(item.origin);
  if (item.rightOrigin) refs.push(item.rightOrigin);
  if (item.parent instanceof Y.ID) refs.push(item.parent);
  return refs;
}

/** A check walks at most this many structs of the document for one update; past it, the update is treated as suspect. */
const MAX_WALK_STEPS = 100_000;

/** Decodes a Yjs (v1) update completely, or throws. */
export function decodeUpdateShape(update: Uint8Array): UpdateShape {
  const { structs, ds } = Y.decodeUpdate(update);
  const runs = new Map<number, { clock: number; len: number }[]>();
  const maxRef = new Map<number, number>();
  const anchored: Anchored[] = [];
  const placed: Placed[] = [];
  let previous: Y.Item | null = null; // the struct before, when it is the same client's and adjacent
  for (const s of structs) {
    if (s instanceof Y.Skip) {
      previous = null;
      continue;
    }
    if (s instanceof Y.Item) {
      const refs = refsOf(s);
      for (const id of refs) if (id.clock > (maxRef.get(id.client) ?? -1)) maxRef.set(id.client, id.clock);
      const before = previous && previous.id.client === s.id.client && previous.id.clock + previous.length === s.id.clock ? refsOf(previous) : [];
      if (s.origin && s.rightOrigin) anchored.push({ id: s.id, origin: s.origin, rightOrigin: s.rightOrigin, knew: refs.concat(before) });
      if (s.origin || typeof s.parent === 'string')
        placed.push({ origin: s.origin, rootParent: typeof s.parent === 'string' ? s.parent : null, parentSub: s.parentSub });
      previous = s;
    } else previous = null;
    let clientRuns = runs.get(s.id.client);
    if (!clientRuns) {
      clientRuns = [];
      runs.set(s.id.client, clientRuns);
    }
    const last = clientRuns[clientRuns.length - 1];
    if (last && last.clock + last.len === s.id.clock) last.len += s.length;
    else clientRuns.push({ clock: s.id.clock, len: s.length });
  }
  const deletes = new Map<number, { clock: number; len: number }[]>();
  for (const [client, items] of ds.clients)
    deletes.set(
      client,
      items.map((d) => ({ clock: d.clock, len: d.len })),
    );
  return { runs, maxRef, deletes, anchored, placed };
}

/** The Yjs clients whose structs the update carries. */
export function clientsOf(shape: UpdateShape): number[] {
  return Array.from(shape.runs.keys());
}

/**
 * True when the update needs something the document does not have: structs
 * that do not follow on from what the document (or the update itself) holds
 * of their client, a neighbour or parent not there, a deletion of content not
 * there. Yjs would keep such an update pending and apply it later, when
 * somebody else's edit brings what it needs: its content would then enter the
 * document under another user's edit, after its sender's authorship was
 * counted (a way around the four-eyes rule), and a resent copy would be logged
 * again each time. A client that synced over its socket never sends one.
 */
export function dependsOnMissing(doc: Y.Doc, shape: UpdateShape): boolean {
  const reach = new Map<number, number>();
  for (const [client, runs] of shape.runs) {
    let upTo = Y.getState(doc.store, client);
    for (const run of runs) {
      if (run.clock > upTo) return true;
      upTo = Math.max(upTo, run.clock + run.len);
    }
    reach.set(client, upTo);
  }
  const reachOf = (client: number) => reach.get(client) ?? Y.getState(doc.store, client);
  for (const [client, clock] of shape.maxRef) if (clock >= reachOf(client)) return true;
  for (const [client, ranges] of shape.deletes) {
    for (const { clock, len } of ranges) if (clock + len > reachOf(client)) return true;
  }
  return false;
}

/**
 * True when applying the update to `doc` would change nothing: every struct it
 * carries is there already and every range it deletes is deleted already.
 * Such an update (a repeated send, a sync step 2 with nothing new) is
 * acknowledged but not logged again. (Past MAX_WALK_STEPS it answers false:
 * the update is then applied and logged as any other.)
 */
export function addsNothingTo(doc: Y.Doc, shape: UpdateShape): boolean {
  for (const [client, runs] of shape.runs) {
    const last = runs[runs.length - 1];
    if (Y.getState(doc.store, client) < last.clock + last.len) return false;
  }
  let steps = 0;
  for (const [client, ranges] of shape.deletes) {
    const structs = doc.store.clients.get(client);
    for (const { clock, len } of ranges) {
      if (len === 0) continue;
      if (!structs || Y.getState(doc.store, client) < clock + len) return false; // deletes something not here yet
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < clock + len; i++) {
        if (!structs[i].deleted || ++steps > MAX_WALK_STEPS) return false;
      }
    }
  }
  return true;
}

/**
 * True unless an item of the update names, as the neighbours it was typed
 * between (origin, rightOrigin), two items that were not neighbours for its
 * author: the right one before the left one, or, between them, an item its
 * author provably knew (one of its own earlier items, or one at or below a
 * clock it or its author's previous struct refers to: Yjs clocks are known
 * contiguously). Only items its author did not know yet (concurrent ones) can
 * lie between a real item's neighbours. No Yjs client writes anything else,
 * but such an update decodes and applies, and Yjs then places it (or a later
 * concurrent insert) differently on a replica that receives it incrementally
 * (the live document, the log) and on one that receives the whole state (a
 * joiner, the compacted state): the replicas diverge for good.
 *
 * Checked for neighbours already in the document; neighbours that arrive in
 * the same update are not checked, and an author's knowledge is only known
 * from what the update and the previous struct show (known gaps: this can
 * miss a forged item, it never refuses a real one). An update whose checks
 * would walk more than MAX_WALK_STEPS is refused too.
 */
export function originsAreConsistent(doc: Y.Doc, shape: UpdateShape): boolean {
  const store = doc.store;
  const present = (id: Y.ID) => id.clock < Y.getState(store, id.client);
  let steps = 0;
  for (const item of shape.anchored) {
    const { origin, rightOrigin } = item;
    if (!present(origin) || !present(rightOrigin)) continue;
    const left = Y.getItem(store, origin);
    const right = Y.getItem(store, rightOrigin);
    if (!(left instanceof Y.Item) || !(right instanceof Y.Item)) continue; // garbage-collected: Yjs drops the item
    const knew = knowledgeOf(doc, item);
    const known = (client: number, clock: number) => clock < (knew.get(client) ?? 0);
    if (left === right) {
      // Both in one struct: what lies between is that struct's clocks from origin + 1 to rightOrigin - 1.
      if (origin.clock >= rightOrigin.clock) return false;
      if (origin.clock + 1 < rightOrigin.clock && known(origin.client, origin.clock + 1)) return false;
      continue;
    }
    // The rest of the origin's struct after it, and the start of the rightOrigin's struct before it, lie between them too.
    if (origin.clock + 1 < left.id.clock + left.length && known(origin.client, origin.clock + 1)) return false;
    if (rightOrigin.clock > right.id.clock && known(right.id.client, right.id.clock)) return false;
    let o = left.right;
    while (o !== null && o !== right) {
      if (++steps > MAX_WALK_STEPS) return false;
      if (known(o.id.client, o.id.clock)) return false; // its author knew this one: they were not neighbours
      o = o.right;
    }
    if (o === null) return false;
  }
  return true;
}

/** Per client, the clock below which the item's author knew everything when it typed the item (a lower bound). */
function knowledgeOf(doc: Y.Doc, item: Anchored): Map<number, number> {
  const knew = new Map<number, number>([[item.id.client, item.id.clock]]);
  const note = (id: Y.ID) => {
    if (id.clock + 1 > (knew.get(id.client) ?? 0)) knew.set(id.client, id.clock + 1);
  };
  for (const id of item.knew) note(id);
  // The author's previous struct, when the document has it: what it referred to, the author knew before.
  if (item.id.clock > 0 && item.id.clock - 1 < Y.getState(doc.store, item.id.client)) {
    const previous = Y.getItem(doc.store, Y.createID(item.id.client, item.id.clock - 1));
    if (previous instanceof Y.Item) {
      for (const id of refsOf(previous)) note(id);
    }
  }
  return knew;
}

/**
 * True when the update replaces or removes a protected entry of a root map:
 * the Y.Text of the entry's title or summary (META_TEXT_FIELDS in `meta`).
 * Only the server creates those texts (shared/src/entry-doc.ts); a client that
 * sets a new value under one of those keys (an old bundle writing a string, a
 * hostile member, two clients each creating a text) would replace the text
 * with everything typed into it, and every editor would then find the field
 * read-only. Typing *into* the texts is not affected: those items' parent is
 * the text, not the map.
 *
 * A map entry is placed either by naming its map and key (the key's first
 * value) or, when the key had a value, with that value's item as its left
 * neighbour (origin): so any item whose origin is one of the key's items (the
 * current value or one it replaced) replaces the value.
 */
export function replacesProtectedEntries(doc: Y.Doc, shape: UpdateShape, map: string, keys: readonly string[]): boolean {
  const ymap = doc.getMap(map);
  const chain = new Set<Y.Item>();
  const current: Y.Item[] = [];
  for (const key of keys) {
    const item = ymap._map.get(key) ?? null;
    if (item) current.push(item);
    for (let i: Y.Item | null = item; i !== null; i = i.left) chain.add(i);
  }
  for (const p of shape.placed) {
    if (p.rootParent === map && p.parentSub !== null && keys.includes(p.parentSub)) return true;
    if (p.origin && chain.size > 0 && p.origin.clock < Y.getState(doc.store, p.origin.client)) {
      const origin = Y.getItem(doc.store, p.origin);
      if (origin instanceof Y.Item && chain.has(origin)) return true;
    }
  }
  for (const item of current) {
    const ranges = shape.deletes.get(item.id.client) ?? [];
    if (ranges.some((r) => r.clock <= item.id.clock && item.id.clock < r.clock + r.len)) return true;
  }
  return false;
}
