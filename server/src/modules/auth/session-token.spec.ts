import { extractToken, SESSION_COOKIE } from './session-token';

const TOKEN = 'abcdefghijklmnopqrstuvwxyz0123456789_-AB';

describe('extractToken', () => {
  it('takes a bearer token first, then ?token=, then the session cookie', () => {
    expect(extractToken({ authorization: `Bearer ${TOKEN}`, queryToken: 'q'.repeat(20), cookie: `${SESSION_COOKIE}=${'c'.repeat(20)}` })).toBe(TOKEN);
    expect(extractToken({ queryToken: TOKEN, cookie: `${SESSION_COOKIE}=${'c'.repeat(20)}` })).toBe(TOKEN);
    expect(extractToken({ cookie: `theme=dark; ${SESSION_COOKIE}=${TOKEN}; lang=zh` })).toBe(TOKEN);
    expect(extractToken({ cookie: ['theme=dark', `${SESSION_COOKIE}=${TOKEN}`] })).toBe(TOKEN);
  });

  it('ignores what is not a token: other cookies, percent-encoded or undecodable values, odd lengths, other schemes', () => {
    expect(extractToken({ cookie: `other_session=${TOKEN}` })).toBeNull();
    expect(extractToken({ cookie: `${SESSION_COOKIE}=%E0%A4%A` })).toBeNull();
    expect(extractToken({ cookie: `${SESSION_COOKIE}=abc%2Fdefghijklmnop` })).toBeNull();
    expect(extractToken({ cookie: `${SESSION_COOKIE}=short` })).toBeNull();
    expect(extractToken({ cookie: `${SESSION_COOKIE}=${'x'.repeat(201)}` })).toBeNull();
    expect(extractToken({ authorization: `Basic ${TOKEN}` })).toBeNull();
    expect(extractToken({ queryToken: `${TOKEN}<script>` })).toBeNull();
    expect(extractToken({})).toBeNull();
  });
});
