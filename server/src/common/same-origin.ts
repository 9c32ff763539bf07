import type { IncomingHttpHeaders } from 'node:http';
import type { AppConfig } from '../config/config';

/**
 * Where a browser says a request comes from, compared with where it goes: the
 * defence against cross-site request forgery for everything the session
 * cookie authenticates (REST, socket.io, the collab WebSocket).
 *
 * - 'same': the Origin header (or, when a browser left Origin out, the
 *   Referer's origin) names the request's own Host, or one of the configured
 *   ALLOWED_ORIGINS;
 * - 'foreign': it names another origin, is "null" (sandboxed frames, some
 *   redirects) or cannot be parsed;
 * - 'absent': neither header. Browsers send Origin on every POST and every
 *   WebSocket handshake, cross-origin fetches included, so only non-browser
 *   clients (curl, scripts) and same-origin GETs come without one.
 *
 * The scheme is not compared: TLS usually ends at the load balancer, so the
 * server sees http while the browser's origin is https. Host and port are.
 * Pure: headers in, verdict out, so every entry point shares one rule.
 */
export type OriginVerdict = 'same' | 'foreign' | 'absent';

export type OriginOptions = Pick<AppConfig, 'allowedOrigins'>;

export function originVerdict(headers: IncomingHttpHeaders, options: OriginOptions): OriginVerdict {
  const claimed = claimedOrigin(headers);
  if (claimed === null) return 'absent';
  let url: URL;
  try {
    url = new URL(claimed);
  } catch {
    return 'foreign';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'foreign';
  if (options.allowedOrigins.includes(url.origin)) return 'same';
  const host = single(headers.host);
  return host !== null && normaliseHost(host) === normaliseHost(url.host) ? 'same' : 'foreign';
}

/**
 * True when a browser says the request comes from another site. For WebSocket
 * upgrades and socket.io handshakes authenticated by the cookie: refuse when
 * this is true (browsers always send Origin there; a client that sends none
 * is not a browser riding a victim's cookie).
 */
export function isCrossOriginRequest(headers: IncomingHttpHeaders, options: OriginOptions): boolean {
  return originVerdict(headers, options) === 'foreign';
}

function claimedOrigin(headers: IncomingHttpHeaders): string | null {
  const origin = single(headers.origin);
  if (origin !== null) return origin;
  const referer = single(headers.referer);
  if (referer === null) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

function single(value: string | string[] | undefined): string | null {
  const v = Array.isArray(value) ? value.join(',') : value;
  return v === undefined || v.trim() === '' ? null : v.trim();
}

/** Lower case, without a default port (a Host of `hub.example:443` is the origin `https://hub.example`). */
function normaliseHost(host: string): string {
  return host.toLowerCase().replace(/:(80|443)$/, '');
}
