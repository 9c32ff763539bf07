import * as fs from 'node:fs';
import * as path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { REALTIME_PATH, type ClientToServerEvents, type PresenceRoster, type ServerToClientEvents } from '@knowledge-hub/shared';
import { startTestApp, waitFor, type TestApp } from '../support/test-app';
import { attemptSignIn } from '../support/api-client';

/**
 * Finding 15: what was visible to people who should not see it — /metrics to
 * anyone, a group's presence roster to non-members, private API answers to
 * browser and proxy caches, session tokens in the load balancer's access log.
 */
const METRICS_TOKEN = 'metrics-token-for-the-test-0123456789';

let app: TestApp;
let tokens: Record<'admin' | 'alice' | 'carol', string>;

beforeAll(async () => {
  app = await startTestApp();
  const [admin, alice, carol] = await Promise.all(['admin', 'alice', 'carol'].map((who) => app.login(`${who}@demo.hub`)));
  tokens = { admin, alice, carol };
});

afterAll(async () => {
  await app?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });

describe('finding 15: /metrics', () => {
  it('finding 15: without METRICS_TOKEN, /metrics answers only a scraper on this machine: 404 to a request relayed by a proxy', async () => {
    const local = await get(`${app.baseUrl}/metrics`);
    expect(local.status).toBe(200);
    expect(await local.text()).toContain('kh_collab_connections');
    // What nginx (or any reverse proxy on this host) forwards: loopback peer, but a visitor behind it.
    const relayedHeaders: Record<string, string>[] = [{ 'x-forwarded-for': '203.0.113.9' }, { forwarded: 'for=203.0.113.9' }, { 'x-real-ip': '203.0.113.9' }];
    for (const relayed of relayedHeaders) {
      const res = await get(`${app.baseUrl}/metrics`, relayed);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('kh_collab');
    }
  });

  it('finding 15: with METRICS_TOKEN, /metrics needs it as a bearer token, from anywhere (401 without it)', async () => {
    const withToken = await startTestApp({ METRICS_TOKEN });
    try {
      expect((await get(`${withToken.baseUrl}/metrics`)).status).toBe(401);
      expect((await get(`${withToken.baseUrl}/metrics`, { authorization: `Bearer ${METRICS_TOKEN}x` })).status).toBe(401);
      // A session token is not a metrics token.
      expect((await get(`${withToken.baseUrl}/metrics`, { authorization: `Bearer ${await withToken.login('admin@demo.hub')}` })).status).toBe(401);
      const ok = await get(`${withToken.baseUrl}/metrics`, { authorization: `Bearer ${METRICS_TOKEN}`, 'x-forwarded-for': '203.0.113.9' });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('kh_collab_connections');
    } finally {
      await withToken.close();
    }
  });
});

describe('finding 15: presence rosters', () => {
  type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
  const sockets: ClientSocket[] = [];
  afterAll(() => {
    for (const s of sockets) s.disconnect();
  });

  async function connect(token: string): Promise<{ socket: ClientSocket; rosters: PresenceRoster[] }> {
    const socket: ClientSocket = io(app.baseUrl, { path: REALTIME_PATH, transports: ['websocket'], reconnection: false, auth: { token } });
    sockets.push(socket);
    const rosters: PresenceRoster[] = [];
    socket.on('presence:roster', (r) => rosters.push(r));
    await waitFor(() => socket.connected, 'the socket to connect');
    return { socket, rosters };
  }

  it("finding 15: a signed-in non-member may not watch a group's roster (forbidden) and receives none; members and admins may", async () => {
    const carol = await connect(tokens.carol);
    const refused = await carol.socket.timeout(5_000).emitWithAck('presence:watch', { groupSlug: 'vaccines' });
    expect(refused).toMatchObject({ ok: false, code: 'forbidden' });

    const alice = await connect(tokens.alice);
    expect(await alice.socket.timeout(5_000).emitWithAck('presence:watch', { groupSlug: 'vaccines' })).toEqual({ ok: true });
    await waitFor(() => alice.rosters.some((r) => r.groupSlug === 'vaccines' && r.members.some((m) => m.name === 'Alice Chen')), 'alice to see herself');

    const admin = await connect(tokens.admin);
    expect(await admin.socket.timeout(5_000).emitWithAck('presence:watch', { groupSlug: 'vaccines' })).toEqual({ ok: true });
    await waitFor(() => admin.rosters.some((r) => r.groupSlug === 'vaccines' && r.members.some((m) => m.name === 'Alice Chen')), 'the admin to see alice');
    // Both rosters were sent to the room after carol's refusal: she is not in it.
    expect(carol.rosters).toEqual([]);
  });
});

describe('finding 15: caching of API answers', () => {
  it('finding 15: every private /api answer carries Cache-Control: no-store (successes and errors alike)', async () => {
    const bearer = { authorization: `Bearer ${tokens.alice}` };
    const answers = await Promise.all([
      get(`${app.baseUrl}/api/auth/me`, bearer),
      get(`${app.baseUrl}/api/groups`, bearer),
      get(`${app.baseUrl}/api/groups/vaccines`, bearer),
      get(`${app.baseUrl}/api/groups/vaccines/entries`, bearer),
      get(`${app.baseUrl}/api/review/queue`, bearer),
      get(`${app.baseUrl}/api/auth/me`),
      get(`${app.baseUrl}/api/no-such-route`),
      attemptSignIn(app.baseUrl, { email: 'alice@demo.hub', password: 'wrong-password' }),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 403, 401, 404, 401]);
    for (const res of answers) expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('finding 15: the public JSON API (published content, the same for everyone) stays publicly cacheable', async () => {
    const res = await get(`${app.baseUrl}/api/public/groups`);
    expect(res.status).toBe(200);
    // Shared caches may keep it; since issue 14 they revalidate with the ETag (no-cache) instead of serving it stale for a minute.
    expect(res.headers.get('cache-control')).toBe('public, no-cache');
    expect(res.headers.get('etag')).toMatch(/^"/);
  });
});

describe("finding 15: the load balancer's access log", () => {
  const conf = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docker', 'nginx.conf'), 'utf8').replace(/#.*$/gm, ''); // comments
  // Variables that carry the query string (?token=…) or a Referer (which can carry it too).
  const LEAKY = /\$(request|request_uri|args|query_string|arg_\w+|http_referer|is_args)\b/;

  it('finding 15: nginx logs requests without their query string (no ?token= in any access log)', () => {
    const formats = new Map(Array.from(conf.matchAll(/log_format\s+(\w+)([^;]*);/g), (m) => [m[1], m[2]]));
    const accessLogs = Array.from(conf.matchAll(/access_log\s+([^;]+);/g), (m) => m[1].trim().split(/\s+/));
    // A server-level access_log replaces nginx's default "combined" format (which logs $request with its query string).
    expect(/server\s*\{[^}]*?access_log\s/.test(conf)).toBe(true);
    expect(accessLogs.length).toBeGreaterThan(0);
    for (const [file, format] of accessLogs) {
      if (file === 'off') continue;
      expect(format).toBeDefined();
      expect(formats.has(format)).toBe(true);
      expect(formats.get(format)).not.toMatch(LEAKY);
    }
  });
});
