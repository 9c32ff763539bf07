import * as fs from 'node:fs';
import type { Logger } from '@nestjs/common';
import type { AuthSessionDto } from '@knowledge-hub/shared';
import { SESSION_BOOT_ELEMENT_ID } from '@knowledge-hub/shared';
import type { AuthService } from './modules/auth/auth.service';
import { extractToken } from './modules/auth/session-token';

/**
 * The workspace's index.html with the answer of GET /api/auth/session
 * already in it, as a JSON data block (`<script type="application/json">`:
 * never executed, so the CSP's script-src does not apply). The client reads
 * it instead of asking: on a phone that is one round trip less before the
 * first page shows.
 *
 * Only the session cookie counts (a navigation carries no Authorization
 * header), and personal API tokens never do: the same `verify` as the
 * sockets. The JSON is escaped so that no text in it (a name chosen by a
 * hostile user: `</script><script>…`) can end the element.
 */
export async function workspacePage(indexHtml: string, cookie: string | undefined, auth: AuthService, logger: Logger): Promise<string> {
  let session: AuthSessionDto;
  try {
    session = await auth.session(await auth.verify(extractToken({ cookie })));
  } catch (err) {
    // The database is down or slow to answer: the page still loads, and the client asks /api/auth/session itself.
    logger.warn(`workspace page without its session: ${(err as Error).message}`);
    return indexHtml;
  }
  return withSessionBlock(indexHtml, session);
}

/** index.html with the session as a data block at the end of <head>. */
export function withSessionBlock(indexHtml: string, session: AuthSessionDto): string {
  const block = `<script id="${SESSION_BOOT_ELEMENT_ID}" type="application/json">${jsonForHtml(session)}</script>`;
  const at = indexHtml.indexOf('</head>');
  return at < 0 ? indexHtml : `${indexHtml.slice(0, at)}${block}${indexHtml.slice(at)}`;
}

/** JSON that is inert inside an HTML element: `<`, `>` and `&` as \u escapes, and the two line separators JavaScript once choked on. */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** index.html as built, re-read when the build changes it (a rebuild while the server runs). */
export class IndexHtmlFile {
  private cached: { mtimeMs: number; html: string } | null = null;

  constructor(private readonly file: string) {}

  /** The file's text, or null if the workspace is not built. */
  read(): string | null {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(this.file);
    } catch {
      return null;
    }
    if (this.cached?.mtimeMs !== stat.mtimeMs) this.cached = { mtimeMs: stat.mtimeMs, html: fs.readFileSync(this.file, 'utf8') };
    return this.cached.html;
  }
}
