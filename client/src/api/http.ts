import { ERROR_CODES, type ErrorBody, type ErrorCode } from '@knowledge-hub/shared';

/**
 * The one way the workspace talks to the REST API: same-origin fetch with the
 * session cookie, JSON in and out, and every failure turned into an ApiError
 * carrying a stable code the UI translates (see i18n/error-text.ts).
 */

/** Codes the client itself produces when there is no error body to read. */
export type ClientErrorCode = ErrorCode | 'network_error';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ClientErrorCode,
    message: string,
    readonly issues: ErrorBody['issues'] = undefined,
    /** The server sent a code this build does not know: `code` is only a guess from the status, show `message`. */
    readonly unknownCode = false,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type UnauthenticatedListener = () => void;
const unauthenticatedListeners = new Set<UnauthenticatedListener>();

/** Called whenever a request is refused with `unauthenticated` (e.g. the session expired). */
export function onUnauthenticated(listener: UnauthenticatedListener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** Do not notify the unauthenticated listeners (used by the session probe itself). */
  quietUnauthenticated?: boolean;
}

export async function request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, options: RequestOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: options.body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', err instanceof Error ? err.message : 'Network request failed');
  }
  if (res.status === 204) return undefined as T;
  const payload: unknown = await res.json().catch(() => null);
  if (res.ok) return payload as T;
  const error = toApiError(res.status, payload);
  if (error.code === 'unauthenticated' && !options.quietUnauthenticated) for (const listener of unauthenticatedListeners) listener();
  throw error;
}

function toApiError(status: number, payload: unknown): ApiError {
  const body = (payload ?? {}) as Partial<ErrorBody>;
  const known = isErrorCode(body.code);
  const code = known ? (body.code as ErrorCode) : fallbackCode(status);
  const hasMessage = typeof body.message === 'string' && body.message.length > 0;
  return new ApiError(status, code, hasMessage ? (body.message as string) : `HTTP ${status}`, body.issues, !known && hasMessage);
}

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);
}

/** A proxy or an older server may answer without our error body. */
function fallbackCode(status: number): ErrorCode {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 413) return 'payload_too_large';
  if (status === 415) return 'unsupported_media_type';
  if (status === 400 || status === 422) return 'validation_failed';
  if (status === 502 || status === 503 || status === 504) return 'service_unavailable';
  return 'internal_error';
}

/** Worth a "Try again" button: the request may succeed later as is. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.code === 'network_error' || error.code === 'internal_error' || error.code === 'service_unavailable';
}
