/**
 * Stable error codes. Every error body of the REST API is
 * `{ statusCode, code, message }` with one of these codes; the client shows a
 * message per code (client/src/i18n). Never rename a code: clients match on it.
 */
export const ERROR_CODES = [
  'validation_failed',
  'payload_too_large',
  'unsupported_media_type',
  'invalid_credentials',
  'unauthenticated',
  'forbidden',
  'not_found',
  'group_not_found',
  'entry_not_found',
  'user_not_found',
  'membership_not_found',
  'entry_slug_taken',
  'revision_not_found',
  'revision_already_reviewed',
  'self_review',
  'no_changes',
  /** Restoring a rejected revision (an admin may override; the override is audited). */
  'revision_rejected',
  /** Approving a revision older than the published one, or one a newer approval superseded. */
  'revision_superseded',
  /** A submitted document nests deeper than MAX_DOCUMENT_DEPTH. */
  'document_too_deep',
  /** Submitting an entry whose title is empty or blank. */
  'title_required',
  /** Submitting an entry whose title or summary (set through collab) is over MAX_TITLE_CHARS / MAX_SUMMARY_CHARS. */
  'title_too_long',
  'summary_too_long',
  'not_published',
  'internal_error',
  'service_unavailable',
  /** A cookie-authenticated request or socket from another origin (cross-site request forgery defence). */
  'csrf_rejected',
  /** Too many failed sign-ins for this account or address: retry after the Retry-After header's seconds. */
  'too_many_attempts',
  /** Too many invitations from this account (in the last hour), or to this address (in the last day): retry after Retry-After. */
  'too_many_invitations',
  /** No invitation has this token. */
  'invitation_not_found',
  /** The invitation's link has expired. */
  'invitation_expired',
  /** Every use of the invitation is taken, or its creator revoked it. */
  'invitation_used_up',
  /** The invitation names another email than the one accepting it. */
  'email_mismatch',
  /** An account with this email exists already: sign in as it, then accept. */
  'email_taken',
  /** Changing one's password with a wrong current password. */
  'wrong_password',
  /** A read-scoped personal API token on a state-changing route. */
  'insufficient_scope',
  /** Disabling or demoting the only remaining (enabled) admin. */
  'last_admin',
  /** A password-reset link that is unknown, expired or already used. */
  'reset_link_invalid',
  /** Asking to join a group one is a member of already. */
  'already_member',
  /** Asking to join a group while one's earlier request to join it is still pending. */
  'join_request_pending',
  /** No join request has this id. */
  'join_request_not_found',
  /** Approving or declining a join request that was decided already. */
  'join_request_decided',
  /** Creating a group with an address (slug) another group has. */
  'group_slug_taken',
  /** Creating an entry in an archived group. */
  'group_archived',
  /** Changing an archived entry's content or publication (submitting, restoring or approving a revision): it is read-only until a moderator unarchives it. */
  'entry_archived',
  /** OpenID Connect sign-in is not configured on this server (OIDC_ISSUER unset). */
  'oidc_not_configured',
  /** An OpenID Connect sign-in that could not be completed (state, code, ID token or the provider's answer refused). */
  'oidc_sign_in_failed',
  /** The identity-provider account is linked to another Knowledge Hub account already. */
  'oidc_identity_taken',
  /** Changing the password of an account that signs in through an identity provider and has none. */
  'password_not_set',
  /** Submitting an entry with a figure that has no alt text (issues list the figures). */
  'alt_text_required',
  /** A reference to add that is no DOI, PMID, BibTeX, RIS or CSL-JSON record. */
  'reference_invalid',
  /** A bare DOI or PMID, and no resolver is configured (DOI_RESOLVER_URL) or it cannot resolve a PMID. */
  'reference_unresolvable',
  /** The DOI resolver knows no such DOI. */
  'reference_not_found',
  /** The DOI resolver did not answer in time. */
  'reference_resolver_timeout',
  /** The DOI resolver failed or answered with something that is not CSL-JSON. */
  'reference_resolver_failed',
  /** An upload whose bytes are not an accepted figure type (PNG, JPEG, WebP, GIF, AVIF; SVG and everything else refused), or an image that cannot be decoded. */
  'unsupported_file_type',
  /** An upload over MAX_UPLOAD_BYTES. */
  'file_too_large',
  /** An upload form without a `file` field. */
  'file_required',
  /** No file has this address. */
  'file_not_found',
  /** No comment has this id (or it was deleted). */
  'comment_not_found',
  /** A dataset upload that is not a well-formed UTF-8 CSV/TSV; the body has `line`, `column?` and `reason`. */
  'csv_invalid',
  /** No dataset has this id or address. */
  'dataset_not_found',
  /** The entry has a translation in this language already (one per source and language). */
  'translation_exists',
  /** A translation into the source's own language. */
  'translation_same_language',
  /** Translating an entry that is itself a translation (translate its source instead). */
  'translation_source_invalid',
  /** A translation-sync naming no approved revision of the source, or asked of an entry that is not a translation. */
  'sync_revision_invalid',
  /** The dataset has no version with this id or number (for the public: no approved one). */
  'dataset_version_not_found',
  /** No report has this id or address. */
  'report_not_found',
  /** An approved report is what readers see: its media and captions no longer change. */
  'report_locked',
  /** No resumable upload has this id (or it was completed or abandoned). */
  'upload_not_found',
  /** A chunk sent at another offset than the upload's current one; the body has `offset` (where to resume). */
  'upload_offset_mismatch',
  /** The uploaded bytes do not have the SHA-256 announced when the upload began. */
  'upload_hash_mismatch',
  /** A caption file that is not valid WebVTT; the body has `line` and `reason`. */
  'vtt_invalid',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  /** Present on validation_failed: which fields were wrong and why. */
  issues?: { path: string; message: string }[];
  /** csv_invalid, vtt_invalid: where the file is wrong. */
  line?: number;
  column?: string;
  reason?: string;
  /** upload_offset_mismatch: the offset the server has (where to resume). */
  offset?: number;
}
