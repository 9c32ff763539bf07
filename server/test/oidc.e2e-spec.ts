import { createHash } from 'node:crypto';
import { ApiClient } from './support/api-client';
import { OIDC_TEST_CLIENT_ID, OidcTestBrowser, type OidcTestProvider, startOidcTestProvider } from './support/oidc-test-provider';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * OpenID Connect sign-in (issue 10, part 3) end to end against a real
 * OpenID provider (oidc-provider) on a loopback port: the browser goes to the
 * provider, signs in on its pages, comes back to the callback and is signed
 * in here — or sees an error page and has no session.
 */

const ACCOUNTS = {
  // ORCID-like: names, no email.
  'orcid-0000-0002-1825-0097': { given_name: 'Josiah', family_name: 'Carberry' },
  'ada-at-idp': { name: 'Ada Lovelace', email: 'Ada@Example.org', email_verified: true },
  'unverified-at-idp': { name: 'Una Verified', email: 'una@example.org', email_verified: false },
  'claims-alice-email': { name: 'Not Alice', email: 'alice@demo.hub', email_verified: true },
};

let provider: OidcTestProvider;
let app: TestApp;
let subjects = 0;

beforeAll(async () => {
  provider = await startOidcTestProvider(ACCOUNTS, 'ORCID');
  app = await startTestApp(provider.env);
  await provider.register(`${app.baseUrl}/api/auth/oidc/callback`);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await provider?.close();
});

const db = () => app.running.db.dataSource;
const sessionOf = (browser: OidcTestBrowser) => browser.cookie(app.baseUrl, 'kh_session');
const startUrl = (query: Record<string, string> = {}) => `${app.baseUrl}/api/auth/oidc/start?${new URLSearchParams(query)}`;

/** Starts the flow in `browser`: the provider's authorization URL it is sent to. */
async function start(browser: OidcTestBrowser, query: Record<string, string> = {}): Promise<string> {
  const res = await browser.get(startUrl(query));
  expect(res.status).toBe(302);
  const location = res.headers.get('location')!;
  expect(location.startsWith(`${provider.issuer}/`)).toBe(true);
  return location;
}

/** The whole round trip as `subject`: the callback's answer. */
async function signInAs(subject: string, options: { browser?: OidcTestBrowser; query?: Record<string, string> } = {}) {
  const browser = options.browser ?? new OidcTestBrowser();
  const callbackUrl = await browser.authorizeAtProvider(await start(browser, options.query), subject);
  const res = await browser.get(callbackUrl);
  return { browser, res, callbackUrl, body: res.status === 302 ? '' : await res.text() };
}

async function me(browser: OidcTestBrowser) {
  const res = await browser.get(`${app.baseUrl}/api/auth/me`);
  return { status: res.status, body: (await res.json()) as { id: string; email: string; name: string; roles: string[] } };
}

async function userCount(): Promise<number> {
  return (await db().query(`SELECT count(*)::int AS n FROM users`))[0].n;
}

/** An error page: HTML, its code, and no session. */
function expectErrorPage(result: { res: Response; body: string; browser: OidcTestBrowser }, status: number, code: string, text: RegExp) {
  expect(result.res.status).toBe(status);
  expect(result.res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(result.body).toContain(`data-error-code="${code}"`);
  expect(result.body).toMatch(text);
  expect(result.body).toContain('href="/app/login"');
  expect(result.res.headers.getSetCookie().some((c) => c.startsWith('kh_session='))).toBe(false);
  expect(sessionOf(result.browser)).toBeUndefined();
}

describe('OIDC sign-in: the provider and the login page', () => {
  it('GET /api/auth/providers names the configured provider for the login button', async () => {
    const res = await fetch(`${app.baseUrl}/api/auth/providers`);
    expect(await res.json()).toEqual({ oidc: { label: 'ORCID' } });
  });

  it('start sends the browser to the provider with PKCE, state and nonce, and sets an HttpOnly flow cookie', async () => {
    const browser = new OidcTestBrowser();
    const res = await browser.get(startUrl({ next: '/app/g/vaccines' }));
    expect(res.status).toBe(302);
    const url = new URL(res.headers.get('location')!);
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('client_id')).toBe(OIDC_TEST_CLIENT_ID);
    expect(url.searchParams.get('redirect_uri')).toBe(`${app.baseUrl}/api/auth/oidc/callback`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(url.searchParams.get('scope')?.split(' ')).toContain('openid');
    const flowCookie = res.headers.getSetCookie().find((c) => c.startsWith('kh_oidc_flow='))!;
    expect(flowCookie).toMatch(/HttpOnly/i);
    expect(flowCookie).toMatch(/SameSite=Lax/i);
    expect(flowCookie).toMatch(/Path=\/api\/auth\/oidc/i);
  });
});

describe('OIDC sign-in: accounts', () => {
  it('a first sign-in creates an account without password or email (ORCID), signed in, back at `next`', async () => {
    const before = await userCount();
    const { res, browser } = await signInAs('orcid-0000-0002-1825-0097', { query: { next: '/app/g/vaccines' } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/app/g/vaccines');
    const session = res.headers.getSetCookie().find((c) => c.startsWith('kh_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    const { status, body } = await me(browser);
    expect(status).toBe(200);
    expect(body.name).toBe('Josiah Carberry');
    expect(body.email).toBe(`orcid-0000-0002-1825-0097@127.0.0.1.invalid`);
    expect(await userCount()).toBe(before + 1);
    const [row] = await db().query(
      `SELECT u.password_hash, i.issuer FROM oidc_identities i JOIN users u ON u.id = i.user_id WHERE i.subject = 'orcid-0000-0002-1825-0097'`,
    );
    expect(row).toEqual({ password_hash: null, issuer: provider.issuer });
    const audit = await db().query(
      `SELECT a.action, a.actor_id = u.id AS "bySelf", a.details->>'issuer' AS issuer FROM people_audit a JOIN users u ON u.id = a.subject_user_id WHERE u.id = $1`,
      [body.id],
    );
    expect(audit).toEqual([{ action: 'oidc_account_created', bySelf: true, issuer: provider.issuer }]);
  });

  it('a second sign-in of the same identity is the same account, with a new session', async () => {
    const first = await me((await signInAs('orcid-0000-0002-1825-0097')).browser);
    const before = await userCount();
    const second = await signInAs('orcid-0000-0002-1825-0097');
    expect(second.res.status).toBe(302);
    expect((await me(second.browser)).body.id).toBe(first.body.id);
    expect(await userCount()).toBe(before);
  });

  it('an account without a password refuses password sign-in and password change cleanly', async () => {
    const { browser } = await signInAs('orcid-0000-0002-1825-0097');
    const { body: user } = await me(browser);
    const login = await fetch(`${app.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: 'anything-at-all' }),
    });
    expect(login.status).toBe(401);
    expect(((await login.json()) as { code: string }).code).toBe('invalid_credentials');
    const client = new ApiClient(app, { token: sessionOf(browser)! });
    const change = await client.request('POST', '/api/me/password', { current: 'anything', next: 'a-new-long-password' });
    expect(change.status).toBe(409);
    expect(change.body.code).toBe('password_not_set');
  });

  it("takes the provider's email when it is verified, and not when it is not", async () => {
    const ada = await signInAs('ada-at-idp');
    expect((await me(ada.browser)).body).toMatchObject({ email: 'ada@example.org', name: 'Ada Lovelace' });
    const una = await signInAs('unverified-at-idp');
    expect((await me(una.browser)).body.email).toBe('unverified-at-idp@127.0.0.1.invalid');
  });

  it('never links to an existing account by email: a verified email that is taken is refused, nothing is created', async () => {
    const before = await userCount();
    const result = await signInAs('claims-alice-email');
    expectErrorPage(result, 409, 'email_taken', /alice@demo\.hub exists already/);
    expect(await userCount()).toBe(before);
    expect(await db().query(`SELECT 1 FROM oidc_identities WHERE subject = 'claims-alice-email'`)).toEqual([]);
  });

  it('a signed-in user who starts the flow links the identity to their account; it then signs them in', async () => {
    const bob = await app.as('bob@demo.hub');
    const browser = new OidcTestBrowser();
    browser.setCookie(app.baseUrl, 'kh_session', bob.token);
    const subject = `bob-at-idp-${++subjects}`;
    const linked = await signInAs(subject, { browser, query: { next: '/app/account' } });
    expect(linked.res.status).toBe(302);
    expect(linked.res.headers.get('location')).toBe('/app/account');
    expect(linked.res.headers.getSetCookie().some((c) => c.startsWith('kh_session='))).toBe(false); // keeps the session it has
    const later = await signInAs(subject);
    expect((await me(later.browser)).body.email).toBe('bob@demo.hub');
    const linkedEvents = await db().query(`SELECT count(*)::int AS n FROM people_audit WHERE action = 'oidc_identity_linked' AND subject_user_id = $1`, [
      bob.account?.id,
    ]);
    expect(linkedEvents[0].n).toBeGreaterThanOrEqual(1);
  });

  it('an identity linked to one account cannot be linked to another', async () => {
    const subject = `taken-at-idp-${++subjects}`;
    await signInAs(subject); // creates its own account
    const carol = await app.as('carol@demo.hub');
    const browser = new OidcTestBrowser();
    browser.setCookie(app.baseUrl, 'kh_session', carol.token);
    const result = await signInAs(subject, { browser });
    expect(result.res.status).toBe(409);
    expect(result.body).toContain('data-error-code="oidc_identity_taken"');
  });

  it('a disabled account is not signed in', async () => {
    const subject = `disabled-at-idp-${++subjects}`;
    const { browser } = await signInAs(subject);
    const { body: user } = await me(browser);
    await db().query(`UPDATE users SET disabled = true WHERE id = $1`, [user.id]);
    const again = await signInAs(subject);
    expect(again.res.status).toBe(403);
    expect(again.body).toContain('This account is disabled');
    expect(sessionOf(again.browser)).toBeUndefined();
  });
});

describe('OIDC sign-in: invitations carried through the flow', () => {
  async function invitation(body: Record<string, unknown> = { groups: [{ slug: 'vaccines', role: 'contributor' }] }) {
    const mod = await app.as('mod@demo.hub');
    const res = await mod.expect(201, 'POST', '/api/invitations', body);
    return { id: res.body.id as string, token: (res.body.url as string).split('/').pop()! };
  }

  it('a first sign-in with an invitation creates the account in its groups', async () => {
    const { token } = await invitation();
    const { res, browser } = await signInAs(`invited-${++subjects}`, { query: { next: '/app/g/vaccines', invitation: token } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/app/g/vaccines');
    expect((await me(browser)).body.roles).toContain('contributor:vaccines');
  });

  it('a refused invitation leaves the user signed in, on a page that says why', async () => {
    const { id, token } = await invitation();
    const mod = await app.as('mod@demo.hub');
    await mod.expect(204, 'DELETE', `/api/invitations/${id}`);
    const result = await signInAs(`invited-${++subjects}`, { query: { invitation: token } });
    expect(result.res.status).toBe(410);
    expect(result.body).toContain('data-error-code="invitation_used_up"');
    expect(result.body).toContain('You are signed in, but the invitation could not be accepted');
    const { status, body } = await me(result.browser);
    expect(status).toBe(200);
    expect(body.roles).toEqual([]);
  });

  it('an invitation for an email is refused for an account without that email', async () => {
    const { token } = await invitation({ groups: [{ slug: 'vaccines', role: 'contributor' }], email: 'someone@else.org' });
    const result = await signInAs(`invited-${++subjects}`, { query: { invitation: token } });
    expect(result.res.status).toBe(409);
    expect(result.body).toContain('data-error-code="email_mismatch"');
  });
});

describe('OIDC sign-in: next is a path on this site only', () => {
  it.each(['//evil.com', 'https://evil.com', '/\\evil.com', 'javascript:alert(1)', '/api/auth/logout'])('%s → /app/', async (next) => {
    const { res } = await signInAs('ada-at-idp', { query: { next } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/app/');
  });
});

describe('OIDC sign-in: refused answers show an error page and sign nobody in', () => {
  it('a wrong state', async () => {
    const browser = new OidcTestBrowser();
    const callbackUrl = new URL(await browser.authorizeAtProvider(await start(browser), 'ada-at-idp'));
    callbackUrl.searchParams.set('state', 'not-the-state-this-browser-sent');
    const res = await browser.get(callbackUrl.href);
    expectErrorPage({ res, body: await res.text(), browser }, 400, 'oidc_sign_in_failed', /state mismatch/);
  });

  it("a code and state from another browser's flow (the flow cookie is missing)", async () => {
    const { callbackUrl } = await (async () => {
      const browser = new OidcTestBrowser();
      return { callbackUrl: await browser.authorizeAtProvider(await start(browser), 'ada-at-idp') };
    })();
    const victim = new OidcTestBrowser();
    const res = await victim.get(callbackUrl);
    expectErrorPage({ res, body: await res.text(), browser: victim }, 400, 'oidc_sign_in_failed', /no sign-in in progress/);
  });

  it('the same callback twice: the flow is used once', async () => {
    const browser = new OidcTestBrowser();
    const flowStart = await browser.get(startUrl());
    const flowCookie = browser.cookie(app.baseUrl, 'kh_oidc_flow')!;
    const callbackUrl = await browser.authorizeAtProvider(flowStart.headers.get('location')!, 'ada-at-idp');
    expect((await browser.get(callbackUrl)).status).toBe(302);
    const replay = new OidcTestBrowser();
    replay.setCookie(app.baseUrl, 'kh_oidc_flow', flowCookie); // as if the cookie had been kept
    const res = await replay.get(callbackUrl);
    expectErrorPage({ res, body: await res.text(), browser: replay }, 400, 'oidc_sign_in_failed', /no sign-in in progress/);
  });

  it('a code that was redeemed already (replayed): the provider refuses it, so do we', async () => {
    const browser = new OidcTestBrowser();
    const authorizationUrl = await start(browser);
    const callbackUrl = new URL(await browser.authorizeAtProvider(authorizationUrl, 'ada-at-idp'));
    // Someone who saw the callback URL redeems its code first (with the PKCE verifier, to be sure the code is what is refused).
    const flowId = browser.cookie(app.baseUrl, 'kh_oidc_flow')!;
    const [flow] = await db().query(`SELECT code_verifier FROM oidc_flows WHERE id_hash = $1`, [createHash('sha256').update(flowId).digest('hex')]);
    const stolen = await fetch(`${provider.issuer}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${provider.clientId}:${provider.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: callbackUrl.searchParams.get('code')!,
        redirect_uri: `${app.baseUrl}/api/auth/oidc/callback`,
        code_verifier: flow.code_verifier,
      }),
    });
    expect(stolen.status).toBe(200);
    const res = await browser.get(callbackUrl.href);
    expectErrorPage({ res, body: await res.text(), browser }, 400, 'oidc_sign_in_failed', /sign-in code \(it was used already or has expired\)/);
  });

  it('an expired ID token', async () => {
    await provider.setClockSkew(-600); // the provider's tokens are ten minutes old when they arrive; they live a minute
    try {
      const result = await signInAs('ada-at-idp');
      expectErrorPage(result, 400, 'oidc_sign_in_failed', /ID token has expired/);
    } finally {
      await provider.setClockSkew(0);
    }
  });

  it('the provider answers with an error (the person cancelled)', async () => {
    const browser = new OidcTestBrowser();
    const callbackUrl = await browser.authorizeAtProvider(await start(browser), 'ada-at-idp', { abort: true });
    expect(new URL(callbackUrl).searchParams.get('error')).toBe('access_denied');
    const res = await browser.get(callbackUrl);
    expectErrorPage({ res, body: await res.text(), browser }, 400, 'oidc_sign_in_failed', /access_denied/);
  });

  it('the error page carries the security headers of every answer and is escaped', async () => {
    const browser = new OidcTestBrowser();
    await start(browser);
    const res = await browser.get(`${app.baseUrl}/api/auth/oidc/callback?state=<script>alert(1)</script>&code=x`);
    const body = await res.text();
    expect(res.status).toBe(400);
    expect(body).not.toContain('<script>');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('OIDC sign-in: not configured', () => {
  let plain: TestApp;
  beforeAll(async () => {
    plain = await startTestApp();
  }, 60_000);
  afterAll(async () => {
    await plain?.close();
  });

  it('the login page learns there is no provider, and the flow routes answer 404 oidc_not_configured', async () => {
    expect(await (await fetch(`${plain.baseUrl}/api/auth/providers`)).json()).toEqual({ oidc: null });
    for (const route of ['/api/auth/oidc/start?next=/app/', '/api/auth/oidc/callback?code=x&state=y']) {
      const res = await fetch(`${plain.baseUrl}${route}`, { redirect: 'manual' });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { code: string }).code).toBe('oidc_not_configured');
    }
  });
});
