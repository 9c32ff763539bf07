import { fileHeaders, notModified, parseRange, rangeApplies } from './file-response';

describe('parseRange', () => {
  const size = 1000;
  it.each([
    [undefined, { kind: 'full' }],
    ['bytes=0-99', { kind: 'partial', range: { start: 0, end: 99 } }],
    ['bytes=900-', { kind: 'partial', range: { start: 900, end: 999 } }],
    ['bytes=-10', { kind: 'partial', range: { start: 990, end: 999 } }],
    ['bytes=-5000', { kind: 'partial', range: { start: 0, end: 999 } }],
    ['bytes=500-5000', { kind: 'partial', range: { start: 500, end: 999 } }],
    ['bytes=999-999', { kind: 'partial', range: { start: 999, end: 999 } }],
    ['bytes=1000-', { kind: 'unsatisfiable' }],
    ['bytes=100000000-', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=50-10', { kind: 'full' }],
    ['bytes=0-1,5-9', { kind: 'full' }],
    ['items=0-9', { kind: 'full' }],
    ['bytes=-', { kind: 'full' }],
    ['bytes=abc', { kind: 'full' }],
  ])('%s → %j', (header, answer) => {
    expect(parseRange(header, size)).toEqual(answer);
  });

  it('an empty file has no satisfiable range', () => {
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-1', 0)).toEqual({ kind: 'unsatisfiable' });
  });
});

describe('conditional requests', () => {
  const etag = '"abc"';
  it.each([
    [undefined, false],
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ['*', true],
    ['"abd"', false],
  ])('If-None-Match %s → %s', (header, answer) => {
    expect(notModified(header, etag)).toBe(answer);
  });

  it('If-Range lets the range through only for this ETag', () => {
    expect(rangeApplies(undefined, etag)).toBe(true);
    expect(rangeApplies('"abc"', etag)).toBe(true);
    expect(rangeApplies('"old"', etag)).toBe(false);
    expect(rangeApplies('Wed, 21 Oct 2015 07:28:00 GMT', etag)).toBe(false);
  });
});

describe('fileHeaders', () => {
  it('never lets a file act as a page, and images are shown inline', () => {
    const h = fileHeaders('image/png', 'a'.repeat(64));
    expect(h).toMatchObject({
      'Content-Type': 'image/png',
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': 'inline',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      'Cache-Control': 'public, max-age=31536000, immutable',
      ETag: `"${'a'.repeat(64)}"`,
    });
    expect(fileHeaders('text/csv', 'b'.repeat(64))['Content-Disposition']).toBe('attachment');
  });
});
