import { createHash, randomBytes } from 'node:crypto';
import { parse as parseCookie } from 'cookie';

/** Name of the HttpOnly, SameSite=Lax session cookie. */
export const SESSION_COOKIE = 'kh_session';

/** How the session cookie is set, wherever a session starts (sign-in, an accepted invitation). */
export function sessionCookieOptions(config: { cookieSecure: boolean; sessionTtlMs: number }) {
  return { httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, path: '/', maxAge: config.sessionTtlMs } as const;
}

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
  const header = Array.isArray(source.cookie) ? source.cookie.join('; ') : source.cookie;
  // The token is base64url: a value that needed decoding (or does not decode, e.g. "%E0") is not one.
  const value = header ? parseCookie(header, { decode: (raw) => raw })[SESSION_COOKIE] : undefined;
  return value && /^[A-Za-z0-9_-]{10,200}$/.test(value) ? value : null;
}
