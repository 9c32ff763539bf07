import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764190000000 implements MigrationInterface {
  name = 'InitialSchema1764190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL UNIQUE CHECK (email = lower(email)),
        name text NOT NULL,
        password_hash text NOT NULL,
        is_admin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX sessions_user_idx ON sessions(user_id)`);
    await q.query(`
      CREATE TABLE knowledge_groups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE,
        name text NOT NULL,
        name_zh text NOT NULL,
        description text NOT NULL DEFAULT '',
        description_zh text NOT NULL DEFAULT '',
        position int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE group_memberships (
        group_id uuid NOT NULL REFERENCES knowledge_groups(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('contributor', 'moderator')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_id, user_id)
      )`);
    await q.query(`CREATE INDEX group_memberships_user_idx ON group_memberships(user_id)`);
    await q.query(`
      CREATE TABLE entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE,
        group_id uuid NOT NULL REFERENCES knowledge_groups(id),
        kind text NOT NULL DEFAULT 'article',
        status text NOT NULL DEFAULT 'draft',
        title text NOT NULL,
        summary text NOT NULL DEFAULT '',
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX entries_group_idx ON entries(group_id, updated_at DESC)`);
    await q.query(`
      CREATE TABLE entry_updates (
        seq bigserial PRIMARY KEY,
        entry_id uuid NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
        update bytea NOT NULL,
        user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX entry_updates_entry_idx ON entry_updates(entry_id, seq)`);
    await q.query(`
      CREATE TABLE entry_documents (
        entry_id uuid PRIMARY KEY REFERENCES entries(id) ON DELETE CASCADE,
        state bytea NOT NULL,
        covers_seq bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE entry_contributors (
        entry_id uuid NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
        client_id bigint NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (entry_id, client_id, user_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['entry_contributors', 'entry_documents', 'entry_updates', 'entries', 'group_memberships', 'knowledge_groups', 'sessions', 'users']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
