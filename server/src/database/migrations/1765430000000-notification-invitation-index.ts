import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `invited` notifications by invitation: accepting or revoking an invitation
 * clears its token from them (notifications.repository.ts), and deleting an
 * invitation cascades to them; both look notifications up by invitation_id,
 * which only `invited` ones have (hence partial). The tokens of invitations
 * that already no longer work (used up, revoked, expired) are cleared here:
 * since this change they go when that happens.
 */
export class NotificationInvitationIndex1765430000000 implements MigrationInterface {
  name = 'NotificationInvitationIndex1765430000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX notifications_invitation_idx ON notifications(invitation_id) WHERE invitation_id IS NOT NULL`);
    await q.query(`UPDATE notifications n SET invitation_token = NULL FROM invitations i
      WHERE i.id = n.invitation_id AND n.invitation_token IS NOT NULL
        AND (i.revoked_at IS NOT NULL OR i.uses >= i.max_uses OR i.expires_at <= now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notifications_invitation_idx`);
  }
}
