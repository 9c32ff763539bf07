import { describe, expect, it } from 'vitest';
import { isAcceptedFigureType, isFigureCandidate, uploadFailure } from './figure-upload';

describe('uploadFailure', () => {
  it('says the type is refused on 415 unsupported_file_type', () => {
    expect(uploadFailure(415, { statusCode: 415, code: 'unsupported_file_type', message: 'no' })).toEqual({ kind: 'unsupported_file_type' });
    expect(uploadFailure(415, null)).toEqual({ kind: 'unsupported_file_type' });
  });

  it('says the file is too large on 413, whoever answered it', () => {
    expect(uploadFailure(413, { code: 'file_too_large' })).toEqual({ kind: 'file_too_large' });
    // A proxy in front of the hub answers 413 with its own HTML page.
    expect(uploadFailure(413, null)).toEqual({ kind: 'file_too_large' });
  });

  it('calls no answer at all a network failure', () => {
    expect(uploadFailure(0, null)).toEqual({ kind: 'network' });
  });

  it('keeps the code and message of any other refusal', () => {
    expect(uploadFailure(403, { code: 'forbidden', message: 'Only members may upload' })).toEqual({
      kind: 'other',
      status: 403,
      code: 'forbidden',
      message: 'Only members may upload',
    });
    expect(uploadFailure(502, '<html>')).toEqual({ kind: 'other', status: 502, code: null, message: null });
  });
});

describe('figure file types', () => {
  it('sends images only, and refuses image types the hub does not take before sending', () => {
    expect(isFigureCandidate({ type: 'image/png' })).toBe(true);
    expect(isFigureCandidate({ type: 'application/pdf' })).toBe(false);
    expect(isAcceptedFigureType({ type: 'image/jpeg' })).toBe(true);
    expect(isAcceptedFigureType({ type: 'image/svg+xml' })).toBe(false);
    expect(isAcceptedFigureType({ type: 'image/tiff' })).toBe(false);
  });
});
