import { describe, expect, it } from 'vitest';
import type { JoinRequestDto } from '@knowledge-hub/shared';
import { joinStateFor } from './join-state';

const group = { slug: 'tcm', myRole: null, archived: false };

function request(status: JoinRequestDto['status'], createdAt: string, slug = 'tcm'): JoinRequestDto {
  return {
    id: `${slug}-${createdAt}`,
    group: { slug, name: slug, nameZh: slug },
    message: '',
    status,
    note: status === 'declined' ? 'Not this year' : null,
    createdAt,
    decidedAt: status === 'pending' ? null : createdAt,
  };
}

describe('joinStateFor', () => {
  it('offers the form to an outsider who never asked', () => {
    expect(joinStateFor(group, false, [])).toEqual({ kind: 'can-ask', declined: null });
  });

  it('shows nothing to members and admins', () => {
    expect(joinStateFor({ ...group, myRole: 'contributor' }, false, []).kind).toBe('none');
    expect(joinStateFor(group, true, []).kind).toBe('none');
  });

  it('says "pending" while the latest request for this group waits', () => {
    const pending = request('pending', '2026-01-02T00:00:00.000Z');
    expect(joinStateFor(group, false, [request('declined', '2026-01-01T00:00:00.000Z'), pending])).toEqual({ kind: 'pending', request: pending });
  });

  it('offers the form again after a decline, with its note', () => {
    const declined = request('declined', '2026-01-03T00:00:00.000Z');
    expect(joinStateFor(group, false, [request('pending', '2026-01-01T00:00:00.000Z', 'vaccines'), declined])).toEqual({
      kind: 'can-ask',
      declined,
    });
  });

  it('ignores requests to other groups', () => {
    expect(joinStateFor(group, false, [request('pending', '2026-01-01T00:00:00.000Z', 'vaccines')])).toEqual({ kind: 'can-ask', declined: null });
  });

  it('takes no requests into an archived group', () => {
    expect(joinStateFor({ ...group, archived: true }, false, []).kind).toBe('archived');
  });
});
