import * as Y from 'yjs';
import { DOC_BODY } from '@knowledge-hub/shared';
import { RawCollabClient } from '../support/raw-client';
import { waitFor } from '../support/wait-for';

export interface HonestEdit {
  /** Text this edit inserted, with its trailing space (`ha-1 ` is no prefix of `ha-12 `); honest text never holds `[` or `Q`. */
  text: string;
  client: number;
  /** The clock range of the structs it created. */
  start: number;
  end: number;
  /** Its place among the doc-carrying messages its client sent (what acks count). */
  index: number;
}

/**
 * An honest editor on a raw socket with `?ack=1`: types into its own
 * paragraph, formats, and deletes filler it wrote itself (never the text it
 * tracks, so every tracked edit must stay in the document), one Yjs update
 * per edit, and keeps what it was acknowledged.
 */
export class HonestEditor {
  readonly client: RawCollabClient;
  readonly doc: Y.Doc;
  readonly edits: HonestEdit[] = [];
  private text: Y.XmlText | null = null;
  private timer: NodeJS.Timeout | null = null;
  private step = 0;
  private fillerAt: number | null = null;
  private closed = false;

  constructor(
    wsUrl: string,
    entryId: string,
    token: string,
    readonly name: string,
    clientId: number,
    onAck: () => void,
  ) {
    this.doc = new Y.Doc();
    this.doc.clientID = clientId;
    this.client = new RawCollabClient(wsUrl, entryId, { token, ack: true, doc: this.doc });
    this.client.onAck = onAck;
  }

  /** Edits acknowledged so far (acks are cumulative counts of doc-carrying messages). */
  ackedEdits(): HonestEdit[] {
    const acked = this.client.acked;
    return this.edits.filter((e) => e.index <= acked);
  }

  start(everyMs: number): void {
    if (!this.timer) this.timer = setInterval(() => this.edit(), everyMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  allAcked(): Promise<boolean> {
    return waitFor(
      () => this.client.acked === this.client.sentDocMessages,
      `${this.name}: ack ${this.client.sentDocMessages} (have ${this.client.acked})`,
      20_000,
    );
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stop();
    this.client.close();
    this.doc.destroy();
  }

  private edit(): void {
    const step = this.step++;
    if (!this.text) {
      const body = this.doc.getXmlFragment(DOC_BODY);
      const p = new Y.XmlElement('paragraph');
      this.text = new Y.XmlText();
      p.insert(0, [this.text]);
      this.tracked(() => body.insert(body.length, [p]), '');
      return;
    }
    const text = this.text;
    if (step % 5 === 3 && text.length > 4) {
      text.format(text.length - 4, 3, { bold: step % 2 === 0 ? true : null });
    } else if (step % 7 === 5) {
      this.fillerAt = text.length;
      text.insert(text.length, '~~~~');
    } else if (step % 7 === 6 && this.fillerAt !== null) {
      text.delete(this.fillerAt, 4);
      this.fillerAt = null;
    } else {
      const words = `${this.name}-${step} `;
      this.tracked(() => text.insert(text.length, words), words);
    }
  }

  /** Runs one edit (one Yjs update, sent at once) and records what it created. */
  private tracked(edit: () => void, text: string): void {
    const client = this.doc.clientID;
    const start = Y.getState(this.doc.store, client);
    edit();
    this.edits.push({ text, client, start, end: Y.getState(this.doc.store, client), index: this.client.sentDocMessages });
  }
}
