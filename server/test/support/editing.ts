import type * as Y from 'yjs';
import { ApiClient, paragraph, type Answer, type Decision } from './api-client';
import { startTestApp, type TestApp } from './test-app';

/** REST calls and collab edits as the demo users, for moderation tests. */

export const DEMO_USERS = ['alice', 'bob', 'carol', 'mod', 'admin'] as const;
export type DemoUser = (typeof DEMO_USERS)[number];

export type { Answer } from './api-client';

/** Every demo account signed in once, and calls as any of them by name. */
export class DemoApi {
  private readonly clients = new Map<DemoUser, ApiClient>();

  constructor(readonly app: TestApp) {}

  async signInAll(): Promise<void> {
    for (const who of DEMO_USERS) this.clients.set(who, await ApiClient.signIn(this.app, `${who}@demo.hub`));
  }

  /** The API client acting as `who` (anonymous for null). */
  as(who: DemoUser | null): ApiClient {
    if (who === null) return new ApiClient(this.app, null);
    const client = this.clients.get(who);
    if (!client) throw new Error(`${who} is not signed in`);
    return client;
  }

  token(who: DemoUser): string {
    return this.as(who).token;
  }

  call(who: DemoUser | null, method: string, path: string, body?: unknown): Promise<Answer> {
    return this.as(who).request(method, path, body);
  }

  newEntry(title: string, group = 'vaccines'): Promise<string> {
    return this.as('alice').createEntry(title, group);
  }

  /** Edits the entry over collab as `who` and resolves once the server acknowledged (durably logged) the edit. */
  edit(who: DemoUser, entryId: string, change: (doc: Y.Doc) => void): Promise<void> {
    return this.as(who).edit(entryId, change);
  }

  /** Replaces the body with paragraphs of plain text. */
  setBody(who: DemoUser, entryId: string, paragraphs: string[]): Promise<void> {
    return this.as(who).setBody(entryId, paragraphs);
  }

  submit(who: DemoUser, entryId: string): ReturnType<ApiClient['submit']> {
    return this.as(who).submit(entryId);
  }

  decide(who: DemoUser, revisionId: string, decision: Decision, body?: Record<string, unknown>): Promise<Answer> {
    return this.as(who).decide(revisionId, decision, body);
  }
}

export { paragraph };

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
