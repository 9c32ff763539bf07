import { actor, GROUP, type Who } from '../../../test/support/actors';
import type { Verdict } from '../../common/policy';
import { canOnTranslations, isOutdated, type TranslationAction } from './translations.policy';

describe('translations policy', () => {
  const table: [Who, TranslationAction, Verdict][] = [
    ['anonymous', 'create', 'unauthenticated'],
    ['anonymous', 'read', 'unauthenticated'],
    ['anonymous', 'sync', 'unauthenticated'],
    ['outsider', 'create', 'forbidden'],
    ['outsider', 'read', 'allowed'],
    ['outsider', 'sync', 'forbidden'],
    ['member-elsewhere', 'create', 'forbidden'],
    ['member-elsewhere', 'sync', 'forbidden'],
    ['contributor', 'create', 'allowed'],
    ['contributor', 'read', 'allowed'],
    ['contributor', 'sync', 'allowed'],
    ['moderator', 'create', 'allowed'],
    ['moderator', 'sync', 'allowed'],
    ['admin', 'create', 'allowed'],
    ['admin', 'sync', 'allowed'],
  ];
  it.each(table)('%s may %s translations: %s', (who, action, verdict) => {
    expect(canOnTranslations(actor(who), action, { groupId: GROUP })).toBe(verdict);
  });
});

describe('translation outdated', () => {
  const table: [number | null, number | null, boolean][] = [
    [null, null, false],
    [1, 1, false],
    [2, 1, true],
    [3, 3, false],
    [1, null, true],
    [2, 3, false],
  ];
  it.each(table)('source published %p, synced to %p: outdated %p', (published, synced, outdated) => {
    expect(isOutdated(published, synced)).toBe(outdated);
  });
});
