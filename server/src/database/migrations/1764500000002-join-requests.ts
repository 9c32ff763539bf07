import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10, part 2: join requests.
 *
 * A signed-in person asks to join a group; a moderator of the group (or an
 * admin) approves (the requester becomes a contributor) or declines with a
 * note. At most one request per person and group is pending at a time: the
 * partial unique index decides, so concurrent requests cannot both land.
 * Decided requests are kept (the requester sees the decision and its note).
 *
 * Created / approved / declined are recorded in `people_audit`.
 */
export class JoinRequests1764500000002 implements MigrationInterface {
  name = 'JoinRequests1764500000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE join_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        group_id uuid NOT NULL REFERENCES knowledge_groups(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        message text NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined')),
        decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
        decided_at timestamptz,
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'pending') = (decided_at IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX join_requests_one_pending_idx ON join_requests(group_id, user_id) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX join_requests_group_pending_idx ON join_requests(group_id, created_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX join_requests_user_idx ON join_requests(user_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE join_requests`);
  }
}
