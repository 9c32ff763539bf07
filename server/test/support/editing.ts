import * as Y from 'yjs';
import { DOC_BODY } from '@knowledge-hub/shared';
import { RawCollabClient } from './raw-client';
import { startTestApp, type TestApp } from './test-app';

/** REST calls and collab edits as the demo users, for moderation tests. */

export const DEMO_USERS = ['alice', 'bob', 'carol', 'mod', 'admin'] as const;
export type DemoUser = (typeof DEMO_USERS)[number];

export interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export class DemoApi {
  private readonly tokens = new Map<DemoUser, string>();

  constructor(readonly app: TestApp) {}

  async signInAll(): Promise<void> {
    for (const who of DEMO_USERS) this.tokens.set(who, await this.app.login(`${who}@demo.hub`));
  }

  token(who: DemoUser): string {
    const token = this.tokens.get(who);
    if (!token) throw new Error(`${who} is not signed in`);
    return token;
  }

  async call(who: DemoUser | null, method: string, path: string, body?: unknown): Promise<Answer> {
    const res = await fetch(`${this.app.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${this.token(who)}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  async newEntry(title: string, group = 'vaccines'): Promise<string> {
    const res = await this.call('alice', 'POST', `/api/groups/${group}/entries`, { title });
    if (res.status !== 201) throw new Error(`creating ${title}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }

  /** Edits the entry over collab as `who` and resolves once the server acknowledged (durably logged) the edit. */
  async edit(who: DemoUser, entryId: string, change: (doc: Y.Doc) => void): Promise<void> {
    const client = new RawCollabClient(this.app.wsUrl, entryId, { token: this.token(who), ack: true });
    try {
      await client.synced();
      client.doc.transact(() => change(client.doc));
      await client.allAcked();
    } finally {
      client.close();
    }
  }

  /** Replaces the body with paragraphs of plain text. */
  setBody(who: DemoUser, entryId: string, paragraphs: string[]): Promise<void> {
    return this.edit(who, entryId, (doc) => {
      const body = doc.getXmlFragment(DOC_BODY);
      if (body.length > 0) body.delete(0, body.length);
      body.insert(0, paragraphs.map(paragraph));
    });
  }

  async submit(who: DemoUser, entryId: string): Promise<{ id: string; number: number; contributors: { name: string }[] }> {
    const res = await this.call(who, 'POST', `/api/entries/${entryId}/revisions`);
    if (res.status !== 201) throw new Error(`submitting ${entryId}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
}

export function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  t.insert(0, text);
  p.insert(0, [t]);
  return p;
}

export const names = (refs: { name: string }[]): string[] => refs.map((r) => r.name).sort();

/**
 * For a test file: a private app with every demo user signed in, started
 * before its tests and closed after them. `ready` receives both.
 */
export function withDemoApp(ready: (app: TestApp, api: DemoApi) => void): void {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await startTestApp();
    const api = new DemoApi(app);
    await api.signInAll();
    ready(app, api);
  });
  afterAll(async () => {
    await app?.close();
  });
}
