import { DEFAULT_NEXT_PATH, displayNameOf, placeholderEmail, safeNextPath, verifiedEmailOf } from './oidc.policy';

describe('safeNextPath: only paths on this site', () => {
  const cases: [string, unknown, string][] = [
    ['a workspace path', '/app/groups/vaccines', '/app/groups/vaccines'],
    ['with query and fragment', '/app/entries/1?tab=history#top', '/app/entries/1?tab=history#top'],
    ['the public hub', '/', '/'],
    ['dot segments are resolved', '/app/../app/groups', '/app/groups'],
    ['missing', undefined, DEFAULT_NEXT_PATH],
    ['not a string', ['/app/x'], DEFAULT_NEXT_PATH],
    ['empty', '', DEFAULT_NEXT_PATH],
    ['protocol-relative', '//evil.com', DEFAULT_NEXT_PATH],
    ['protocol-relative with a path', '//evil.com/app/', DEFAULT_NEXT_PATH],
    ['absolute', 'https://evil.com', DEFAULT_NEXT_PATH],
    ['absolute to our own path shape', 'https://evil.com/app/', DEFAULT_NEXT_PATH],
    ['a backslash browsers read as a slash', '/\\evil.com', DEFAULT_NEXT_PATH],
    ['a backslash later on', '/app\\..\\..\\evil', DEFAULT_NEXT_PATH],
    ['a scheme', 'javascript:alert(1)', DEFAULT_NEXT_PATH],
    ['relative', 'app/groups', DEFAULT_NEXT_PATH],
    ['a tab inside //', '/\t/evil.com', DEFAULT_NEXT_PATH],
    ['a newline', '/app/\nSet-Cookie: x', DEFAULT_NEXT_PATH],
    ['the API', '/api/auth/oidc/start', DEFAULT_NEXT_PATH],
    ['the API root', '/api', DEFAULT_NEXT_PATH],
    ['very long', `/app/${'a'.repeat(3000)}`, DEFAULT_NEXT_PATH],
  ];
  it.each(cases)('%s', (_label, next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });
});

describe('verifiedEmailOf: only an email the provider verified', () => {
  const cases: [string, Record<string, unknown>, string | null][] = [
    ['verified', { email: 'Ada@Example.org', email_verified: true }, 'ada@example.org'],
    ['not verified', { email: 'ada@example.org', email_verified: false }, null],
    ['verification not said', { email: 'ada@example.org' }, null],
    ['"true" as a string is not true', { email: 'ada@example.org', email_verified: 'true' }, null],
    ['no email (ORCID)', { email_verified: true }, null],
    ['not an address', { email: 'ada', email_verified: true }, null],
  ];
  it.each(cases)('%s', (_label, claims, expected) => {
    expect(verifiedEmailOf({ sub: 's', ...claims })).toBe(expected);
  });
});

describe('displayNameOf', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['name', { name: ' Ada  Lovelace ', given_name: 'A', family_name: 'L' }, 'Ada Lovelace'],
    ['given and family names (ORCID)', { given_name: 'Josiah', family_name: 'Carberry' }, 'Josiah Carberry'],
    ['family name only', { family_name: 'Carberry' }, 'Carberry'],
    ['preferred username', { preferred_username: 'ada' }, 'ada'],
    ['nothing but the subject', {}, '0000-0002-1825-0097'],
    ['blank name falls through', { name: '  ', preferred_username: 'ada' }, 'ada'],
    ['too long is cut', { name: 'x'.repeat(500) }, 'x'.repeat(120)],
  ];
  it.each(cases)('%s', (_label, claims, expected) => {
    expect(displayNameOf({ sub: '0000-0002-1825-0097', ...claims })).toBe(expected);
  });
});

describe('placeholderEmail', () => {
  it('is a readable address under the reserved .invalid domain', () => {
    expect(placeholderEmail('https://orcid.org', '0000-0002-1825-0097')).toBe('0000-0002-1825-0097@orcid.org.invalid');
    expect(placeholderEmail('http://127.0.0.1:4000/oidc', 'Ünïcode sub/with spaces')).toBe('n-code-sub-with-spaces@127.0.0.1.invalid');
    expect(placeholderEmail('https://idp.example.org', '...')).toBe('user@idp.example.org.invalid');
  });
});
