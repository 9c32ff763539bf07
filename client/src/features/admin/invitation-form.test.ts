import { describe, expect, it } from 'vitest';
import { invitationBody, type InvitationForm } from './invitation-form';
import { pageCount } from './paging';

const form = (over: Partial<InvitationForm> = {}): InvitationForm => ({
  email: '',
  groups: {},
  expiresInHours: 168,
  maxUses: 1,
  ...over,
});

describe('invitationBody', () => {
  it('refuses a form with no group ticked', () => {
    expect(invitationBody(form(), ['tcm'])).toEqual({ ok: false, problem: 'no_groups' });
    expect(invitationBody(form({ groups: { tcm: undefined } }), ['tcm'])).toEqual({ ok: false, problem: 'no_groups' });
  });

  it('leaves a blank email out, so anyone holding the link may use it', () => {
    const result = invitationBody(form({ email: '   ', groups: { tcm: 'contributor' } }), ['tcm']);
    expect(result).toEqual({ ok: true, body: { groups: [{ slug: 'tcm', role: 'contributor' }], expiresInHours: 168, maxUses: 1 } });
  });

  it('sends the trimmed email, and the ticked groups in list order with their roles', () => {
    const result = invitationBody(
      form({ email: ' li@lab.example ', groups: { vaccines: 'moderator', tcm: 'contributor', other: undefined }, expiresInHours: 48, maxUses: 5 }),
      ['tcm', 'other', 'vaccines'],
    );
    expect(result).toEqual({
      ok: true,
      body: {
        email: 'li@lab.example',
        groups: [
          { slug: 'tcm', role: 'contributor' },
          { slug: 'vaccines', role: 'moderator' },
        ],
        expiresInHours: 48,
        maxUses: 5,
      },
    });
  });
});

describe('pageCount', () => {
  it.each([
    [0, 50, 1],
    [1, 50, 1],
    [50, 50, 1],
    [51, 50, 2],
    [101, 50, 3],
  ])('%i users at %i a page: %i pages', (total, size, pages) => {
    expect(pageCount(total, size)).toBe(pages);
  });
});
