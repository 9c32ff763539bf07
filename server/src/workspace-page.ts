import * as fs from 'node:fs';
import type { Logger } from '@nestjs/common';
import type { AuthSessionDto, WorkspacePageHints } from '@knowledge-hub/shared';
import { escapeHtml, SESSION_BOOT_ELEMENT_ID, workspacePageHints } from '@knowledge-hub/shared';
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
 *
 * For a signed-in member, the pages with a chunk of their own also name that
 * chunk and their first reads as preload links (see preloadLinks).
 */
export async function workspacePage(
  indexHtml: string,
  request: { path: string; cookie: string | undefined },
  auth: AuthService,
  logger: Logger,
  manifest: WorkspaceManifest | null = null,
): Promise<string> {
  let session: AuthSessionDto;
  try {
    session = await auth.session(await auth.verify(extractToken({ cookie: request.cookie })));
  } catch (err) {
    // The database is down or slow to answer: the page still loads, and the client asks /api/auth/session itself.
    logger.warn(`workspace page without its session: ${(err as Error).message}`);
    return indexHtml;
  }
  // Someone signed out is sent to the sign-in page from every page with hints: nothing to preload for them.
  const hints = session.user ? workspacePageHints(request.path) : null;
  if (!hints) return withSessionBlock(indexHtml, session);
  const built = manifest?.read() ?? null;
  if (built === null && manifest?.firstMiss()) logger.warn('workspace pages name no chunk to preload: the build has no readable .vite/manifest.json');
  return withSessionBlock(indexHtml, session, preloadLinks(built ?? {}, hints));
}

/** index.html with the session as a data block at the end of <head> (after `links`, if any). */
export function withSessionBlock(indexHtml: string, session: AuthSessionDto, links = ''): string {
  const block = `${links}<script id="${SESSION_BOOT_ELEMENT_ID}" type="application/json">${jsonForHtml(session)}</script>`;
  const at = indexHtml.indexOf('</head>');
  return at < 0 ? indexHtml : `${indexHtml.slice(0, at)}${block}${indexHtml.slice(at)}`;
}

/** JSON that is inert inside an HTML element: `<`, `>` and `&` as \u escapes, and the two line separators JavaScript once choked on. */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The `<link>`s that start what a page needs as the HTML arrives (see WorkspacePageHints): its chunk and the
 * chunks and stylesheets that chunk imports (not those index.html loads already), then its reads. A chunk the
 * manifest does not know is left out: the page still loads it itself, one round trip later.
 *
 * Each must match the request the client makes later, or the browser fetches twice: modules, the stylesheets
 * Vite adds with a chunk and the reads are all same-origin CORS requests (`crossorigin`). The chunk and its
 * stylesheets come at a low priority: the app's own script (index.html's), which runs first and draws the page's
 * frame, keeps the bandwidth of a slow network; the reads are small and keep the priority fetch() gives them.
 */
export function preloadLinks(manifest: ViteManifest, hints: WorkspacePageHints, base = '/app/'): string {
  const loaded = new Set<string>();
  const byEntry = (key: string) => {
    if (loaded.has(key)) return;
    loaded.add(key);
    for (const k of manifest[key]?.imports ?? []) byEntry(k);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) byEntry(key);
  const scripts: string[] = [];
  const styles: string[] = [];
  const seen = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(key) || loaded.has(key)) return;
    seen.add(key);
    scripts.push(chunk.file);
    for (const css of chunk.css ?? []) if (!styles.includes(css)) styles.push(css);
    for (const k of chunk.imports ?? []) visit(k);
  };
  visit(hints.chunk);
  return [
    ...scripts.map((file) => `<link rel="modulepreload" crossorigin fetchpriority="low" href="${escapeHtml(base + file)}">`),
    ...styles.map((file) => `<link rel="preload" as="style" crossorigin fetchpriority="low" href="${escapeHtml(base + file)}">`),
    ...hints.reads.map((url) => `<link rel="preload" as="fetch" crossorigin href="${escapeHtml(url)}">`),
  ].join('');
}

/** What the server reads of Vite's build manifest: each chunk by its source's key. */
export type ViteManifest = Record<string, { file: string; imports?: string[]; css?: string[]; isEntry?: boolean }>;

/** The workspace build's manifest (dist/.vite/manifest.json), re-read when a build changes it; null when absent or unreadable. */
export class WorkspaceManifest {
  private parsed: { text: string; manifest: ViteManifest | null } | null = null;
  private readonly file: BuiltFile;
  private missed = false;

  constructor(file: string) {
    this.file = new BuiltFile(file);
  }

  read(): ViteManifest | null {
    const text = this.file.read();
    if (text === null) return null;
    if (this.parsed?.text !== text) {
      this.parsed = { text, manifest: parseManifest(text) };
    }
    return this.parsed.manifest;
  }

  /** True the first time it is asked: for saying once that the manifest is missing. */
  firstMiss(): boolean {
    if (this.missed) return false;
    this.missed = true;
    return true;
  }
}

/** The manifest's chunks as preloadLinks reads them, or null if it is not JSON of that shape; anything else in it is dropped. */
function parseManifest(text: string): ViteManifest | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const strings = (list: unknown): string[] => (Array.isArray(list) ? list.filter((s): s is string => typeof s === 'string') : []);
  const manifest: ViteManifest = {};
  for (const [key, chunk] of Object.entries(value)) {
    if (!chunk || typeof chunk !== 'object' || typeof (chunk as { file?: unknown }).file !== 'string') continue;
    const c = chunk as { file: string; imports?: unknown; css?: unknown; isEntry?: unknown };
    manifest[key] = { file: c.file, imports: strings(c.imports), css: strings(c.css), isEntry: c.isEntry === true };
  }
  return manifest;
}

/** A file of the workspace's build (index.html, its manifest), re-read when the build changes it (a rebuild while the server runs). */
export class BuiltFile {
  private cached: { mtimeMs: number; text: string } | null = null;

  constructor(private readonly file: string) {}

  /** The file's text, or null if the workspace is not built (or a rebuild is replacing the file). */
  read(): string | null {
    try {
      const stat = fs.statSync(this.file);
      if (this.cached?.mtimeMs !== stat.mtimeMs) this.cached = { mtimeMs: stat.mtimeMs, text: fs.readFileSync(this.file, 'utf8') };
      return this.cached.text;
    } catch {
      return null;
    }
  }
}
