import type { AuthProvidersDto, LoginBody, LoginResponse, UserDto } from '@knowledge-hub/shared';
import { ApiError, request } from './http';

export function login(body: LoginBody): Promise<LoginResponse> {
  return request<LoginResponse>('POST', '/api/auth/login', { body, quietUnauthenticated: true });
}

export function logout(): Promise<void> {
  return request<void>('POST', '/api/auth/logout', { quietUnauthenticated: true });
}

/** The signed-in user, or null when the session cookie is missing or expired. */
export async function fetchMe(signal?: AbortSignal): Promise<UserDto | null> {
  try {
    return await request<UserDto>('GET', '/api/auth/me', { signal, quietUnauthenticated: true });
  } catch (err) {
    if (err instanceof ApiError && err.code === 'unauthenticated') return null;
    throw err;
  }
}

/** The ways to sign in besides email and password (an OpenID provider, when the server has one). */
export function fetchAuthProviders(signal?: AbortSignal): Promise<AuthProvidersDto> {
  return request<AuthProvidersDto>('GET', '/api/auth/providers', { signal, quietUnauthenticated: true });
}
