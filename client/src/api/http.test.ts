import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, isRetryable, onUnauthenticated, request } from './http';

function answer(status: number, body?: unknown) {
  vi.stubGlobal('fetch', async () => new Response(body === undefined ? null : JSON.stringify(body), { status }));
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

afterEach(() => vi.unstubAllGlobals());

describe('request', () => {
  it('returns the JSON of a success, and nothing for 204', async () => {
    answer(200, [{ slug: 'vaccines' }]);
    await expect(request('GET', '/api/groups')).resolves.toEqual([{ slug: 'vaccines' }]);
    answer(204);
    await expect(request('POST', '/api/auth/logout')).resolves.toBeUndefined();
  });

  it('keeps the stable code and message of the server’s error body', async () => {
    answer(409, { statusCode: 409, code: 'revision_already_reviewed', message: 'Already reviewed by Mo' });
    const error = await failure(request('POST', '/api/revisions/r1/approve'));
    expect(error).toMatchObject({ status: 409, code: 'revision_already_reviewed', message: 'Already reviewed by Mo', unknownCode: false });
  });

  it('guesses a code from the status when a proxy answers without our body', async () => {
    for (const [status, code] of [
      [401, 'unauthenticated'],
      [403, 'forbidden'],
      [404, 'not_found'],
      [413, 'payload_too_large'],
      [422, 'validation_failed'],
      [502, 'service_unavailable'],
      [500, 'internal_error'],
    ] as const) {
      answer(status, '<html>Bad gateway</html>');
      expect((await failure(request('GET', '/api/x'))).code, String(status)).toBe(code);
    }
  });

  it('marks a code this build does not know, so the server’s own message is shown', async () => {
    answer(409, { statusCode: 409, code: 'dataset_frozen', message: 'This dataset version is frozen' });
    expect(await failure(request('GET', '/api/x'))).toMatchObject({ code: 'internal_error', unknownCode: true, message: 'This dataset version is frozen' });
  });

  it('turns a failed connection into network_error, but lets an abort through', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await failure(request('GET', '/api/x'))).toMatchObject({ status: 0, code: 'network_error' });
    vi.stubGlobal('fetch', async () => {
      throw new DOMException('The operation was aborted.', 'AbortError');
    });
    await expect(request('GET', '/api/x')).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('tells the session when a request is refused as unauthenticated, unless asked not to', async () => {
    const heard = vi.fn();
    const stop = onUnauthenticated(heard);
    answer(401, { statusCode: 401, code: 'unauthenticated', message: 'Session expired' });
    await failure(request('GET', '/api/groups'));
    await failure(request('GET', '/api/auth/me', { quietUnauthenticated: true }));
    stop();
    expect(heard).toHaveBeenCalledTimes(1);
  });
});

describe('isRetryable', () => {
  it('offers a retry for failures that may pass, not for refusals', () => {
    expect(isRetryable(new ApiError(0, 'network_error', ''))).toBe(true);
    expect(isRetryable(new ApiError(503, 'service_unavailable', ''))).toBe(true);
    expect(isRetryable(new ApiError(500, 'internal_error', ''))).toBe(true);
    expect(isRetryable(new ApiError(404, 'entry_not_found', ''))).toBe(false);
    expect(isRetryable(new ApiError(403, 'forbidden', ''))).toBe(false);
    expect(isRetryable(new Error('unknown'))).toBe(true);
  });
});
