import type { PmNode } from '@knowledge-hub/shared';
import { loadOnce } from '../../ui/load-once';

/** A count asked of the worker (changes-count.worker.ts), and its answer. */
export interface CountRequest {
  id: number;
  published: PmNode;
  current: PmNode;
}
export type CountResult = { id: number; count: number } | { id: number; error: string };

/** The same diff on the main thread: where there are no workers (tests), or the worker could not start. */
const countHere = loadOnce(() => import('./changes-count'));

/**
 * Counts the blocks that differ between two documents (see countChanges) in a worker, started with the first
 * count and kept for the page's life: the diff of a long entry, and the shared model's schemas it evaluates, cost
 * tens of milliseconds on a phone, which the main thread would otherwise spend while someone types. If the worker
 * cannot start (its file not found after a deployment, workers refused), every count, the waiting ones included,
 * is made on the main thread instead.
 */
export class ChangesCounter {
  private worker: Worker | null = null;
  private failed = false;
  private nextId = 1;
  private readonly waiting = new Map<number, { request: CountRequest; resolve: (n: number) => void; reject: (e: Error) => void }>();

  constructor(private readonly startWorker: () => Worker = defaultWorker) {}

  count(published: PmNode, current: PmNode): Promise<number> {
    const request: CountRequest = { id: this.nextId++, published, current };
    if (this.failed) return this.here(request);
    return new Promise<number>((resolve, reject) => {
      this.waiting.set(request.id, { request, resolve, reject });
      try {
        this.ensureWorker().postMessage(request);
      } catch {
        // No workers here (tests in jsdom), or the worker could not be made.
        this.fallBack();
      }
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.startWorker();
    worker.addEventListener('message', (event: MessageEvent<CountResult>) => {
      const result = event.data;
      const waiting = this.waiting.get(result.id);
      if (!waiting) return;
      this.waiting.delete(result.id);
      if ('count' in result) waiting.resolve(result.count);
      else waiting.reject(new Error(result.error));
    });
    // The worker's script failed to load or to run: no answer will come.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      console.warn('The changes count runs on the page: its worker could not start', event.message);
      this.fallBack();
    });
    this.worker = worker;
    return worker;
  }

  private fallBack(): void {
    this.failed = true;
    this.worker?.terminate();
    this.worker = null;
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of waiting) this.here(w.request).then(w.resolve, w.reject);
  }

  private async here(request: CountRequest): Promise<number> {
    const { countChanges } = await countHere();
    return countChanges(request.published, request.current);
  }
}

function defaultWorker(): Worker {
  if (typeof Worker === 'undefined') throw new Error('this environment has no workers');
  return new Worker(new URL('./changes-count.worker.ts', import.meta.url), { type: 'module', name: 'changes-count' });
}

/** The page's one counter (one editor is open at a time; its worker is idle between counts). */
let shared: ChangesCounter | null = null;
export function changesCounter(): ChangesCounter {
  shared ??= new ChangesCounter();
  return shared;
}
