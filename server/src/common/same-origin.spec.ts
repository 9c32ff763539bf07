import { isCrossOriginRequest, originVerdict } from './same-origin';

describe('originVerdict', () => {
  const none = { allowedOrigins: [] };
  const cases: [string, Record<string, string>, { allowedOrigins: string[] }, ReturnType<typeof originVerdict>][] = [
    ['Origin naming the Host', { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }, none, 'same'],
    ['Origin behind TLS at the proxy (scheme not compared)', { host: 'hub.example.org', origin: 'https://hub.example.org' }, none, 'same'],
    ['Host with the default port spelled out', { host: 'hub.example.org:443', origin: 'https://hub.example.org' }, none, 'same'],
    ['Host in another case', { host: 'Hub.Example.org', origin: 'https://hub.example.org' }, none, 'same'],
    ['another port', { host: 'hub.example.org:3000', origin: 'http://hub.example.org:3001' }, none, 'foreign'],
    ['another host', { host: 'hub.example.org', origin: 'http://evil.example' }, none, 'foreign'],
    ['a host that only ends like ours', { host: 'hub.example.org', origin: 'http://evilhub.example.org' }, none, 'foreign'],
    ['Origin "null"', { host: 'hub.example.org', origin: 'null' }, none, 'foreign'],
    ['a non-web scheme', { host: 'hub.example.org', origin: 'file://hub.example.org' }, none, 'foreign'],
    ['no Host at all', { origin: 'http://hub.example.org' }, none, 'foreign'],
    ['Referer of our own page when Origin is absent', { host: 'hub.example.org', referer: 'https://hub.example.org/app/review' }, none, 'same'],
    ['Referer of another site', { host: 'hub.example.org', referer: 'https://evil.example/x' }, none, 'foreign'],
    ['an unparsable Referer', { host: 'hub.example.org', referer: 'not a url' }, none, 'foreign'],
    ['Origin wins over Referer', { host: 'hub.example.org', origin: 'https://evil.example', referer: 'https://hub.example.org/' }, none, 'foreign'],
    ['neither header', { host: 'hub.example.org' }, none, 'absent'],
    [
      'an allowed origin (a proxy rewrote Host)',
      { host: 'server1:3000', origin: 'https://hub.example.org' },
      { allowedOrigins: ['https://hub.example.org'] },
      'same',
    ],
    [
      'an allowed origin with another scheme is not allowed',
      { host: 'server1:3000', origin: 'http://hub.example.org' },
      { allowedOrigins: ['https://hub.example.org'] },
      'foreign',
    ],
  ];

  it.each(cases)('%s', (_what, headers, options, expected) => {
    expect(originVerdict(headers, options)).toBe(expected);
    expect(isCrossOriginRequest(headers, options)).toBe(expected === 'foreign');
  });
});
