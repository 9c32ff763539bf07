import type { IncomingMessage } from 'node:http';
import { clientAddress } from './client-address';
import { countedPage, pageOfKey } from './counted-page';
import { startsAtZero } from './reach-hook.service';
import { DailySalt } from './daily-salt';
import { loadCountryLookup } from './geo-country';
import { ReachCounter, type Tally } from './reach-counter';
import { DAY_MS } from './reach-day';
import { MemoryTally } from './reach-tally';
import { shadeOf, worldMap } from './world-map';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
const country = loadCountryLookup();

function counterAt(clock: { now: number }, staff: Set<string> = new Set()) {
  const salt = new DailySalt();
  const counter = new ReachCounter({
    salt,
    country,
    isSession: async (t) => staff.has(t),
    clock: () => clock.now,
    onError: (e) => {
      throw e;
    },
  });
  return { counter, salt };
}

const site = (window: Tally[]) => window.filter((t) => t.page === '*');
const readersOf = (window: Tally[]) => site(window).reduce((n, t) => n + t.readers.size, 0);

describe('countedPage', () => {
  it.each([
    ['/', 'hub'],
    ['/?lang=zh', 'hub'],
    ['/g/virology', 'g/virology'],
    ['/e/mrna-vaccines?lang=en', 'e/mrna-vaccines'],
    ['/d/cases-by-country', 'd/cases-by-country'],
    ['/r/vaccine-briefing', 'r/vaccine-briefing'],
    ['/p/not-a-page', null], // plays are counted by the media route, never by a path
    ['/reports', null],
    ['/reports/feed.xml', null],
    ['/e/mrna.bib', null],
    ['/e/mrna/math.css', null],
    ['/search?q=x', null],
    ['/reach', null],
    ['/feed.xml', null],
    ['/E/Upper', null],
  ])('%s → %s', (url, page) => expect(countedPage(url)).toBe(page));
});

describe('clientAddress', () => {
  const req = (peer: string, xff?: string) =>
    ({ socket: { remoteAddress: peer }, headers: xff ? { 'x-forwarded-for': xff } : {} }) as unknown as IncomingMessage;
  const loopback = (a: string | undefined) => a === '127.0.0.1' || a === '::ffff:127.0.0.1';
  it('reads X-Forwarded-For only from a trusted peer, from the right', () => {
    expect(clientAddress(req('127.0.0.1', '8.8.8.8'), loopback)).toBe('8.8.8.8');
    expect(clientAddress(req('127.0.0.1', '1.1.1.1, 8.8.8.8'), loopback)).toBe('8.8.8.8');
    expect(clientAddress(req('127.0.0.1', '8.8.8.8, 127.0.0.1'), loopback)).toBe('8.8.8.8');
    expect(clientAddress(req('203.0.113.9', '8.8.8.8'), loopback)).toBe('203.0.113.9');
    expect(clientAddress(req('127.0.0.1', '8.8.8.8'), () => false)).toBe('127.0.0.1');
    expect(clientAddress(req('::ffff:81.2.69.160'), null)).toBe('81.2.69.160');
  });
});

describe('geo lookup', () => {
  it('finds countries offline and nothing for private addresses', () => {
    expect([country('8.8.8.8'), country('81.2.69.160'), country('1.2.4.8'), country('2a00:1450:4001::1')]).toEqual(['US', 'GB', 'CN', 'DE']);
    expect([country('10.0.0.1'), country('127.0.0.1'), country('not an ip'), country(undefined)]).toEqual([null, null, null, null]);
  });
});

describe('ReachCounter', () => {
  const read = (address: string, page = 'e/a', userAgent = BROWSER, sessionToken: string | null = null) => ({ address, userAgent, page, sessionToken });

  it('counts a reader once per page and day, in their country, and drops bots, empty agents and live sessions', async () => {
    const clock = { now: Date.UTC(2026, 0, 10, 12) };
    const { counter } = counterAt(clock, new Set(['live-session-token']));
    counter.record(read('8.8.8.8'));
    counter.record(read('8.8.8.8'));
    counter.record(read('81.2.69.160'));
    counter.record(read('1.2.4.8', 'e/b'));
    counter.record(read('133.1.1.1', 'e/a', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'));
    counter.record(read('133.1.1.1', 'e/a', ''));
    counter.record(read('133.1.1.1', 'e/a', BROWSER, 'live-session-token'));
    counter.record(read('10.1.2.3', 'e/a', BROWSER, 'expired-token'));
    await counter.settled();
    const window = counter.takeWindow();
    expect(readersOf(window)).toBe(4);
    expect(new Set(site(window).map((t) => t.country))).toEqual(new Set(['US', 'GB', 'CN', 'ZZ']));
    const us = window.find((t) => t.page === 'e/a' && t.country === 'US');
    expect(us?.reads).toBe(2);
    expect(us?.readers.size).toBe(1);
    expect(counter.takeWindow()).toEqual([]);
  });

  it('rotates the salt at midnight: the same reader is a new hash the next day, and the old salt and hashes are gone', async () => {
    const clock = { now: Date.UTC(2026, 0, 10, 23, 59) };
    const { counter, salt } = counterAt(clock);
    const tally = new MemoryTally();
    counter.record(read('8.8.8.8'));
    await counter.settled();
    const day1 = counter.takeWindow();
    const first = await tally.settle(day1, clock.now);
    expect(first.rows.find((r) => r.page === '*')).toMatchObject({ day: '2026-01-10', readers: 1 });
    // Same day again: known, not counted twice.
    counter.record(read('8.8.8.8'));
    await counter.settled();
    expect((await tally.settle(counter.takeWindow(), clock.now)).rows.find((r) => r.page === '*')?.readers).toBe(0);

    clock.now += 2 * 60_000; // 00:01 the next day
    counter.record(read('8.8.8.8'));
    await counter.settled();
    const day2 = counter.takeWindow();
    expect(salt.heldDay).toBe('2026-01-11');
    const hash1 = [...site(day1)[0].readers][0];
    const hash2 = [...site(day2)[0].readers][0];
    expect(hash2).not.toBe(hash1);
    const second = await tally.settle(day2, clock.now);
    expect(second.rows.find((r) => r.page === '*')).toMatchObject({ day: '2026-01-11', readers: 1 });
    expect(tally.heldDays()).toEqual(['2026-01-11']);
    // A read still dated yesterday can no longer be hashed: yesterday's salt is gone.
    expect(salt.saltOf('2026-01-10', clock.now)).toBeNull();
    expect(clock.now - Date.UTC(2026, 0, 10)).toBeLessThan(2 * DAY_MS);
  });
});

describe('world map', () => {
  it('shades countries with readers and names them in the reader language', async () => {
    const svg = (
      await worldMap(
        new Map([
          ['CN', 10],
          ['US', 1],
        ]),
        'zh',
        'map',
        '读者',
      )
    ).value;
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain('data-country="CN"');
    expect(svg).toContain('<title>中国: 10 读者</title>');
    expect(svg).not.toContain('style=');
    expect(shadeOf(10, 10)).not.toBe(shadeOf(0, 10));
  });
});

describe('plays', () => {
  it.each([
    [undefined, true],
    ['bytes=0-', true],
    ['bytes=0-1023', true],
    ['bytes=1024-', false],
    ['bytes=-500', false],
    ['bytes=10-20,0-5', false],
  ])('Range %s starts a play: %s', (range, starts) => expect(startsAtZero(range)).toBe(starts));

  it("a play's key is its report's page", () => {
    expect(pageOfKey('p/vaccine-briefing')).toEqual({ kind: 'play', slug: 'vaccine-briefing', path: '/r/vaccine-briefing' });
    expect(pageOfKey('r/vaccine-briefing')).toEqual({ kind: 'report', slug: 'vaccine-briefing', path: '/r/vaccine-briefing' });
  });
});
