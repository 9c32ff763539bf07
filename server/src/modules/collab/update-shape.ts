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
  anchored: { origin: Y.ID; rightOrigin: Y.ID }[];
}

/** A check walks at most this many structs of the document for one update; past it, the update is treated as suspect. */
const MAX_WALK_STEPS = 100_000;

/** Decodes a Yjs (v1) update completely, or throws. */
export function decodeUpdateShape(update: Uint8Array): UpdateShape {
  const { structs, ds } = Y.decodeUpdate(update);
  const runs = new Map<number, { clock: number; len: number }[]>();
  const maxRef = new Map<number, number>();
  const anchored: { origin: Y.ID; rightOrigin: Y.ID }[] = [];
  const refer = (id: Y.ID | null) => {
    if (id && id.clock > (maxRef.get(id.client) ?? -1)) maxRef.set(id.client, id.clock);
  };
  for (const s of structs) {
    if (s instanceof Y.Skip) continue;
    if (s instanceof Y.Item) {
      refer(s.origin);
      refer(s.rightOrigin);
      if (s.parent instanceof Y.ID) refer(s.parent);
      if (s.origin && s.rightOrigin) anchored.push({ origin: s.origin, rightOrigin: s.rightOrigin });
    }
    let clientRuns = runs.get(s.id.client);
    if (!clientRuns) runs.set(s.id.client, (clientRuns = []));
    const last = clientRuns[clientRuns.length - 1];
    if (last && last.clock + last.len === s.id.clock) last.len += s.length;
    else clientRuns.push({ clock: s.id.clock, len: s.length });
  }
  const deletes = new Map<number, { clock: number; len: number }[]>();
  for (const [client, items] of ds.clients) deletes.set(client, items.map((d) => ({ clock: d.clock, len: d.len })));
  return { runs, maxRef, deletes, anchored };
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
 * between, a left one (origin) that is not before its right one
 * (rightOrigin) in the document. No Yjs client writes that, but such an
 * update decodes and applies, and Yjs then places the item differently on a
 * replica that receives it incrementally (the live document, the log) and on
 * one that receives the whole state (a joiner, the compacted state): the
 * replicas diverge for good. Checked for neighbours already in the document;
 * neighbours that arrive in the same update are not checked (a known gap).
 * An update whose checks would walk more than MAX_WALK_STEPS is refused too.
 */
export function originsAreConsistent(doc: Y.Doc, shape: UpdateShape): boolean {
  const store = doc.store;
  const present = (id: Y.ID) => id.clock < Y.getState(store, id.client);
  let steps = 0;
  for (const { origin, rightOrigin } of shape.anchored) {
    if (!present(origin) || !present(rightOrigin)) continue;
    const left = Y.getItem(store, origin);
    const right = Y.getItem(store, rightOrigin);
    if (!(left instanceof Y.Item) || !(right instanceof Y.Item)) continue; // garbage-collected: Yjs drops the item
    if (left === right) {
      if (origin.clock >= rightOrigin.clock) return false;
      continue;
    }
    let o = left.right;
    while (o !== null && o !== right) {
      if (++steps > MAX_WALK_STEPS) return false;
      o = o.right;
    }
    if (o === null) return false;
  }
  return true;
}
