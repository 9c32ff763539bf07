import type { CreateJoinRequestBody, DeclineJoinRequestBody, JoinRequestDto, PendingJoinRequestDto } from '@knowledge-hub/shared';
import { request } from './http';

/** Join requests: a signed-in person asks to join a group; its moderators (and admins) approve or decline. */

const groupRequestsPath = (slug: string) => `/api/groups/${encodeURIComponent(slug)}/join-requests`;

export function askToJoin(slug: string, body: CreateJoinRequestBody): Promise<JoinRequestDto> {
  return request<JoinRequestDto>('POST', groupRequestsPath(slug), { body });
}

/** The caller's own requests, decided ones included (a decline carries the moderator's note). */
export function listMyJoinRequests(signal?: AbortSignal): Promise<JoinRequestDto[]> {
  return request<JoinRequestDto[]>('GET', '/api/me/join-requests', { signal });
}

/** The group's pending requests (its moderators and admins). */
export function listPendingJoinRequests(slug: string, signal?: AbortSignal): Promise<PendingJoinRequestDto[]> {
  return request<PendingJoinRequestDto[]>('GET', groupRequestsPath(slug), { signal });
}

export function approveJoinRequest(id: string): Promise<JoinRequestDto> {
  return request<JoinRequestDto>('POST', `/api/join-requests/${encodeURIComponent(id)}/approve`);
}

export function declineJoinRequest(id: string, body: DeclineJoinRequestBody): Promise<JoinRequestDto> {
  return request<JoinRequestDto>('POST', `/api/join-requests/${encodeURIComponent(id)}/decline`, { body });
}
