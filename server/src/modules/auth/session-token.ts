import { createHash, randomBytes } from 'node:crypto';

/** Name of the HttpOnly, SameSite=Lax session cookie. */
export const SESSION_COOKIE = 'kh_session';

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Sessions are stored by the token's hash: a leaked sessions table signs nobody in. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The bearer token of a request, from (in order) `Authorization: Bearer …`, the
 * `?token=` query parameter (collab and scripts) or the session cookie. One
 * function for HTTP, socket.io and the collab endpoint alike.
 */
export function extractToken(source: { authorization?: string | string[]; cookie?: string | string[]; queryToken?: string | null }): string | null {
  const auth = Array.isArray(source.authorization) ? source.authorization[0] : source.authorization;
  if (auth) {
    const match = /^Bearer\s+([A-Za-z0-9_-]{10,200})$/.exec(auth.trim());
    if (match) return match[1];
  }
  if (source.queryToken && /^[A-Za-z0-9_-]{10,200}$/.test(source.queryToken)) return source.queryToken;
  const cookie = Array.isArray(source.cookie) ? source.cookie.join('; ') : source.cookie;
  if (cookie) {
    for (const part of cookie.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
        const value = part.slice(eq + 1).trim(); // base64url: nothing to decode, and decodeURIComponent throws on "%E0"
        if (/^[A-Za-z0-9_-]{10,200}$/.test(value)) return value;
      }
    }
  }
  return null;
}
