import type { ErrorCode } from '@knowledge-hub/shared';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  validation_failed: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_credentials: 401,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  group_not_found: 404,
  entry_not_found: 404,
  user_not_found: 404,
  membership_not_found: 404,
  entry_slug_taken: 409,
  revision_not_found: 404,
  revision_already_reviewed: 409,
  self_review: 403,
  no_changes: 409,
  revision_rejected: 409,
  revision_superseded: 409,
  document_too_deep: 422,
  title_required: 400,
  title_too_long: 422,
  summary_too_long: 422,
  not_published: 409,
  internal_error: 500,
  service_unavailable: 503,
  csrf_rejected: 403,
  too_many_attempts: 429,
  too_many_invitations: 429,
  wrong_password: 403,
  insufficient_scope: 403,
  last_admin: 409,
  reset_link_invalid: 410,
  invitation_not_found: 404,
  invitation_expired: 410,
  invitation_used_up: 410,
  email_mismatch: 409,
  email_taken: 409,
  already_member: 409,
  join_request_pending: 409,
  join_request_not_found: 404,
  join_request_decided: 409,
  group_slug_taken: 409,
  group_archived: 409,
  entry_archived: 409,
  oidc_not_configured: 404,
  oidc_sign_in_failed: 400,
  oidc_identity_taken: 409,
  password_not_set: 409,
  alt_text_required: 400,
  reference_invalid: 400,
  reference_unresolvable: 422,
  reference_not_found: 404,
  comment_not_found: 404,
  reference_resolver_timeout: 504,
  reference_resolver_failed: 502,
  unsupported_file_type: 415,
  file_too_large: 413,
  file_required: 400,
  file_not_found: 404,
  csv_invalid: 400,
  dataset_not_found: 404,
  translation_exists: 409,
  translation_same_language: 400,
  translation_source_invalid: 400,
  sync_revision_invalid: 400,
  dataset_version_not_found: 404,
  report_not_found: 404,
  report_locked: 409,
  upload_not_found: 404,
  upload_offset_mismatch: 409,
  upload_hash_mismatch: 400,
  vtt_invalid: 400,
};

/**
 * An error a use case throws on purpose. Its code is part of the API contract
 * (shared/src/errors.ts); HttpErrorFilter turns it into `{statusCode, code, message}`.
 */
export class DomainError extends Error {
  readonly statusCode: number;
  /** Sent as the Retry-After header (seconds): when the caller may try again (too_many_attempts). */
  retryAfterSeconds?: number;
  /** Extra fields of the error body (csv_invalid: line, column, reason). */
  details?: Record<string, string | number>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
    this.statusCode = STATUS_BY_CODE[code];
  }
}

export const notFound = (code: ErrorCode, what: string) => new DomainError(code, `${what} not found`);
