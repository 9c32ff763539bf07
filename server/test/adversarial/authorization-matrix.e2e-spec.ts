import request from 'supertest';
import { hashPassword } from '../../src/modules/auth/password';
import { makeWebm } from '../reports-support';
import { type OidcTestProvider, startOidcTestProvider } from '../support/oidc-test-provider';
import { createDraftEntry, insertRevision, paragraphs, publishEntry } from '../support/publish';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app';

/**
 * The authorisation matrix: every HTTP route the running server registers ×
 * every kind of caller → the class of answer. The routes are read from the
 * Express router at run time, so a new route without a row below fails the
 * first test: decide who may call it, then add its row.
 *
 * Callers use bearer tokens (CSRF does not apply to them); the last tests
 * show the same requests with the cookie, where it does. Ids are real (a
 * seeded group, entries and revisions made for the purpose), so every
 * request reaches its policy instead of a 404 on a made-up id.
 */

const ROLES = ['anonymous', 'nonMember', 'contributor', 'otherModerator', 'moderator', 'admin'] as const;
type Role = (typeof ROLES)[number];

/** Who the callers are, relative to the group under test (GROUP). */
const ACCOUNTS: Record<Exclude<Role, 'anonymous'>, string> = {
  nonMember: 'carol@demo.hub', // signed in, member of no group
  contributor: 'alice@demo.hub', // contributor of every group
  otherModerator: 'othermod@matrix.test', // moderator of OTHER_GROUP only (made below)
  moderator: 'mod@demo.hub', // moderator of every group
  admin: 'admin@demo.hub',
};
const GROUP = 'vaccines';
const OTHER_GROUP = 'epidemiology';
const SPARE = 'spare@matrix.test'; // added to and removed from GROUP by the membership rows

/**
 * The minimum role of a route, and what each caller gets:
 * pass = the policy lets it through (2xx, or a 4xx about the request's state such as 409 already reviewed);
 * 401 = unauthenticated; 403 = forbidden.
 */
type Outcome = 'pass' | 401 | 403;
const POLICIES = {
  public: { anonymous: 'pass', nonMember: 'pass', contributor: 'pass', otherModerator: 'pass', moderator: 'pass', admin: 'pass' },
  signedIn: { anonymous: 401, nonMember: 'pass', contributor: 'pass', otherModerator: 'pass', moderator: 'pass', admin: 'pass' },
  /** A member of any group (or an admin). */
  anyMember: { anonymous: 401, nonMember: 403, contributor: 'pass', otherModerator: 'pass', moderator: 'pass', admin: 'pass' },
  member: { anonymous: 401, nonMember: 403, contributor: 'pass', otherModerator: 403, moderator: 'pass', admin: 'pass' },
  anyModerator: { anonymous: 401, nonMember: 403, contributor: 403, otherModerator: 'pass', moderator: 'pass', admin: 'pass' },
  moderator: { anonymous: 401, nonMember: 403, contributor: 403, otherModerator: 403, moderator: 'pass', admin: 'pass' },
  admin: { anonymous: 401, nonMember: 403, contributor: 403, otherModerator: 403, moderator: 403, admin: 'pass' },
} satisfies Record<string, Record<Role, Outcome>>;
type Policy = keyof typeof POLICIES;

/** One request of a cell: path (with query), JSON body (or a multipart file), and optionally another token than the role's own. */
interface Call {
  path: string;
  body?: unknown;
  file?: { field: string; bytes: Buffer; name: string };
  /** A raw body of this type, with extra headers (the chunks of a resumable upload). */
  raw?: { type: string; bytes: Buffer; headers?: Record<string, string> };
  token?: string | null;
}

/** A 1×1 PNG, for the upload rows. */
const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let app: TestApp;
const tokens = {} as Record<Role, string | null>;
const ids = {
  entryId: '',
  entrySlug: '',
  publishedRevisionId: '',
  toUnpublishId: '',
};

/** Fresh state for rows whose success changes it, so every allowed caller finds the same situation. */
let publicDatasetSlug: Promise<string> | undefined;
let publicReport: Promise<{ slug: string; mediaUrl: string }> | undefined;
let webm: Buffer | undefined;
const media = () => {
  webm ??= makeWebm(1);
  return webm;
};
const fresh = {
  async pendingRevision(): Promise<string> {
    const { entryId } = await createDraftEntry(app, GROUP, 'Matrix: pending');
    return (await insertRevision(app, entryId, { title: 'Matrix: pending', doc: paragraphs('Under review.') }, 'pending')).id;
  },
  async spareMembership(): Promise<void> {
    await app.running.db.dataSource.query(
      `INSERT INTO group_memberships (group_id, user_id, role)
       SELECT g.id, u.id, 'contributor' FROM knowledge_groups g, users u WHERE g.slug = $1 AND u.email = $2 ON CONFLICT DO NOTHING`,
      [GROUP, SPARE],
    );
  },
  /** A single-use invitation into GROUP, made by the moderator: its id and the token of its link. */
  async invitation(): Promise<{ id: string; token: string }> {
    const res = await send(
      'POST',
      { path: '/api/invitations', body: { groups: [{ slug: GROUP, role: 'contributor' }] } },
      { authorization: `Bearer ${tokens.moderator}` },
    );
    if (res.status !== 201) throw new Error(`creating an invitation: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id, token: String(res.body.url).split('/').pop()! };
  },
  /** A personal API token of the role (anonymous: a made-up id), for the revoke row. */
  async personalTokenId(role: Role): Promise<string> {
    if (role === 'anonymous') return '00000000-0000-4000-8000-000000000000';
    const res = await send(
      'POST',
      { path: '/api/me/tokens', body: { name: 'matrix', scope: 'read', expiresInDays: 1 } },
      { authorization: `Bearer ${tokens[role]}` },
    );
    if (res.status !== 201) throw new Error(`creating a token: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  },
  /** The id of the spare account, which the admin rows enable and hand reset links for. */
  async spareId(): Promise<string> {
    const [row] = await app.running.db.dataSource.query(`SELECT id FROM users WHERE email = $1`, [SPARE]);
    return row.id;
  },
  /** A live reset link's token for the spare account, made by the admin. */
  async resetToken(): Promise<string> {
    const res = await send('POST', { path: `/api/admin/users/${await fresh.spareId()}/reset-link` }, { authorization: `Bearer ${tokens.admin}` });
    if (res.status !== 201) throw new Error(`creating a reset link: ${res.status} ${JSON.stringify(res.body)}`);
    return String(res.body.url).split('/').pop()!;
  },
  /** A pending request to join GROUP by a new account (no sign-in needed: it only asks), for the decision rows. */
  async joinRequest(): Promise<string> {
    const db = app.running.db.dataSource;
    const [user] = await db.query(`INSERT INTO users (email, name, password_hash) VALUES ($1, 'Joiner', 'unused') RETURNING id`, [
      `asker-${++titles}@matrix.test`,
    ]);
    const [row] = await db.query(
      `INSERT INTO join_requests (group_id, user_id, message) SELECT g.id, $2, 'Please' FROM knowledge_groups g WHERE g.slug = $1 RETURNING id`,
      [GROUP, user.id],
    );
    return row.id;
  },
  /** A dataset of GROUP by the contributor, with a pending version (the contributor's upload); their ids and the slug. */
  async datasetVersion(): Promise<{ datasetId: string; slug: string; versionId: string }> {
    const created = await send(
      'POST',
      { path: `/api/groups/${GROUP}/datasets`, body: { title: `Matrix data ${++titles}`, licence: 'CC0-1.0', source: { text: 'matrix' } } },
      { authorization: `Bearer ${tokens.contributor}` },
    );
    if (created.status !== 201) throw new Error(`creating a dataset: ${created.status} ${JSON.stringify(created.body)}`);
    const res = await request(app.baseUrl)
      .post(`/api/datasets/${created.body.id}/versions`)
      .set('authorization', `Bearer ${tokens.contributor}`)
      .attach('file', Buffer.from('country,n\nA,1\n'), 'data.csv');
    if (res.status !== 201) throw new Error(`uploading a dataset version: ${res.status} ${JSON.stringify(res.body)}`);
    return { datasetId: created.body.id, slug: created.body.slug, versionId: res.body.id };
  },
  /** A report of GROUP by the contributor (no media yet): its id and slug. */
  async report(): Promise<{ id: string; slug: string }> {
    const res = await send(
      'POST',
      { path: `/api/groups/${GROUP}/reports`, body: { title: `Matrix report ${++titles}`, kind: 'video' } },
      { authorization: `Bearer ${tokens.contributor}` },
    );
    if (res.status !== 201) throw new Error(`creating a report: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  },
  /** A report with media, pending review (the contributor's upload): its id, slug and media address. */
  async pendingReport(): Promise<{ id: string; slug: string; mediaUrl: string }> {
    const report = await fresh.report();
    const res = await request(app.baseUrl)
      .post(`/api/reports/${report.id}/media`)
      .set('authorization', `Bearer ${tokens.contributor}`)
      .attach('file', media(), 'talk.webm');
    if (res.status !== 201) throw new Error(`uploading report media: ${res.status} ${JSON.stringify(res.body)}`);
    return { ...report, mediaUrl: res.body.url };
  },
  /** An approved report (made once). */
  async publicReport(): Promise<{ slug: string; mediaUrl: string }> {
    publicReport ??= (async () => {
      const report = await fresh.pendingReport();
      const res = await send('POST', { path: `/api/reports/${report.id}/approve`, body: {} }, { authorization: `Bearer ${tokens.moderator}` });
      if (res.status !== 200) throw new Error(`approving a report: ${res.status} ${JSON.stringify(res.body)}`);
      return report;
    })();
    return publicReport;
  },
  /** A resumable upload of the media of a new report, started by the contributor. */
  async upload(): Promise<string> {
    const report = await fresh.report();
    const res = await send(
      'POST',
      { path: `/api/reports/${report.id}/uploads`, body: { bytes: media().length } },
      { authorization: `Bearer ${tokens.contributor}` },
    );
    if (res.status !== 201) throw new Error(`starting an upload: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.uploadId;
  },
  /** A dataset with an approved version 1 (made once). */
  async publicDataset(): Promise<string> {
    publicDatasetSlug ??= (async () => {
      const { slug, versionId } = await fresh.datasetVersion();
      const res = await send('POST', { path: `/api/dataset-versions/${versionId}/approve`, body: {} }, { authorization: `Bearer ${tokens.moderator}` });
      if (res.status !== 200) throw new Error(`approving a dataset version: ${res.status} ${JSON.stringify(res.body)}`);
      return slug;
    })();
    return publicDatasetSlug;
  },
  /** The address of a file uploaded to the entry by the contributor. */
  async fileUrl(): Promise<string> {
    const res = await request(app.baseUrl)
      .post(`/api/entries/${ids.entryId}/files`)
      .set('authorization', `Bearer ${tokens.contributor}`)
      .attach('file', TINY_PNG, 'dot.png');
    if (res.status !== 201) throw new Error(`uploading a file: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.url;
  },
  /** A thread on the entry's draft by the role when it may comment (by the contributor otherwise), for the rows on one's own comment. */
  async comment(role: Role): Promise<string> {
    const author = role === 'contributor' || role === 'moderator' || role === 'admin' ? role : 'contributor';
    const res = await send('POST', { path: `/api/entries/${ids.entryId}/comments`, body: COMMENT }, { authorization: `Bearer ${tokens[author]}` });
    if (res.status !== 201) throw new Error(`commenting: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  },
  /** A new entry of the group (by the contributor), for rows that change an entry's state (archiving). */
  async entry(): Promise<string> {
    const res = await send(
      'POST',
      { path: `/api/groups/${GROUP}/entries`, body: { title: `Matrix spare ${++titles}` } },
      { authorization: `Bearer ${tokens.contributor}` },
    );
    if (res.status !== 201) throw new Error(`creating an entry: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  },
  /** A second session of the role (signing out must not end the one the other rows use). */
  async token(role: Role): Promise<string | null> {
    return role === 'anonymous' ? null : app.login(ACCOUNTS[role]);
  },
};

let titles = 0;
/** A thread's first comment; the anchor's positions are opaque to the server (any base64). */
const COMMENT = { body: 'Matrix comment', anchor: { kind: 'text', start: 'AAA=', end: 'AAA=', quote: 'x' } };

/** One row per route: its minimum role and the request that exercises it. Keep sorted as the table reads best. */
const ROWS: [route: string, policy: Policy, call: (role: Role) => Call | Promise<Call>][] = [
  // Health, metrics (loopback scrape: see exposure.e2e-spec.ts for the rest) and the public site.
  ['GET /healthz', 'public', () => ({ path: '/healthz' })],
  ['GET /metrics', 'public', () => ({ path: '/metrics' })],
  ['GET /', 'public', () => ({ path: '/' })],
  ['GET /g/:slug', 'public', () => ({ path: `/g/${GROUP}` })],
  ['GET /e/:slug', 'public', () => ({ path: `/e/${ids.entrySlug}` })],
  ['GET /search', 'public', () => ({ path: '/search?q=vaccine' })],
  ['GET /feed.xml', 'public', () => ({ path: '/feed.xml' })],
  ['GET /sitemap.xml', 'public', () => ({ path: '/sitemap.xml' })],
  ['GET /robots.txt', 'public', () => ({ path: '/robots.txt' })],
  ['GET /assets/site.css', 'public', () => ({ path: '/assets/site.css' })],
  ['GET /e/:slug/math.css', 'public', () => ({ path: `/e/${ids.entrySlug}/math.css` })],
  ['GET /assets/katex/katex.min.css', 'public', () => ({ path: '/assets/katex/katex.min.css' })],
  ['GET /assets/katex/fonts/:file', 'public', () => ({ path: '/assets/katex/fonts/KaTeX_Main-Regular.woff2' })],
  // References: parsing a pasted record or DOI (members of any group).
  // A chart naming one column twice: 400 once the caller is let through (no dataset needed to reach the policy).
  [
    'GET /api/charts/preview',
    'signedIn',
    () => ({
      path: `/api/charts/preview?datasetId=${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}&version=1&spec=${encodeURIComponent('{"type":"line","x":"a","y":"a"}')}`,
    }),
  ],
  ['POST /api/references/parse', 'anyMember', () => ({ path: '/api/references/parse', body: { input: '@book{a, title={A title}}' } })],
  ['GET /api/public/groups', 'public', () => ({ path: '/api/public/groups' })],
  ['GET /api/public/groups/:slug', 'public', () => ({ path: `/api/public/groups/${GROUP}` })],
  ['GET /api/public/entries/:slug', 'public', () => ({ path: `/api/public/entries/${ids.entrySlug}` })],
  ['GET /api/public/search', 'public', () => ({ path: '/api/public/search?q=vaccine' })],
  // Files: public by their unguessable address (see FilesService).
  ['GET /files/:sha', 'public', async () => ({ path: await fresh.fileUrl() })],

  // Accounts and sessions.
  ['POST /api/auth/login', 'public', () => ({ path: '/api/auth/login', body: { email: 'bob@demo.hub', password: TEST_PASSWORD } })],
  ['POST /api/auth/logout', 'public', async (role) => ({ path: '/api/auth/logout', token: await fresh.token(role) })],
  ['GET /api/auth/me', 'signedIn', () => ({ path: '/api/auth/me' })],
  ['GET /api/auth/session', 'public', () => ({ path: '/api/auth/session' })],

  // One's own account, personal API tokens and reset links (the password row keeps the same password and this session).
  ['GET /api/me', 'signedIn', () => ({ path: '/api/me' })],
  ['PATCH /api/me', 'signedIn', () => ({ path: '/api/me', body: { locale: 'en' } })],
  ['POST /api/me/password', 'signedIn', () => ({ path: '/api/me/password', body: { current: TEST_PASSWORD, next: TEST_PASSWORD } })],
  ['POST /api/me/tokens', 'signedIn', () => ({ path: '/api/me/tokens', body: { name: 'matrix', scope: 'read', expiresInDays: 1 } })],
  ['GET /api/me/tokens', 'signedIn', () => ({ path: '/api/me/tokens' })],
  ['DELETE /api/me/tokens/:id', 'signedIn', async (role) => ({ path: `/api/me/tokens/${await fresh.personalTokenId(role)}` })],
  ['POST /api/auth/reset', 'public', async () => ({ path: '/api/auth/reset', body: { token: await fresh.resetToken(), password: TEST_PASSWORD } })],
  // OpenID Connect sign-in (a real provider, so that start reaches it: 302; a callback of no flow is its 400 error page).
  ['GET /api/auth/providers', 'public', () => ({ path: '/api/auth/providers' })],
  ['GET /api/auth/oidc/start', 'public', () => ({ path: '/api/auth/oidc/start?next=/app/' })],
  ['GET /api/auth/oidc/callback', 'public', () => ({ path: '/api/auth/oidc/callback?code=x&state=y' })],

  // The admin console.
  ['GET /api/admin/users', 'admin', () => ({ path: '/api/admin/users?query=demo' })],
  ['PATCH /api/admin/users/:id', 'admin', async () => ({ path: `/api/admin/users/${await fresh.spareId()}`, body: { disabled: false } })],
  ['POST /api/admin/users/:id/reset-link', 'admin', async () => ({ path: `/api/admin/users/${await fresh.spareId()}/reset-link` })],

  // Groups and memberships.
  ['GET /api/groups', 'public', () => ({ path: '/api/groups' })],
  ['GET /api/groups/:slug', 'public', () => ({ path: `/api/groups/${GROUP}` })],
  ['POST /api/groups', 'admin', () => ({ path: '/api/groups', body: { slug: `matrix-group-${++titles}`, name: 'Matrix', nameZh: '矩阵' } })],
  ['PATCH /api/groups/:slug', 'admin', () => ({ path: `/api/groups/${GROUP}`, body: { archived: false } })],
  // A group's moderators manage its contributors (promoting to or demoting a moderator is the admin's: see groups.policy.spec.ts).
  ['GET /api/groups/:slug/members', 'moderator', () => ({ path: `/api/groups/${GROUP}/members` })],
  ['POST /api/groups/:slug/members', 'moderator', () => ({ path: `/api/groups/${GROUP}/members`, body: { email: SPARE, role: 'contributor' } })],
  [
    'PATCH /api/groups/:slug/members/:userId',
    'moderator',
    async () => {
      await fresh.spareMembership();
      return { path: `/api/groups/${GROUP}/members/${await fresh.spareId()}`, body: { role: 'contributor' } };
    },
  ],
  [
    'DELETE /api/groups/:slug/members/:userId',
    'moderator',
    async () => {
      await fresh.spareMembership();
      return { path: `/api/groups/${GROUP}/members/${await fresh.spareId()}` };
    },
  ],
  [
    'DELETE /api/groups/:slug/members',
    'moderator',
    async () => {
      await fresh.spareMembership();
      return { path: `/api/groups/${GROUP}/members`, body: { email: SPARE } };
    },
  ],

  // Entries.
  ['GET /api/groups/:slug/entries', 'signedIn', () => ({ path: `/api/groups/${GROUP}/entries` })],
  ['POST /api/groups/:slug/entries', 'member', (role) => ({ path: `/api/groups/${GROUP}/entries`, body: { title: `Matrix entry ${role} ${++titles}` } })],
  ['GET /api/entries/:id', 'signedIn', () => ({ path: `/api/entries/${ids.entryId}` })],
  ['GET /api/entries/:id/published', 'signedIn', () => ({ path: `/api/entries/${ids.entryId}/published` })],
  // The workspace's search and lists, and archiving (issue 14): archiving is the group's moderators' (a fresh entry each time).
  ['GET /api/search', 'signedIn', () => ({ path: '/api/search?q=vaccine' })],
  ['GET /api/me/entries', 'signedIn', () => ({ path: '/api/me/entries' })],
  ['POST /api/entries/:id/archive', 'moderator', async () => ({ path: `/api/entries/${await fresh.entry()}/archive` })],
  ['POST /api/entries/:id/unarchive', 'moderator', async () => ({ path: `/api/entries/${await fresh.entry()}/unarchive` })],
  ['POST /api/entries/:id/files', 'member', () => ({ path: `/api/entries/${ids.entryId}/files`, file: { field: 'file', bytes: TINY_PNG, name: 'dot.png' } })],
  // Translations (issue 14): whoever may create entries in the group translates (the first caller creates it, the others get 409);
  // the sync submission is a member's (400 here: the seeded entry is no translation).
  ['POST /api/entries/:id/translations', 'member', () => ({ path: `/api/entries/${ids.entryId}/translations`, body: { language: 'zh' } })],
  ['GET /api/entries/:id/translations', 'signedIn', () => ({ path: `/api/entries/${ids.entryId}/translations` })],
  ['POST /api/entries/:id/translation-sync', 'member', () => ({ path: `/api/entries/${ids.entryId}/translation-sync`, body: { syncedTo: 1 } })],

  // Datasets (issue 12).
  ['GET /api/groups/:slug/datasets', 'signedIn', () => ({ path: `/api/groups/${GROUP}/datasets` })],
  [
    'POST /api/groups/:slug/datasets',
    'member',
    (role) => ({
      path: `/api/groups/${GROUP}/datasets`,
      body: { title: `Matrix dataset ${role} ${++titles}`, licence: 'CC-BY-4.0', source: { text: 'matrix' } },
    }),
  ],
  ['GET /api/datasets/:id', 'signedIn', async () => ({ path: `/api/datasets/${(await fresh.datasetVersion()).datasetId}` })],
  [
    'POST /api/datasets/:id/versions',
    'member',
    async (role) => ({
      path: `/api/datasets/${(await fresh.datasetVersion()).datasetId}/versions`,
      file: { field: 'file', bytes: Buffer.from(`a,b\n${role},2\n`), name: 'v.csv' },
    }),
  ],
  ['GET /api/dataset-versions/:id', 'member', async () => ({ path: `/api/dataset-versions/${(await fresh.datasetVersion()).versionId}` })],
  [
    'POST /api/dataset-versions/:id/approve',
    'moderator',
    async () => ({ path: `/api/dataset-versions/${(await fresh.datasetVersion()).versionId}/approve`, body: {} }),
  ],
  [
    'POST /api/dataset-versions/:id/request-changes',
    'moderator',
    async () => ({ path: `/api/dataset-versions/${(await fresh.datasetVersion()).versionId}/request-changes`, body: { note: 'Fix it' } }),
  ],
  [
    'POST /api/dataset-versions/:id/reject',
    'moderator',
    async () => ({ path: `/api/dataset-versions/${(await fresh.datasetVersion()).versionId}/reject`, body: { note: 'No' } }),
  ],
  ['GET /api/public/datasets', 'public', () => ({ path: '/api/public/datasets' })],
  ['GET /api/public/datasets/:slug', 'public', async () => ({ path: `/api/public/datasets/${await fresh.publicDataset()}` })],
  ['GET /api/public/datasets/:slug/data', 'public', async () => ({ path: `/api/public/datasets/${await fresh.publicDataset()}/data?columns=n` })],
  ['GET /d/:slug', 'public', async () => ({ path: `/d/${await fresh.publicDataset()}` })],
  ['GET /d/:slug/versions/:number/file', 'public', async () => ({ path: `/d/${await fresh.publicDataset()}/versions/1/file` })],
  // Reports (issue 13): the group's members work on them, its moderators decide, everyone reads the approved ones.
  ['GET /api/groups/:slug/reports', 'member', () => ({ path: `/api/groups/${GROUP}/reports` })],
  [
    'POST /api/groups/:slug/reports',
    'member',
    (role) => ({ path: `/api/groups/${GROUP}/reports`, body: { title: `Matrix report ${role} ${++titles}`, kind: 'audio' } }),
  ],
  ['GET /api/reports/:id', 'member', async () => ({ path: `/api/reports/${(await fresh.report()).id}` })],
  [
    'POST /api/reports/:id/media',
    'member',
    async () => ({ path: `/api/reports/${(await fresh.report()).id}/media`, file: { field: 'file', bytes: media(), name: 't.webm' } }),
  ],
  // Without its `language` field the caption form is 400 once past the policy.
  [
    'POST /api/reports/:id/captions',
    'member',
    async () => ({ path: `/api/reports/${(await fresh.report()).id}/captions`, file: { field: 'file', bytes: Buffer.from('WEBVTT\n'), name: 'en.vtt' } }),
  ],
  ['POST /api/reports/:id/uploads', 'member', async () => ({ path: `/api/reports/${(await fresh.report()).id}/uploads`, body: { bytes: 1000 } })],
  ['GET /api/uploads/:uploadId', 'member', async () => ({ path: `/api/uploads/${await fresh.upload()}` })],
  [
    'PATCH /api/uploads/:uploadId',
    'member',
    async () => ({
      path: `/api/uploads/${await fresh.upload()}`,
      raw: { type: 'application/offset+octet-stream', bytes: media(), headers: { 'upload-offset': '0' } },
    }),
  ],
  ['POST /api/reports/:id/approve', 'moderator', async () => ({ path: `/api/reports/${(await fresh.pendingReport()).id}/approve`, body: {} })],
  [
    'POST /api/reports/:id/request-changes',
    'moderator',
    async () => ({ path: `/api/reports/${(await fresh.pendingReport()).id}/request-changes`, body: { note: 'Trim it.' } }),
  ],
  ['POST /api/reports/:id/reject', 'moderator', async () => ({ path: `/api/reports/${(await fresh.pendingReport()).id}/reject`, body: { note: 'No.' } })],
  ['GET /r/:slug', 'public', async () => ({ path: `/r/${(await fresh.publicReport()).slug}` })],
  ['GET /reports', 'public', () => ({ path: '/reports' })],
  ['GET /reports/feed.xml', 'public', () => ({ path: '/reports/feed.xml' })],
  ['GET /reports/cover.png', 'public', () => ({ path: '/reports/cover.png' })],
  ['GET /media/:sha', 'public', async () => ({ path: (await fresh.publicReport()).mediaUrl })],
  // Reach (readership): site-wide figures for everyone, per page for admins.
  ['GET /reach', 'public', () => ({ path: '/reach' })],
  ['GET /api/public/reach', 'public', () => ({ path: '/api/public/reach?days=30' })],
  ['GET /api/admin/reach', 'admin', () => ({ path: '/api/admin/reach?days=30' })],
  ['GET /api/admin/reach.csv', 'admin', () => ({ path: '/api/admin/reach.csv' })],

  // Revisions and review.
  ['GET /api/entries/:id/revisions', 'signedIn', () => ({ path: `/api/entries/${ids.entryId}/revisions` })],
  ['POST /api/entries/:id/revisions', 'member', () => ({ path: `/api/entries/${ids.entryId}/revisions` })],
  ['GET /api/revisions/:id', 'member', () => ({ path: `/api/revisions/${ids.publishedRevisionId}` })],
  ['GET /api/review/queue', 'anyModerator', () => ({ path: '/api/review/queue' })],
  ['POST /api/revisions/:id/approve', 'moderator', async () => ({ path: `/api/revisions/${await fresh.pendingRevision()}/approve`, body: {} })],
  [
    'POST /api/revisions/:id/request-changes',
    'moderator',
    async () => ({ path: `/api/revisions/${await fresh.pendingRevision()}/request-changes`, body: { note: 'Cite the trial.' } }),
  ],
  [
    'POST /api/revisions/:id/reject',
    'moderator',
    async () => ({ path: `/api/revisions/${await fresh.pendingRevision()}/reject`, body: { note: 'Out of scope.' } }),
  ],
  ['POST /api/revisions/:id/restore', 'moderator', () => ({ path: `/api/revisions/${ids.publishedRevisionId}/restore`, body: {} })],
  ['POST /api/entries/:id/unpublish', 'moderator', () => ({ path: `/api/entries/${ids.toUnpublishId}/unpublish`, body: {} })],
  ['GET /api/audit', 'moderator', () => ({ path: `/api/audit?entryId=${ids.entryId}` })],

  // Discussion (before the invitation rows, which make every signed-in caller a member of GROUP): the group's members comment; edit and delete are the author's alone (each role on its own comment).
  ['GET /api/entries/:id/comments', 'member', () => ({ path: `/api/entries/${ids.entryId}/comments` })],
  ['POST /api/entries/:id/comments', 'member', () => ({ path: `/api/entries/${ids.entryId}/comments`, body: COMMENT })],
  ['GET /api/revisions/:id/comments', 'member', () => ({ path: `/api/revisions/${ids.publishedRevisionId}/comments` })],
  [
    'POST /api/revisions/:id/comments',
    'moderator',
    () => ({
      path: `/api/revisions/${ids.publishedRevisionId}/comments`,
      body: { body: 'On the revision', anchor: { kind: 'block', block: 0, from: 0, to: 3, quote: 'abc' } },
    }),
  ],
  [
    'POST /api/comments/:id/replies',
    'member',
    async () => ({ path: `/api/comments/${await fresh.comment('contributor')}/replies`, body: { body: 'A reply' } }),
  ],
  ['PATCH /api/comments/:id', 'member', async (role) => ({ path: `/api/comments/${await fresh.comment(role)}`, body: { body: 'Edited' } })],
  ['DELETE /api/comments/:id', 'member', async (role) => ({ path: `/api/comments/${await fresh.comment(role)}` })],
  ['POST /api/comments/:id/resolve', 'member', async () => ({ path: `/api/comments/${await fresh.comment('contributor')}/resolve` })],
  ['POST /api/comments/:id/reopen', 'member', async () => ({ path: `/api/comments/${await fresh.comment('contributor')}/reopen` })],
  // Notifications: one's own.
  ['GET /api/notifications', 'signedIn', () => ({ path: '/api/notifications' })],
  ['POST /api/notifications/read', 'signedIn', () => ({ path: '/api/notifications/read', body: { all: true } })],
  ['GET /api/notifications/preferences', 'signedIn', () => ({ path: '/api/notifications/preferences' })],
  ['PATCH /api/notifications/preferences', 'signedIn', () => ({ path: '/api/notifications/preferences', body: { email: 'daily' } })],
  // Invitations.
  ['POST /api/invitations', 'moderator', () => ({ path: '/api/invitations', body: { groups: [{ slug: GROUP, role: 'contributor' }] } })],
  ['GET /api/invitations', 'signedIn', () => ({ path: '/api/invitations' })],
  ['DELETE /api/invitations/:id', 'moderator', async () => ({ path: `/api/invitations/${(await fresh.invitation()).id}` })],
  ['GET /api/invitations/by-token/:token', 'public', async () => ({ path: `/api/invitations/by-token/${(await fresh.invitation()).token}` })],
  [
    'POST /api/invitations/by-token/:token/accept',
    'public',
    async (role) => ({
      path: `/api/invitations/by-token/${(await fresh.invitation()).token}/accept`,
      body: { name: `Joiner ${role}`, email: `joiner-${role}-${++titles}@matrix.test`, password: TEST_PASSWORD },
    }),
  ],

  [
    'POST /api/invitations/by-token/:token/join',
    'signedIn',
    async () => ({ path: `/api/invitations/by-token/${(await fresh.invitation()).token}/join`, body: {} }),
  ],

  // Join requests (a member asking is 409 already_member, a request past the policy).
  ['POST /api/groups/:slug/join-requests', 'signedIn', () => ({ path: `/api/groups/${GROUP}/join-requests`, body: { message: 'Matrix' } })],
  ['GET /api/groups/:slug/join-requests', 'moderator', () => ({ path: `/api/groups/${GROUP}/join-requests` })],
  ['GET /api/me/join-requests', 'signedIn', () => ({ path: '/api/me/join-requests' })],
  ['POST /api/join-requests/:id/approve', 'moderator', async () => ({ path: `/api/join-requests/${await fresh.joinRequest()}/approve` })],
  [
    'POST /api/join-requests/:id/decline',
    'moderator',
    async () => ({ path: `/api/join-requests/${await fresh.joinRequest()}/decline`, body: { note: 'Not this time.' } }),
  ],
];

let oidcProvider: OidcTestProvider | undefined;

beforeAll(async () => {
  oidcProvider = await startOidcTestProvider();
  app = await startTestApp(oidcProvider.env);
  await oidcProvider.register(`${app.baseUrl}/api/auth/oidc/callback`);
  const db = app.running.db.dataSource;
  const hash = await hashPassword(TEST_PASSWORD);
  for (const [email, name] of [
    [ACCOUNTS.otherModerator, 'Otto Other-Moderator'],
    [SPARE, 'Spare Member'],
  ]) {
    await db.query(`INSERT INTO users (email, name, password_hash, is_admin) VALUES ($1, $2, $3, false)`, [email, name, hash]);
  }
  await db.query(
    `INSERT INTO group_memberships (group_id, user_id, role)
     SELECT g.id, u.id, 'moderator' FROM knowledge_groups g, users u WHERE g.slug = $1 AND u.email = $2`,
    [OTHER_GROUP, ACCOUNTS.otherModerator],
  );
  tokens.anonymous = null;
  for (const role of ROLES) if (role !== 'anonymous') tokens[role] = await app.login(ACCOUNTS[role]);

  // A seeded published entry of GROUP (real document state, so restoring its revision is a real edit).
  const [seeded] = await db.query(
    `SELECT e.id, e.slug, e.published_revision_id FROM entries e JOIN knowledge_groups g ON g.id = e.group_id
     WHERE g.slug = $1 AND e.status = 'published' ORDER BY e.slug LIMIT 1`,
    [GROUP],
  );
  Object.assign(ids, { entryId: seeded.id, entrySlug: seeded.slug, publishedRevisionId: seeded.published_revision_id });
  ids.toUnpublishId = (await publishEntry(app, { groupSlug: GROUP, title: 'Matrix: to unpublish', doc: paragraphs('Soon gone.') })).entryId;
});

afterAll(async () => {
  await app?.close();
  await oidcProvider?.close();
});

/** Every route the server registered, as "METHOD /path" (Express's router: Nest adds its routes there). */
function registeredRoutes(): string[] {
  type Layer = { route?: { path: string; methods: Record<string, boolean> } };
  const express = app.running.app.getHttpAdapter().getInstance() as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } };
  const stack = (express.router ?? express._router)!.stack; // Express 5 / Express 4
  return stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods)
          .filter((m) => m !== '_all')
          .map((m) => `${m.toUpperCase()} ${layer.route!.path}`)
      : [],
  );
}

async function send(method: string, call: Call, headers: Record<string, string>): Promise<request.Response> {
  const m = method.toLowerCase() as 'get' | 'post' | 'delete' | 'put' | 'patch';
  let req = request(app.baseUrl)[m](call.path);
  for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
  if (call.file) return req.attach(call.file.field, call.file.bytes, call.file.name);
  if (call.raw) {
    for (const [k, v] of Object.entries(call.raw.headers ?? {})) req = req.set(k, v);
    return req.set('content-type', call.raw.type).send(call.raw.bytes);
  }
  return call.body === undefined ? req : req.send(call.body as object);
}

function outcomeOf(res: request.Response): Outcome | string {
  if (res.status === 401 && res.body?.code === 'unauthenticated') return 401;
  if (res.status === 403 && res.body?.code === 'forbidden') return 403;
  // Anything else must be a real answer past the policy: not a 404 on a bad id, not a server error, not another 401/403.
  if (res.status < 400 || res.status === 409 || res.status === 400) return 'pass';
  return `${res.status} ${res.body?.code ?? ''}`.trim();
}

describe('authorisation matrix', () => {
  it('has exactly one row for every registered route (a new route needs a row here)', () => {
    const registered = registeredRoutes().sort();
    const rows = ROWS.map(([route]) => route).sort();
    expect(new Set(rows).size).toBe(rows.length);
    expect(rows).toEqual(registered);
    expect(registered.length).toBe(ROWS.length);
  });

  // Every row × 6 callers, one after the other, each with its own fixture (an entry, an invitation…): about
  // 60 s on a quiet 2-core machine with today's routes, so it gets more than the default 60 s.
  it('every route × every caller answers as its minimum role says (bearer tokens)', async () => {
    const mismatches: string[] = [];
    for (const [route, policy, call] of ROWS) {
      const [method] = route.split(' ');
      for (const role of ROLES) {
        const c = await call(role);
        const token = c.token !== undefined ? c.token : tokens[role];
        const res = await send(method, c, token ? { authorization: `Bearer ${token}` } : {});
        const got = outcomeOf(res);
        const want = POLICIES[policy][role];
        if (got !== want) mismatches.push(`${route} as ${role}: expected ${want}, got ${got} (${res.status} ${JSON.stringify(res.body).slice(0, 120)})`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 300_000);
});

describe('authorisation matrix: the same requests with the session cookie', () => {
  const cookieOf = (role: Role) => `kh_session=${tokens[role]}`;

  it("finding 9: a state-changing row with the moderator's cookie passes from the site itself and is refused with 403 csrf_rejected from elsewhere or without Origin", async () => {
    const foreign = await send(
      'POST',
      { path: `/api/revisions/${await fresh.pendingRevision()}/approve`, body: {} },
      { cookie: cookieOf('moderator'), origin: 'http://evil.example' },
    );
    expect({ status: foreign.status, code: foreign.body.code }).toEqual({ status: 403, code: 'csrf_rejected' });
    const bare = await send('POST', { path: `/api/entries/${ids.toUnpublishId}/unpublish`, body: {} }, { cookie: cookieOf('moderator') });
    expect({ status: bare.status, code: bare.body.code }).toEqual({ status: 403, code: 'csrf_rejected' });
    const own = await send(
      'POST',
      { path: `/api/revisions/${await fresh.pendingRevision()}/approve`, body: {} },
      { cookie: cookieOf('moderator'), origin: app.baseUrl },
    );
    expect(own.status).toBe(200);
  });

  it("the cookie gets the same policy answers as the bearer token once the Origin is the site's own", async () => {
    const headers = (role: Role) => ({ cookie: cookieOf(role), origin: app.baseUrl });
    const member = async () => ({ path: `/api/revisions/${await fresh.pendingRevision()}/reject`, body: { note: 'No.' } });
    expect(outcomeOf(await send('POST', await member(), headers('contributor')))).toBe(403);
    expect(outcomeOf(await send('POST', await member(), headers('otherModerator')))).toBe(403);
    expect(outcomeOf(await send('POST', await member(), headers('moderator')))).toBe('pass');
    expect(outcomeOf(await send('GET', { path: `/api/audit?entryId=${ids.entryId}` }, headers('nonMember')))).toBe(403);
    // Reading needs no Origin: GETs change nothing.
    expect(outcomeOf(await send('GET', { path: '/api/auth/me' }, { cookie: cookieOf('contributor') }))).toBe('pass');
  });
});
