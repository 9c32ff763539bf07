import { describe, expect, it, vi } from 'vitest';
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

describe('ChangesCounter', () => {
  it('counts in its worker, each answer going to its own question', async () => {
    const worker = new AnsweringWorker();
    const start = vi.fn(() => worker as unknown as Worker);
    const counter = new ChangesCounter(start);
    const [none, one, two] = await Promise.all([
      counter.count(published, published),
      counter.count(published, doc('Vaccines were tested.', 'Results follow.', 'A new finding.')),
      counter.count(published, doc('Vaccines were tested twice.', 'Results follow.', 'A new finding.')),
    ]);
    expect([none, one, two]).toEqual([0, 1, 2]);
    expect(worker.asked).toHaveLength(3);
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('counts on the page, the waiting counts included, when the worker cannot start', async () => {
    const worker = new BrokenWorker();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const counter = new ChangesCounter(() => worker as unknown as Worker);
    const waiting = counter.count(published, doc('Vaccines were tested.'));
    expect(await waiting).toBe(1);
    expect(worker.terminated).toBe(true);
    expect(warn).toHaveBeenCalled();
    // Later counts do not try the worker again.
    expect(await counter.count(published, doc('Something else entirely.'))).toBe(3); // two removed, one added
    expect(worker.asked).toHaveLength(1);
    warn.mockRestore();
  });

  it('counts on the page where the worker cannot even be made', async () => {
    const counter = new ChangesCounter(() => {
      throw new Error('workers are not allowed here');
    });
    expect(await counter.count(published, doc('Vaccines were tested.', 'Results follow.', 'More.'))).toBe(1);
  });
});
