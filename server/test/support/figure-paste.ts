import * as zlib from 'node:zlib';
import type { Page } from 'playwright-core';

/** A small RGB PNG (width × height, a colour gradient), made here. */
export function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rows.set([(x * 255) / width, (y * 255) / height, 128], y * (width * 3 + 1) + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The few browser globals the paste below uses (the tests are compiled without the DOM types). */
interface PasteGlobals {
  atob(data: string): string;
  File: new (parts: Uint8Array[], name: string, options: { type: string }) => unknown;
  DataTransfer: new () => { items: { add(file: unknown): void } };
  ClipboardEvent: new (type: string, init: { clipboardData: unknown; bubbles: boolean; cancelable: boolean }) => unknown;
  document: { querySelector(selector: string): { dispatchEvent(event: unknown): boolean } | null };
}

/** What the browser does when someone pastes a file copied from elsewhere into the editor. */
export async function pasteFile(page: Page, bytes: Buffer, name: string, type: string): Promise<void> {
  await page.evaluate(
    ({ base64, name, type }) => {
      const w = globalThis as unknown as PasteGlobals;
      const data = Uint8Array.from(w.atob(base64), (c) => c.charCodeAt(0));
      const transfer = new w.DataTransfer();
      transfer.items.add(new w.File([data], name, { type }));
      const target = w.document.querySelector('[data-testid="editor"] .ProseMirror');
      target?.dispatchEvent(new w.ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    },
    { base64: bytes.toString('base64'), name, type },
  );
}

/** An <img> as the tests read it in the page. */
export interface ImageLike {
  naturalWidth: number;
  complete: boolean;
  getAttribute(name: string): string | null;
}
