import { type AdminStanding, leavesNoAdmin } from './last-admin';

describe('the last admin', () => {
  const admin: AdminStanding = { isAdmin: true, disabled: false };
  const member: AdminStanding = { isAdmin: false, disabled: false };
  const disabledAdmin: AdminStanding = { isAdmin: true, disabled: true };
  const table: [string, AdminStanding, Partial<AdminStanding>, number, boolean][] = [
    ['disabling the only admin', admin, { disabled: true }, 0, true],
    ['demoting the only admin', admin, { isAdmin: false }, 0, true],
    ['demoting and disabling the only admin', admin, { isAdmin: false, disabled: true }, 0, true],
    ['disabling an admin when another is enabled', admin, { disabled: true }, 1, false],
    ['demoting an admin when another is enabled', admin, { isAdmin: false }, 2, false],
    ['re-confirming the only admin', admin, { isAdmin: true, disabled: false }, 0, false],
    ['disabling a member with no admin left elsewhere', member, { disabled: true }, 0, false],
    ['promoting a member', member, { isAdmin: true }, 0, false],
    ['demoting a disabled admin', disabledAdmin, { isAdmin: false }, 0, false],
    ['enabling a disabled admin', disabledAdmin, { disabled: false }, 0, false],
  ];
  it.each(table)('%s → refused: %s', (_what, before, change, others, refused) => {
    expect(leavesNoAdmin(before, change, others)).toBe(refused);
  });
});
