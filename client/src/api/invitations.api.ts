import type { AcceptInvitationBody, AcceptInvitationResponse, CreateInvitationBody, InvitationCreatedDto, InvitationPreviewDto } from '@knowledge-hub/shared';
import { request } from './http';

/** Invitations (README "People"): created by admins and moderators, opened and accepted by anyone holding the link. */

export function createInvitation(body: CreateInvitationBody): Promise<InvitationCreatedDto> {
  return request<InvitationCreatedDto>('POST', '/api/invitations', { body });
}

export function previewInvitation(token: string, signal?: AbortSignal): Promise<InvitationPreviewDto> {
  return request<InvitationPreviewDto>('GET', tokenPath(token), { signal, quietUnauthenticated: true });
}

export function acceptInvitation(token: string, body: AcceptInvitationBody): Promise<AcceptInvitationResponse> {
  return request<AcceptInvitationResponse>('POST', `${tokenPath(token)}/accept`, { body, quietUnauthenticated: true });
}

/** The signed-in visitor joins with their own account. */
export function joinInvitation(token: string): Promise<AcceptInvitationResponse> {
  return request<AcceptInvitationResponse>('POST', `${tokenPath(token)}/join`, {});
}

function tokenPath(token: string): string {
  return `/api/invitations/by-token/${encodeURIComponent(token)}`;
}
