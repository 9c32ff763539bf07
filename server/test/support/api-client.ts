import * as Y from 'yjs';
import { DOC_BODY, type EntryDto, type LoginResponse } from '@knowledge-hub/shared';
import { TEST_PASSWORD } from './constants';
import { RawCollabClient } from './raw-client';

/**
 * The one way tests and benchmarks talk to a running server over HTTP: sign
 * in, call the REST API, create entries, edit them over collab, submit and
 * decide revisions. Works against an in-process TestApp and a child-process
 * ServerProcess alike (both have a baseUrl and a wsUrl).
 */

export interface Endpoint {
  baseUrl: string;
  wsUrl: string;
}

/** A signed-in account: its bearer token and the session cookie (name=value, as a browser sends it back). */
export interface Account {
  id: string;
  email: string;
  token: string;
  cookie: string;
}

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the JSON of any route, read by tests that know its shape
  body: any;
  headers: Headers;
}

export type Decision = 'approve' | 'request-changes' | 'reject';

/**
 * POST /api/auth/login with exactly this body and these headers, and the raw
 * answer: for tests of the login route itself (wrong passwords, throttling,
 * CSRF). Everything else signs in with `signIn`.
 */
export function attemptSignIn(baseUrl: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Signs an account in (the demo accounts share TEST_PASSWORD); throws with the server's answer if that fails. */
export async function signIn(baseUrl: string, email: string, password = TEST_PASSWORD): Promise<Account> {
  const res = await attemptSignIn(baseUrl, { email, password });
  if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as LoginResponse;
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('kh_session='));
  if (!cookie) throw new Error(`sign-in of ${email} set no kh_session cookie`);
  return { id: body.user.id, email: body.user.email, token: body.token, cookie };
}

/** What a call needs of an account: its bearer token (a signed-in Account has the rest too). */
export type Credentials = Pick<Account, 'token'> & Partial<Account>;

/** REST and collab calls as one account (or anonymously, with `account` null). */
export class ApiClient {
  constructor(
    readonly server: Endpoint,
    readonly account: Credentials | null,
  ) {}

  static async signIn(server: Endpoint, email: string, password = TEST_PASSWORD): Promise<ApiClient> {
    return new ApiClient(server, await signIn(server.baseUrl, email, password));
  }

  get token(): string {
    if (!this.account) throw new Error('an anonymous client has no token');
    return this.account.token;
  }

  /** Any route; the body is sent as JSON, the answer parsed as JSON when it is JSON. Never throws on a status. */
  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(`${this.server.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.account ? { authorization: `Bearer ${this.account.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = (res.headers.get('content-type') ?? '').includes('json') && text.length > 0;
    return { status: res.status, body: json ? JSON.parse(text) : text || null, headers: res.headers };
  }

  /** Like request, but any status other than `expected` throws with the answer (setup steps, not the thing under test). */
  async expect(expected: number, method: string, path: string, body?: unknown): Promise<Answer> {
    const res = await this.request(method, path, body);
    if (res.status !== expected)
      throw new Error(`${method} ${path} as ${this.account ? (this.account.email ?? 'a token') : 'anonymous'}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  }

  /** A new entry in the group; its id. */
  async createEntry(title: string, group = 'vaccines'): Promise<string> {
    return (await this.addEntry(title, group)).id;
  }

  /** A new entry in the group, as the API describes it (id, slug, …). */
  async addEntry(title: string, group = 'vaccines'): Promise<EntryDto> {
    return (await this.expect(201, 'POST', `/api/groups/${group}/entries`, { title })).body;
  }

  /** A collab connection to the entry as this account (with acks when asked). Close it when done. */
  collab(entryId: string, opts: { ack?: boolean; doc?: Y.Doc } = {}): RawCollabClient {
    return new RawCollabClient(this.server.wsUrl, entryId, { ...opts, token: this.account?.token });
  }

  /** Edits the entry over collab and resolves once the server acknowledged (durably logged) the edit. */
  async edit(entryId: string, change: (doc: Y.Doc) => void): Promise<void> {
    const client = this.collab(entryId, { ack: true });
    try {
      await client.synced();
      client.doc.transact(() => change(client.doc));
      await client.allAcked();
    } finally {
      client.close();
    }
  }

  /** Replaces the body with paragraphs of plain text. */
  setBody(entryId: string, texts: string[]): Promise<void> {
    return this.edit(entryId, (doc) => {
      const body = doc.getXmlFragment(DOC_BODY);
      if (body.length > 0) body.delete(0, body.length);
      body.insert(0, texts.map(paragraph));
    });
  }

  /** Submits the entry for review; the frozen revision. */
  async submit(entryId: string): Promise<{ id: string; number: number; contributors: { name: string }[] }> {
    return (await this.expect(201, 'POST', `/api/entries/${entryId}/revisions`)).body;
  }

  /** A moderator's decision on a revision, with the answer as it came (a refusal is a result here). */
  decide(revisionId: string, decision: Decision, body: Record<string, unknown> = decision === 'approve' ? {} : { note: 'Please revise.' }): Promise<Answer> {
    return this.request('POST', `/api/revisions/${revisionId}/${decision}`, body);
  }
}

/** A paragraph of plain text, as the editor writes it. */
export function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  t.insert(0, text);
  p.insert(0, [t]);
  return p;
}

/** Adds an empty paragraph to the body and returns its text, to type into. */
export function appendParagraph(doc: Y.Doc): Y.XmlText {
  const text = new Y.XmlText();
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [text]);
  doc.getXmlFragment(DOC_BODY).insert(doc.getXmlFragment(DOC_BODY).length, [p]);
  return text;
}
