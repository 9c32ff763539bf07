import { MAX_EMAIL_CHARS, MAX_USER_NAME_CHARS } from '@knowledge-hub/shared';

/**
 * Pure rules of OpenID Connect sign-in: where the browser may be sent after
 * it (`next`), and what a new account takes from the provider's claims.
 */

/** Where a sign-in lands when `next` is missing or refused. */
export const DEFAULT_NEXT_PATH = '/app/';

const MAX_NEXT_CHARS = 2048;
/** Any origin would do: a path that keeps it when resolved against it names a page of this site. */
const PROBE_ORIGIN = 'http://knowledge-hub.invalid';

/**
 * `next` if it is a path on this site, else DEFAULT_NEXT_PATH. Refused: absolute
 * and protocol-relative URLs (`https://evil`, `//evil`, `/\evil`, which browsers
 * read as `//evil`), backslashes and control characters anywhere, and the API
 * itself (a redirect back into the flow or onto a JSON route is no page).
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > MAX_NEXT_CHARS) return DEFAULT_NEXT_PATH;
  if (!next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(next)) return DEFAULT_NEXT_PATH;
  let url: URL;
  try {
    url = new URL(next, PROBE_ORIGIN);
  } catch {
    return DEFAULT_NEXT_PATH;
  }
  if (url.origin !== PROBE_ORIGIN) return DEFAULT_NEXT_PATH;
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return DEFAULT_NEXT_PATH;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The claims of the ID token and userinfo that a new account is made from. */
export interface IdentityClaims {
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
  given_name?: unknown;
  family_name?: unknown;
  preferred_username?: unknown;
}

/**
 * The provider's email if it says it verified it (`email_verified: true`), in
 * lower case; null otherwise (ORCID, for one, usually gives none).
 */
export function verifiedEmailOf(claims: IdentityClaims): string | null {
  if (claims.email_verified !== true || typeof claims.email !== 'string') return null;
  const email = claims.email.trim().toLowerCase();
  return email.length <= MAX_EMAIL_CHARS && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null;
}

/** The display name: `name`, else given and family names, else the preferred username, else the subject. */
export function displayNameOf(claims: IdentityClaims): string {
  const text = (v: unknown) => (typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : '');
  const candidates = [
    text(claims.name),
    [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' '),
    text(claims.preferred_username),
    text(claims.sub),
  ];
  const name = candidates.find((c) => c.length > 0) ?? 'Unnamed';
  return name.slice(0, MAX_USER_NAME_CHARS);
}

/**
 * The email of an account whose provider gave no verified one: under the
 * reserved `.invalid` top-level domain, so it can never receive mail or be
 * someone's real address, and readable for admins (`0000-0002-1825-0097@orcid.org.invalid`).
 * The account has no password, so nobody signs in with it either.
 */
export function placeholderEmail(issuer: string, subject: string): string {
  const local =
    subject
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[.-]+|[.-]+$/g, '')
      .slice(0, 64) || 'user';
  const host = new URL(issuer).hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/[^a-z0-9.-]+/g, '-');
  return `${local}@${host}.invalid`;
}
