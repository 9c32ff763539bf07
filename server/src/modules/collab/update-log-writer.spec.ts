import type { LogRow } from './stored-document';
import type { UpdateLogRepository } from './update-log.repository';
import { UpdateLogWriter } from './update-log-writer';

class FakeRepo {
  batches: LogRow[][] = [];
  failNext = 0;
  release: (() => void) | null = null;
  blocked = false;
  async appendRows(rows: LogRow[]) {
    if (this.blocked) await new Promise<void>((r) => (this.release = r));
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('database is down');
    }
    this.batches.push(rows);
  }
}

const row = (n: number): LogRow => ({ entryId: 'e', update: Uint8Array.of(n), userId: 'u' });

// Fake timers: the group-commit window and the retry backoff pass when the test says, not with the machine's load.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('UpdateLogWriter (group commit)', () => {
  it('writes updates arriving within the window in one insert and resolves them after it', async () => {
    const repo = new FakeRepo();
    const writer = new UpdateLogWriter(repo as unknown as UpdateLogRepository, 5);
    const resolved: number[] = [];
    const all = [1, 2, 3].map((n) => writer.append(row(n)).then(() => resolved.push(n)));
    await jest.advanceTimersByTimeAsync(4);
    expect(repo.batches).toHaveLength(0); // still within the window
    await jest.advanceTimersByTimeAsync(1);
    await Promise.all(all);
    expect(repo.batches).toHaveLength(1);
    expect(repo.batches[0].map((r) => r.update[0])).toEqual([1, 2, 3]);
    expect(resolved).toEqual([1, 2, 3]);
  });

  it('resolves a barrier only after everything queued before it is stored', async () => {
    const repo = new FakeRepo();
    repo.blocked = true;
    const writer = new UpdateLogWriter(repo as unknown as UpdateLogRepository, 0);
    const order: string[] = [];
    const first = writer.append(row(1)).then(() => order.push('row'));
    await jest.advanceTimersByTimeAsync(5);
    const barrier = writer.barrier().then(() => order.push('barrier'));
    await jest.advanceTimersByTimeAsync(5);
    expect(order).toEqual([]);
    repo.blocked = false;
    repo.release!();
    await Promise.all([first, barrier]);
    expect(order).toEqual(['row', 'barrier']);
  });

  it('retries a failed insert and resolves nothing until it succeeds', async () => {
    const repo = new FakeRepo();
    repo.failNext = 2;
    const writer = new UpdateLogWriter(repo as unknown as UpdateLogRepository, 0);
    let done = false;
    const p = writer.append(row(7)).then(() => (done = true));
    await jest.advanceTimersByTimeAsync(149); // retried after 50 ms, then after 100 more
    expect(done).toBe(false);
    expect(writer.stats.failures).toBe(2);
    await jest.advanceTimersByTimeAsync(1);
    await p;
    expect(repo.batches).toEqual([[row(7)]]);
    expect(writer.stats.failures).toBe(2);
  });
});
