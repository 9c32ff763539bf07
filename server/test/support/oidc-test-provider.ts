import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';

/**
 * A real OpenID provider (oidc-provider, in a child process: it is ESM-only)
 * on a loopback port, with one confidential client and in-memory accounts,
 * plus a small cookie-keeping browser that drives its login and consent
 * pages the way a person would.
 */
export interface OidcTestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** OIDC_* variables for startTestApp. */
  env: Record<string, string>;
  /** Registers the client's redirect URI (known once the app listens). */
  register(redirectUri: string): Promise<void>;
  /** Runs the provider's clock `seconds` off (negative: in the past); 0 puts it back. */
  setClockSkew(seconds: number): Promise<void>;
  close(): Promise<void>;
}

export const OIDC_TEST_CLIENT_ID = 'knowledge-hub-test';
const OIDC_TEST_CLIENT_SECRET = 'a-test-client-secret-of-some-length';

/** `accounts`: account id (the `sub`) → the claims the provider gives for it (name, email, email_verified, …). */
export async function startOidcTestProvider(accounts: Record<string, Record<string, unknown>> = {}, label = 'ORCID'): Promise<OidcTestProvider> {
  const child = spawn(process.execPath, [path.join(__dirname, 'oidc-provider-process.mjs')], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      OIDC_TEST_CLIENT_ID,
      OIDC_TEST_CLIENT_SECRET,
      OIDC_TEST_ACCOUNTS: JSON.stringify(accounts),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const messages = lines(child);
  const listening = await messages.next('listening', () => stderr);
  const issuer = `http://127.0.0.1:${listening.port as number}`;
  return {
    issuer,
    clientId: OIDC_TEST_CLIENT_ID,
    clientSecret: OIDC_TEST_CLIENT_SECRET,
    env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: OIDC_TEST_CLIENT_ID, OIDC_CLIENT_SECRET: OIDC_TEST_CLIENT_SECRET, OIDC_LABEL: label },
    async register(redirectUri) {
      child.stdin.write(`${JSON.stringify({ type: 'configure', redirectUri })}\n`);
      await messages.next('configured', () => stderr);
    },
    async setClockSkew(seconds) {
      child.stdin.write(`${JSON.stringify({ type: 'skew', seconds })}\n`);
      await messages.next('skewed', () => stderr);
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      child.kill();
      await exited;
    },
  };
}

/** The child's stdout as a queue of JSON messages, awaited by type. */
function lines(child: ChildProcessWithoutNullStreams) {
  const queue: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let exited = false;
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      queue.push(JSON.parse(line));
    } catch {
      return; // the provider's own logging
    }
    for (const w of waiters.splice(0)) w();
  });
  child.once('exit', () => {
    exited = true;
    for (const w of waiters.splice(0)) w();
  });
  return {
    async next(type: string, diagnostics: () => string): Promise<Record<string, unknown>> {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const i = queue.findIndex((m) => m.type === type);
        if (i >= 0) return queue.splice(i, 1)[0];
        if (exited || Date.now() > deadline) throw new Error(`the test OpenID provider sent no "${type}":\n${diagnostics()}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 500);
        });
      }
    },
  };
}

/**
 * A browser without a window: keeps cookies per host (as browsers do, across
 * ports), never follows redirects by itself, and can sign in at the test
 * provider's development login and consent pages.
 */
export class OidcTestBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).hostname)?.get(name);
  }

  setCookie(url: string, name: string, value: string): void {
    const host = new URL(url).hostname;
    if (!this.jar.has(host)) this.jar.set(host, new Map());
    this.jar.get(host)!.set(name, value);
  }

  async get(url: string): Promise<Response> {
    return this.request(url, { method: 'GET' });
  }

  async post(url: string, form: Record<string, string>): Promise<Response> {
    return this.request(url, {
      method: 'POST',
      body: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(url).origin },
    });
  }

  /**
   * From the provider's authorization URL to the callback URL it sends the
   * browser back to (not visited): signs in as `accountId` and consents, or
   * aborts at the first page (`abort`), which the provider answers with ?error=access_denied.
   */
  async authorizeAtProvider(authorizationUrl: string, accountId: string, options: { abort?: boolean } = {}): Promise<string> {
    const redirectUri = new URL(authorizationUrl).searchParams.get('redirect_uri')!;
    let url = authorizationUrl;
    for (let step = 0; step < 12; step++) {
      if (url.startsWith(`${redirectUri}?`)) return url;
      const res = await this.get(url);
      if (res.status >= 300 && res.status < 400) {
        url = new URL(res.headers.get('location')!, url).href;
        continue;
      }
      const html = await res.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      if (res.status !== 200 || !action || !prompt) throw new Error(`unexpected page at ${url} (${res.status}): ${html.slice(0, 500)}`);
      const submit = new URL(action, url).href;
      if (options.abort) {
        url = new URL(`${new URL(submit).pathname}/abort`, url).href;
        continue;
      }
      const posted = await this.post(submit, prompt === 'login' ? { prompt, login: accountId, password: 'any' } : { prompt });
      if (posted.status < 300 || posted.status >= 400) throw new Error(`the provider's ${prompt} page answered ${posted.status}`);
      url = new URL(posted.headers.get('location')!, url).href;
    }
    throw new Error('the provider never redirected back');
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    const host = new URL(url).hostname;
    const cookies = [...(this.jar.get(host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
    const headers = new Headers(init.headers);
    if (cookies) headers.set('cookie', cookies);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) this.store(host, line);
    return res;
  }

  /**
   * Keeps a Set-Cookie. Expiry dates are ignored except the epoch that means
   * "delete" (the provider's clock may be skewed on purpose), as is Path.
   */
  private store(host: string, line: string): void {
    const [pair, ...attributes] = line.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const deleted =
      value === '' || attributes.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && new Date(a.slice(8)).getTime() < Date.UTC(2000, 0, 1)));
    if (!this.jar.has(host)) this.jar.set(host, new Map());
    if (deleted) this.jar.get(host)!.delete(name);
    else this.jar.get(host)!.set(name, value);
  }
}
