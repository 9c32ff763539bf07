/**
 * Finds which files stored content refers to. A file is referred to by its
 * address (`/files/<sha256>`, with or without `?w=`) or by the id of one of its
 * uploads; both are searched for as plain text, in rendered HTML and
 * ProseMirror JSON as much as in Yjs updates, whose strings (an image node's
 * `src` attribute among them) are stored as UTF-8 runs. Searching the bytes
 * rather than decoding documents keeps the collector independent of the
 * editor's schema, and errs on the safe side: any occurrence keeps a file.
 *
 * One pass over the content finds every needle at once: candidate tokens
 * (runs of 64+ hex digits, uuids) are cut out of the text and looked up.
 */
const HEX_RUN = /[0-9a-f]{64,}/g;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const SHA256_CHARS = 64;

export class ReferenceFinder {
  private readonly found = new Set<string>();

  /** `needles`: lower-case SHA-256s (hex) and upload ids (uuids). */
  constructor(private readonly needles: ReadonlySet<string>) {}

  scan(content: string | Uint8Array): void {
    const text = typeof content === 'string' ? content : Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('latin1');
    for (const [run] of text.matchAll(HEX_RUN)) {
      // A SHA-256 may sit inside a longer run of hex digits: try every window of it.
      for (let i = 0; i + SHA256_CHARS <= run.length; i++) this.check(run.slice(i, i + SHA256_CHARS));
    }
    for (const [id] of text.matchAll(UUID)) this.check(id);
  }

  /** The needles found so far. */
  get referenced(): ReadonlySet<string> {
    return this.found;
  }

  private check(token: string): void {
    if (this.needles.has(token)) this.found.add(token);
  }
}
