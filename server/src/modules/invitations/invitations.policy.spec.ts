import { actor, GROUP, OTHER_GROUP, type Who } from '../../../test/support/actors';
import type { Verdict } from '../../common/policy';
import { invitationVerdict, type InvitationAction } from './invitations.policy';

const ACTIONS = {
  'invite contributor into GROUP': { kind: 'invite', groups: [{ groupId: GROUP, role: 'contributor' }] },
  'invite moderator into GROUP': { kind: 'invite', groups: [{ groupId: GROUP, role: 'moderator' }] },
  'invite contributor into GROUP and OTHER_GROUP': {
    kind: 'invite',
    groups: [
      { groupId: GROUP, role: 'contributor' },
      { groupId: OTHER_GROUP, role: 'contributor' },
    ],
  },
  'invite into no group': { kind: 'invite', groups: [] },
  list: { kind: 'list' },
  'revoke own': { kind: 'revoke', createdBy: 'u1' },
  "revoke someone else's": { kind: 'revoke', createdBy: 'someone-else' },
} satisfies Record<string, InvitationAction>;
type ActionName = keyof typeof ACTIONS;

describe('invitation policy', () => {
  // [caller, action, verdict]: every caller × every action.
  const table: [Who, ActionName, Verdict][] = [
    ['anonymous', 'invite contributor into GROUP', 'unauthenticated'],
    ['anonymous', 'invite moderator into GROUP', 'unauthenticated'],
    ['anonymous', 'list', 'unauthenticated'],
    ['anonymous', 'revoke own', 'unauthenticated'],
    ['outsider', 'invite contributor into GROUP', 'forbidden'],
    ['outsider', 'invite moderator into GROUP', 'forbidden'],
    ['outsider', 'list', 'allowed'],
    ['outsider', 'revoke own', 'allowed'],
    ['outsider', "revoke someone else's", 'forbidden'],
    ['contributor', 'invite contributor into GROUP', 'forbidden'],
    ['contributor', 'invite moderator into GROUP', 'forbidden'],
    ['contributor', 'list', 'allowed'],
    ['contributor', "revoke someone else's", 'forbidden'],
    ['member-elsewhere', 'invite contributor into GROUP', 'forbidden'],
    ['member-elsewhere', 'invite contributor into GROUP and OTHER_GROUP', 'forbidden'],
    ['member-elsewhere', "revoke someone else's", 'forbidden'],
    ['moderator', 'invite contributor into GROUP', 'allowed'],
    ['moderator', 'invite moderator into GROUP', 'forbidden'],
    ['moderator', 'invite contributor into GROUP and OTHER_GROUP', 'forbidden'],
    ['moderator', 'invite into no group', 'forbidden'],
    ['moderator', 'list', 'allowed'],
    ['moderator', 'revoke own', 'allowed'],
    ['moderator', "revoke someone else's", 'forbidden'],
    ['admin', 'invite contributor into GROUP', 'allowed'],
    ['admin', 'invite moderator into GROUP', 'allowed'],
    ['admin', 'invite contributor into GROUP and OTHER_GROUP', 'allowed'],
    ['admin', 'list', 'allowed'],
    ['admin', 'revoke own', 'allowed'],
    ['admin', "revoke someone else's", 'allowed'],
  ];
  it.each(table)('%s: %s → %s', (who, action, verdict) => {
    expect(invitationVerdict(actor(who), ACTIONS[action])).toBe(verdict);
  });
});
