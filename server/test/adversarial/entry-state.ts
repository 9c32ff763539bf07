import type { DataSource } from 'typeorm';
import * as Y from 'yjs';
import { DOC_BODY, DOC_META } from '@knowledge-hub/shared';

/** What a user would notice of an entry's document, plus exactly which structs it has integrated. */
export interface DocSnapshot {
  body: string;
  meta: string;
  /** The state vector, as sorted `client:clock` pairs. */
  stateVector: string;
}

export function snapshotOf(doc: Y.Doc): DocSnapshot {
  const sv = Array.from(Y.decodeStateVector(Y.encodeStateVector(doc)))
    .sort(([a], [b]) => a - b)
    .map(([client, clock]) => `${client}:${clock}`)
    .join(' ');
  // toJSON() gives the title and summary texts as their strings: replicas compare by the text a reader sees.
  return { body: doc.getXmlFragment(DOC_BODY).toString(), meta: canonicalJson(doc.getMap(DOC_META).toJSON()), stateVector: sv };
}

/** The body's text without markup (formatting splits text into runs, which toString() separates with tags). */
export function plainText(doc: Y.Doc): string {
  const walk = (node: Y.XmlElement | Y.XmlFragment | Y.XmlText | Y.XmlHook): string => {
    if (node instanceof Y.XmlText)
      return node
        .toDelta()
        .map((d: { insert: unknown }) => (typeof d.insert === 'string' ? d.insert : ''))
        .join('');
    if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment) return node.toArray().map(walk).join('\n');
    return '';
  };
  return walk(doc.getXmlFragment(DOC_BODY));
}

/** JSON with object keys sorted (a Y.Map's key order is the order its entries arrived in, which differs between clients). */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function sameSnapshot(a: DocSnapshot, b: DocSnapshot): boolean {
  return a.body === b.body && a.meta === b.meta && a.stateVector === b.stateVector;
}

/** Where two snapshots first differ, for a failure message. */
export function describeDifference(a: DocSnapshot, b: DocSnapshot, aName: string, bName: string): string {
  for (const key of ['body', 'meta', 'stateVector'] as const) {
    if (a[key] === b[key]) continue;
    let i = 0;
    while (i < a[key].length && a[key][i] === b[key][i]) i++;
    const around = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 60), i + 120));
    return `${key} differs at ${i} (lengths ${a[key].length} / ${b[key].length}):\n  ${aName}: ${around(a[key])}\n  ${bName}: ${around(b[key])}`;
  }
  return 'no difference';
}

/**
 * The document as the database holds it: the compacted state, then the log
 * rows, read in one REPEATABLE READ snapshot (a compaction committing
 * between two reads would move rows into a state read before it).
 */
export async function readStoredDocument(db: DataSource, entryId: string): Promise<{ state: Uint8Array | null; updates: Uint8Array[] }> {
  return db.transaction('REPEATABLE READ', async (tx) => {
    const docs: { state: Buffer }[] = await tx.query(`SELECT state FROM entry_documents WHERE entry_id = $1`, [entryId]);
    const rows: { update: Buffer }[] = await tx.query(`SELECT update FROM entry_updates WHERE entry_id = $1 ORDER BY seq`, [entryId]);
    return { state: docs[0]?.state ?? null, updates: rows.map((r) => r.update) };
  });
}

/** A fresh Y.Doc holding what the database holds; throws (with the row) when a stored update does not apply. */
export async function loadStoredDocument(db: DataSource, entryId: string): Promise<Y.Doc> {
  const stored = await readStoredDocument(db, entryId);
  const doc = new Y.Doc();
  doc.transact(() => {
    if (stored.state) Y.applyUpdate(doc, stored.state);
    stored.updates.forEach((update, i) => {
      try {
        Y.applyUpdate(doc, update);
      } catch (err) {
        throw new Error(`stored log row ${i} of ${entryId} does not apply (${(err as Error).message}): ${Buffer.from(update).toString('hex')}`);
      }
    });
  });
  return doc;
}

/**
 * Which Yjs structs the database holds, read cheaply (no Y.Doc): the
 * compacted state's state vector and, for each log row, the clock range of
 * each client it carries. `covers(client, start, end)`: every struct of
 * `client` from clock `start` to `end` is stored.
 */
export async function storedCoverage(db: DataSource, entryId: string): Promise<(client: number, start: number, end: number) => boolean> {
  const stored = await readStoredDocument(db, entryId);
  const ranges = new Map<number, [number, number][]>();
  const add = (client: number, from: number, to: number) => ranges.set(client, [...(ranges.get(client) ?? []), [from, to]]);
  if (stored.state) for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVectorFromUpdate(stored.state))) add(client, 0, clock);
  for (const update of stored.updates) {
    try {
      const meta = Y.parseUpdateMeta(update);
      for (const [client, to] of meta.to) add(client, meta.from.get(client) ?? 0, to);
    } catch {
      // a row that does not parse: the checkpoint's full load reports it
    }
  }
  return (client, start, end) => {
    let reached = start;
    for (const [from, to] of (ranges.get(client) ?? []).sort((a, b) => a[0] - b[0])) if (from <= reached && to > reached) reached = to;
    return reached >= end;
  };
}
