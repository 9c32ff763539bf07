import type { ChangePasswordBody, CreatedTokenDto, CreateTokenBody, MeDto, PersonalTokenDto, ResetPasswordBody, UpdateMeBody } from '@knowledge-hub/shared';
import { request } from './http';

/** One's own account (/api/me), its personal API tokens, and using a password-reset link. */

export function getAccount(signal?: AbortSignal): Promise<MeDto> {
  return request<MeDto>('GET', '/api/me', { signal });
}

export function updateAccount(body: UpdateMeBody): Promise<MeDto> {
  return request<MeDto>('PATCH', '/api/me', { body });
}

/** Every other session of the user ends; this one stays. */
export function changePassword(body: ChangePasswordBody): Promise<void> {
  return request<void>('POST', '/api/me/password', { body });
}

export function listTokens(signal?: AbortSignal): Promise<PersonalTokenDto[]> {
  return request<PersonalTokenDto[]>('GET', '/api/me/tokens', { signal });
}

/** The secret is in this answer only. */
export function createToken(body: CreateTokenBody): Promise<CreatedTokenDto> {
  return request<CreatedTokenDto>('POST', '/api/me/tokens', { body });
}

export function revokeToken(id: string): Promise<void> {
  return request<void>('DELETE', `/api/me/tokens/${encodeURIComponent(id)}`);
}

/** Opened from an admin's reset link, usually signed out. */
export function resetPassword(body: ResetPasswordBody): Promise<void> {
  return request<void>('POST', '/api/auth/reset', { body, quietUnauthenticated: true });
}
