import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYNTHETIC_COUNTRIES, syntheticDays, writeSyntheticCasesCsv } from './synthetic-cases';

describe('synthetic case counts (seed)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kh-synthetic-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('covers 2020-01-22 to 2023-03-09 for 200 distinct countries', () => {
    const days = syntheticDays();
    expect(days[0]).toBe('2020-01-22');
    expect(days.at(-1)).toBe('2023-03-09');
    expect(days.length).toBe(1143);
    expect(new Set(SYNTHETIC_COUNTRIES).size).toBe(200);
  });

  it('writes the same bytes every time: a row per country and day with non-negative counts', async () => {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    expect(await writeSyntheticCasesCsv(a, 3)).toBe(3 * 1143);
    await writeSyntheticCasesCsv(b, 3);
    const text = await readFile(a, 'utf8');
    expect(createHash('sha256').update(text).digest('hex')).toBe(
      createHash('sha256')
        .update(await readFile(b))
        .digest('hex'),
    );
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('date,country,cases,deaths,tests');
    expect(lines.length).toBe(1 + 3 * 1143);
    for (const line of lines.slice(1)) expect(line).toMatch(/^\d{4}-\d{2}-\d{2},[^,]+,\d+,\d+,\d+$/);
    const afghanistan = lines.slice(1, 1144).map((l) => Number(l.split(',')[2]));
    expect(Math.max(...afghanistan)).toBeGreaterThan(100);
  });
});
