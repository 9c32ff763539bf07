import type { AuthProvidersDto, AuthSessionDto, LoginBody, LoginResponse, UserDto } from '@knowledge-hub/shared';
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

/** The ways to sign in besides email and password (an OpenID provider, when the server has one). */
export function fetchAuthProviders(signal?: AbortSignal): Promise<AuthProvidersDto> {
  return request<AuthProvidersDto>('GET', '/api/auth/providers', { signal, quietUnauthenticated: true });
}
