import { describe, expect, it } from 'vitest';
import { isWellFormedPath, paths, publicEntryUrl, safeReturnPath } from './paths';

describe('paths', () => {
  it('builds every page path, encoding ids so any id survives the round trip', () => {
    expect(paths.groups()).toBe('/');
    expect(paths.group('virus-medicine')).toBe('/g/virus-medicine');
    expect(paths.editor('a/b c?d#e')).toBe('/e/a%2Fb%20c%3Fd%23e');
    expect(decodeURIComponent(paths.editor('a/b c?d#e').slice('/e/'.length))).toBe('a/b c?d#e');
    expect(paths.review('中文')).toBe('/review/%E4%B8%AD%E6%96%87');
    expect(paths.reviewQueue()).toBe('/review');
    expect(publicEntryUrl('booster-intervals')).toBe('/e/booster-intervals');
  });

  it('puts the return target in ?next= only when there is somewhere to return to', () => {
    expect(paths.login()).toBe('/login');
    expect(paths.login('/')).toBe('/login');
    expect(paths.login('/g/vaccines?tab=1')).toBe('/login?next=%2Fg%2Fvaccines%3Ftab%3D1');
    expect(new URLSearchParams(paths.login('/e/x y').split('?')[1]).get('next')).toBe('/e/x y');
  });
});

describe('safeReturnPath', () => {
  it.each([
    ['/g/vaccines', '/g/vaccines'],
    ['/e/123?x=1', '/e/123?x=1'],
    [null, '/'],
    ['', '/'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['/login', '/'],
    ['/login?next=/login', '/'],
  ])('returns to %s as %s', (candidate, expected) => {
    expect(safeReturnPath(candidate)).toBe(expected);
  });
});

describe('isWellFormedPath', () => {
  it('accepts paths whose every escape decodes', () => {
    expect(isWellFormedPath('/')).toBe(true);
    expect(isWellFormedPath('/e/3f1c2a7e-0000-4000-8000-000000000000')).toBe(true);
    expect(isWellFormedPath('/g/%E4%B8%AD%E6%96%87')).toBe(true);
    expect(isWellFormedPath('/e/100%25')).toBe(true);
  });

  it('refuses a path with a broken escape (cut-off UTF-8, stray %)', () => {
    expect(isWellFormedPath('/e/%E0')).toBe(false);
    expect(isWellFormedPath('/e/%E4%B8')).toBe(false);
    expect(isWellFormedPath('/g/100%')).toBe(false);
    expect(isWellFormedPath('/review/%zz')).toBe(false);
  });
});
