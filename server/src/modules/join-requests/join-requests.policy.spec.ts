import { actor, GROUP, type Who } from '../../../test/support/actors';
import type { Verdict } from '../../common/policy';
import { type JoinRequestAction, joinRequestVerdict } from './join-requests.policy';

const ACTIONS = {
  request: { kind: 'request' },
  'list own': { kind: 'list_own' },
  "list GROUP's": { kind: 'list', groupId: GROUP },
  "decide GROUP's": { kind: 'decide', groupId: GROUP },
} satisfies Record<string, JoinRequestAction>;
type ActionName = keyof typeof ACTIONS;

describe('join request policy', () => {
  // [caller, action, verdict]: every caller × every action.
  const table: [Who, ActionName, Verdict][] = [
    ['anonymous', 'request', 'unauthenticated'],
    ['anonymous', 'list own', 'unauthenticated'],
    ['anonymous', "list GROUP's", 'unauthenticated'],
    ['anonymous', "decide GROUP's", 'unauthenticated'],
    ['outsider', 'request', 'allowed'],
    ['outsider', 'list own', 'allowed'],
    ['outsider', "list GROUP's", 'forbidden'],
    ['outsider', "decide GROUP's", 'forbidden'],
    ['contributor', 'request', 'allowed'],
    ['contributor', 'list own', 'allowed'],
    ['contributor', "list GROUP's", 'forbidden'],
    ['contributor', "decide GROUP's", 'forbidden'],
    ['member-elsewhere', 'request', 'allowed'],
    ['member-elsewhere', 'list own', 'allowed'],
    ['member-elsewhere', "list GROUP's", 'forbidden'],
    ['member-elsewhere', "decide GROUP's", 'forbidden'],
    ['moderator', 'request', 'allowed'],
    ['moderator', 'list own', 'allowed'],
    ['moderator', "list GROUP's", 'allowed'],
    ['moderator', "decide GROUP's", 'allowed'],
    ['admin', 'request', 'allowed'],
    ['admin', 'list own', 'allowed'],
    ['admin', "list GROUP's", 'allowed'],
    ['admin', "decide GROUP's", 'allowed'],
  ];
  it.each(table)('%s: %s → %s', (who, action, verdict) => {
    expect(joinRequestVerdict(actor(who), ACTIONS[action])).toBe(verdict);
  });
});
