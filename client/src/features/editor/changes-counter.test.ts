import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PmNode } from '@knowledge-hub/shared';
import { countChanges } from './changes-count';
import { ChangesCounter, type CountRequest } from './changes-counter';

const doc = (...paragraphs: string[]): PmNode => ({
  type: 'doc',
  content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
});
const published = doc('Vaccines were tested.', 'Results follow.');

/** A worker that answers with the real diff, later, in the order it is asked (as a worker does). */
class AnsweringWorker extends EventTarget {
  readonly asked: CountRequest[] = [];
  terminated = false;
  postMessage(request: CountRequest): void {
    this.asked.push(request);
    setTimeout(() => this.dispatchEvent(new MessageEvent('message', { data: { id: request.id, count: countChanges(request.published, request.current) } })));
  }
  terminate(): void {
    this.terminated = true;
  }
}

/** A worker whose script never loads: it fires `error` and answers nothing. */
class BrokenWorker extends AnsweringWorker {
  override postMessage(request: CountRequest): void {
    this.asked.push(request);
    setTimeout(() => this.dispatchEvent(new Event('error')));
  }
}

/** A worker that takes every question and never answers (killed for memory, say). */
class SilentWorker extends AnsweringWorker {
  override postMessage(request: CountRequest): void {
    this.asked.push(request);
  }
}

// The page-side fallback warns once (a real browser has workers); these tests expect it.
const quiet = () => vi.spyOn(console, 'warn').mockImplementation(() => undefined);
vi.stubGlobal('Worker', class {});
afterEach(() => vi.restoreAllMocks());

describe('ChangesCounter', () => {
  it('counts in its worker, each answer going to its own question', async () => {
    const worker = new AnsweringWorker();
    const start = vi.fn(() => worker as unknown as Worker);
    const counter = new ChangesCounter(start);
    expect(await counter.count(published, published)).toBe(0);
    expect(await counter.count(published, doc('Vaccines were tested.', 'Results follow.', 'A new finding.'))).toBe(1);
    expect(worker.asked).toHaveLength(2);
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('computes one count at a time: the ones asked meanwhile get the latest draft’s count, the worker is asked twice', async () => {
    const worker = new AnsweringWorker();
    const counter = new ChangesCounter(() => worker as unknown as Worker);
    const counts = await Promise.all([
      counter.count(published, published),
      counter.count(published, doc('Vaccines were tested.', 'Results follow.', 'A new finding.')),
      counter.count(published, doc('Vaccines were tested twice.', 'Results follow.', 'A new finding.')),
    ]);
    expect(counts).toEqual([0, 2, 2]);
    expect(worker.asked.map((r) => r.id)).toEqual([1, 3]);
  });

  it('counts on the page, the waiting counts included, when the worker cannot start', async () => {
    const worker = new BrokenWorker();
    const warn = quiet();
    const counter = new ChangesCounter(() => worker as unknown as Worker);
    const [first, queued] = [counter.count(published, doc('Vaccines were tested.')), counter.count(published, published)];
    expect(await first).toBe(1);
    expect(await queued).toBe(0);
    expect(worker.terminated).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
    // Later counts do not try the worker again.
    expect(await counter.count(published, doc('Something else entirely.'))).toBe(3); // two removed, one added
    expect(worker.asked).toHaveLength(1);
  });

  it('counts on the page when the worker stops answering', async () => {
    const worker = new SilentWorker();
    quiet();
    const counter = new ChangesCounter(() => worker as unknown as Worker, 20);
    expect(await counter.count(published, doc('Vaccines were tested.', 'Results follow.', 'More.'))).toBe(1);
    expect(worker.terminated).toBe(true);
  });

  it('counts on the page when an answer cannot be read', async () => {
    const worker = new SilentWorker();
    quiet();
    const counter = new ChangesCounter(() => worker as unknown as Worker);
    const count = counter.count(published, doc('Vaccines were tested.'));
    worker.dispatchEvent(new Event('messageerror'));
    expect(await count).toBe(1);
  });

  it('counts on the page where the worker cannot even be made', async () => {
    quiet();
    const counter = new ChangesCounter(() => {
      throw new Error('workers are not allowed here');
    });
    expect(await counter.count(published, doc('Vaccines were tested.', 'Results follow.', 'More.'))).toBe(1);
  });
});
