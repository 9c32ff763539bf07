import 'reflect-metadata';
import { InvitedNotificationCap1765440000000 } from '../src/database/migrations/1765440000000-invited-notification-cap';
import { DigestClaims1765450000000 } from '../src/database/migrations/1765450000000-digest-claims';
import { NotificationInvitationIndex1765430000000 } from '../src/database/migrations/1765430000000-notification-invitation-index';
import { DatabaseBefore } from './support/migration-db';

/**
 * The migrations that follow `invited` notifications' invitations: run on a
 * database that already holds such notifications, then down and up again.
 */
let before: DatabaseBefore | undefined;

afterEach(async () => {
  await before?.close();
  before = undefined;
});

const indexesOnNotifications = async (): Promise<Record<string, string>> =>
  Object.fromEntries(
    (await before!.ds.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'notifications'`)).map(
      (r: { indexname: string; indexdef: string }) => [r.indexname, r.indexdef],
    ),
  );

/** Two accounts and an invitation from the first, in a state: 'live', 'revoked', 'used' or 'expired'. */
async function invitation(state: 'live' | 'revoked' | 'used' | 'expired', users: { inviter: string }): Promise<string> {
  const [{ id }] = await before!.ds.query(
    `INSERT INTO invitations (token_hash, created_by, email, groups, max_uses, uses, expires_at, revoked_at)
     VALUES ($1, $2, 'b@x', '[]', 1, $3, now() + make_interval(hours => $4::int), $5) RETURNING id`,
    [`hash-${state}`, users.inviter, state === 'used' ? 1 : 0, state === 'expired' ? -1 : 24, state === 'revoked' ? new Date() : null],
  );
  return id;
}

async function accounts(): Promise<{ inviter: string; invitee: string }> {
  const ids: string[] = [];
  for (const email of ['a@x', 'b@x'])
    ids.push((await before!.ds.query(`INSERT INTO users (email, name, password_hash) VALUES ($1, $1, 'x') RETURNING id`, [email]))[0].id);
  return { inviter: ids[0], invitee: ids[1] };
}

it('NotificationInvitationIndex: indexes notifications by invitation (partial), clears the tokens of invitations that no longer work, and down drops the index', async () => {
  before = await DatabaseBefore.create(NotificationInvitationIndex1765430000000);
  const ds = before.ds;
  const users = await accounts();
  const tokens: Record<string, string> = {};
  for (const state of ['live', 'revoked', 'used', 'expired'] as const) {
    const id = await invitation(state, users);
    tokens[id] = `token-${state}`;
    await ds.query(`INSERT INTO notifications (user_id, kind, actor_id, invitation_id, invitation_token) VALUES ($1, 'invited', $2, $3, $4)`, [
      users.invitee,
      users.inviter,
      id,
      `token-${state}`,
    ]);
  }

  await before.run(new NotificationInvitationIndex1765430000000());
  expect((await indexesOnNotifications()).notifications_invitation_idx).toMatch(/\(invitation_id\) WHERE \(invitation_id IS NOT NULL\)$/);
  const kept: { token: string | null }[] = await ds.query(`SELECT invitation_token AS token FROM notifications ORDER BY invitation_token NULLS LAST`);
  expect(kept.map((r) => r.token)).toEqual(['token-live', null, null, null]);

  await before.run(new NotificationInvitationIndex1765430000000(), 'down');
  expect((await indexesOnNotifications()).notifications_invitation_idx).toBeUndefined();
  await before.run(new NotificationInvitationIndex1765430000000());
  expect((await indexesOnNotifications()).notifications_invitation_idx).toBeDefined();
});

it('InvitedNotificationCap: leaves one unread `invited` notification per account and inviter (the newest), then keeps it so; down lifts the cap', async () => {
  before = await DatabaseBefore.create(InvitedNotificationCap1765440000000);
  const ds = before.ds;
  const users = await accounts();
  const [{ id: other }] = await ds.query(`INSERT INTO users (email, name, password_hash) VALUES ('c@x', 'c', 'x') RETURNING id`);
  const told = async (actor: string, text: string, ageMinutes: number, read = false) =>
    ds.query(
      `INSERT INTO notifications (user_id, kind, actor_id, text, created_at, read_at)
       VALUES ($1, 'invited', $2, $3, now() - make_interval(mins => $4::int), CASE WHEN $5 THEN now() END)`,
      [users.invitee, actor, text, ageMinutes, read],
    );
  // A flood from the inviter (three unread, one read), one from another inviter, and another kind that is not capped.
  await told(users.inviter, 'oldest', 30);
  await told(users.inviter, 'older', 20);
  await told(users.inviter, 'newest', 10);
  await told(users.inviter, 'read long ago', 40, true);
  await told(other, 'other inviter', 25);
  for (const n of [1, 2])
    await ds.query(`INSERT INTO notifications (user_id, kind, actor_id, text) VALUES ($1, 'join_requested', $2, $3)`, [
      users.invitee,
      users.inviter,
      `ask ${n}`,
    ]);

  await before.run(new InvitedNotificationCap1765440000000());
  const unread = async (): Promise<string[]> =>
    (await ds.query(`SELECT text FROM notifications WHERE user_id = $1 AND read_at IS NULL ORDER BY text`, [users.invitee])).map(
      (r: { text: string }) => r.text,
    );
  expect(await unread()).toEqual(['ask 1', 'ask 2', 'newest', 'other inviter']);
  expect((await ds.query(`SELECT count(*)::int AS n FROM notifications`))[0].n).toBe(7);
  expect((await indexesOnNotifications()).notifications_invited_unread_key).toMatch(/^CREATE UNIQUE INDEX .*\(user_id, actor_id\) WHERE/);
  await expect(told(users.inviter, 'one more', 0)).rejects.toThrow(/notifications_invited_unread_key/);

  await before.run(new InvitedNotificationCap1765440000000(), 'down');
  expect((await indexesOnNotifications()).notifications_invited_unread_key).toBeUndefined();
  await told(users.inviter, 'one more', 0);
});

it('DigestClaims: digests claimed before it count as sent; a new claim is unsent until marked; down makes every claim sent again', async () => {
  before = await DatabaseBefore.create(DigestClaims1765450000000);
  const ds = before.ds;
  const users = await accounts();
  await ds.query(`INSERT INTO notification_digests (user_id, day) VALUES ($1, '2026-11-01')`, [users.invitee]);

  await before.run(new DigestClaims1765450000000());
  const rows = async () =>
    ds.query(
      `SELECT day::text AS day, sent_at IS NOT NULL AS sent, claimed_at IS NOT NULL AS claimed, notification_ids FROM notification_digests ORDER BY day`,
    );
  expect(await rows()).toEqual([{ day: '2026-11-01', sent: true, claimed: true, notification_ids: [] }]);
  await ds.query(`INSERT INTO notification_digests (user_id, day) VALUES ($1, '2026-11-02')`, [users.invitee]);
  expect((await rows())[1]).toMatchObject({ day: '2026-11-02', sent: false, claimed: true });

  await before.run(new DigestClaims1765450000000(), 'down');
  expect((await ds.query(`SELECT bool_and(sent_at IS NOT NULL) AS all_sent FROM notification_digests`))[0].all_sent).toBe(true);
  await before.run(new DigestClaims1765450000000());
  expect((await rows()).map((r: { sent: boolean }) => r.sent)).toEqual([true, true]);
});
