import { type AuthProvidersDto, type AuthSessionDto, type LoginBody, type LoginResponse, SESSION_BOOT_ELEMENT_ID, type UserDto } from '@knowledge-hub/shared';
import { request } from './http';

export function login(body: LoginBody): Promise<LoginResponse> {
  return request<LoginResponse>('POST', '/api/auth/login', { body, quietUnauthenticated: true });
}

export function logout(): Promise<void> {
  return request<void>('POST', '/api/auth/logout', { quietUnauthenticated: true });
}

/**
 * The signed-in user, or null when the session cookie is missing or expired.
 * Asks /api/auth/session, which answers 200 {user: null} for nobody: being
 * signed out is expected on every load, not a 401 in the console.
 */
export async function fetchMe(signal?: AbortSignal): Promise<UserDto | null> {
  return (await request<AuthSessionDto>('GET', '/api/auth/session', { signal, quietUnauthenticated: true })).user;
}

/**
 * What the server answered for /api/auth/session when it sent the page (a JSON data block in it), taken out
 * of the page once: the signed-in user, null for nobody, undefined when the page has none (the dev server's
 * page, an unreadable block) and the client must ask.
 */
export function takeBootSession(): UserDto | null | undefined {
  const element = typeof document === 'undefined' ? null : document.getElementById(SESSION_BOOT_ELEMENT_ID);
  if (!element) return undefined;
  element.remove();
  try {
    const { user } = JSON.parse(element.textContent ?? '') as AuthSessionDto;
    if (user === null) return null;
    return typeof user?.id === 'string' && typeof user.name === 'string' && Array.isArray(user.roles) ? user : undefined;
  } catch {
    return undefined;
  }
}

/** The ways to sign in besides email and password (an OpenID provider, when the server has one). */
export function fetchAuthProviders(signal?: AbortSignal): Promise<AuthProvidersDto> {
  return request<AuthProvidersDto>('GET', '/api/auth/providers', { signal, quietUnauthenticated: true });
}
