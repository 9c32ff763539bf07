import { type Delivery, type NotificationCause, recipientsOf } from './notifications.policy';

const sorted = (d: Delivery[]) => [...d].sort((a, b) => a.userId.localeCompare(b.userId));

describe('notification delivery rules', () => {
  const table: [string, NotificationCause, Delivery[]][] = [
    [
      'a comment mentioning alice on an entry bob and alice wrote, by carol',
      { kind: 'comment', authorId: 'carol', mentioned: ['alice'], contributors: ['alice', 'bob'] },
      [
        { userId: 'alice', kind: 'mentioned' },
        { userId: 'bob', kind: 'commented' },
      ],
    ],
    [
      'a comment by a contributor on their own entry tells the others only',
      { kind: 'comment', authorId: 'bob', mentioned: [], contributors: ['alice', 'bob'] },
      [{ userId: 'alice', kind: 'commented' }],
    ],
    ['mentioning oneself tells nobody', { kind: 'comment', authorId: 'bob', mentioned: ['bob'], contributors: [] }, []],
    [
      'a mention in the body: those mentioned, never its writer',
      { kind: 'body_mention', writerId: 'bob', mentioned: ['alice', 'bob', 'alice'] },
      [{ userId: 'alice', kind: 'mentioned' }],
    ],
    ['a mention in the body whose writer is unknown', { kind: 'body_mention', writerId: null, mentioned: ['alice'] }, [{ userId: 'alice', kind: 'mentioned' }]],
    [
      'the same person mentioned twice is told once',
      { kind: 'comment', authorId: 'bob', mentioned: ['mod', 'mod'], contributors: ['mod'] },
      [{ userId: 'mod', kind: 'mentioned' }],
    ],
    [
      'approval: contributors and the submitter, once each',
      { kind: 'decision', decision: 'approved', deciderId: 'mod', contributorIds: ['alice', 'bob'], submittedBy: 'alice' },
      [
        { userId: 'alice', kind: 'revision_approved' },
        { userId: 'bob', kind: 'revision_approved' },
      ],
    ],
    [
      'changes requested',
      { kind: 'decision', decision: 'changes_requested', deciderId: 'mod', contributorIds: ['alice'], submittedBy: 'alice' },
      [{ userId: 'alice', kind: 'revision_changes_requested' }],
    ],
    [
      'rejection by an admin who contributed: not told of their own decision',
      { kind: 'decision', decision: 'rejected', deciderId: 'admin', contributorIds: ['admin', 'bob'], submittedBy: 'bob' },
      [{ userId: 'bob', kind: 'revision_rejected' }],
    ],
    ['a join request decided', { kind: 'join_decided', deciderId: 'mod', requesterId: 'carol' }, [{ userId: 'carol', kind: 'join_request_decided' }]],
    [
      'a submission: the moderators but the submitter',
      { kind: 'submitted', submitterId: 'mod', moderatorIds: ['mod', 'mod2'] },
      [{ userId: 'mod2', kind: 'revision_submitted' }],
    ],
    [
      'a join request: its deciders (moderators and admins) once each',
      { kind: 'join_requested', requesterId: 'carol', deciderIds: ['mod', 'admin', 'mod'] },
      [
        { userId: 'admin', kind: 'join_requested' },
        { userId: 'mod', kind: 'join_requested' },
      ],
    ],
    [
      'a join request by an admin: the moderators, not the admin',
      { kind: 'join_requested', requesterId: 'admin', deciderIds: ['mod', 'admin'] },
      [{ userId: 'mod', kind: 'join_requested' }],
    ],
    ['a join request to a group with nobody to decide it tells nobody', { kind: 'join_requested', requesterId: 'carol', deciderIds: [] }, []],
    ['an invitation for an existing account tells it', { kind: 'invited', inviterId: 'mod', inviteeId: 'carol' }, [{ userId: 'carol', kind: 'invited' }]],
    ['an invitation for an unknown email or none tells nobody', { kind: 'invited', inviterId: 'mod', inviteeId: null }, []],
    ['inviting oneself tells nobody', { kind: 'invited', inviterId: 'mod', inviteeId: 'mod' }, []],
  ];
  it.each(table)('%s', (_name, cause, expected) => {
    expect(sorted(recipientsOf(cause))).toEqual(sorted(expected));
  });
});
