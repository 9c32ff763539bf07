import type { PmNode } from '@knowledge-hub/shared';
import { loadOnce } from '../../ui/load-once';

/** A count asked of the worker (changes-count.worker.ts), and its answer. */
export interface CountRequest {
  id: number;
  published: PmNode;
  current: PmNode;
}
export type CountResult = { id: number; count: number } | { id: number; error: string };

/** A worker that has not answered in this long is taken for dead: the counts are made on the page from then on. */
export const WORKER_ANSWER_TIMEOUT_MS = 30_000;

/** The same diff on the main thread: where there are no workers (tests), or the worker could not start. */
const countHere = loadOnce(() => import('./changes-count'));

interface Waiter {
  resolve: (n: number) => void;
  reject: (e: Error) => void;
}
interface Ask {
  request: CountRequest;
  waiters: Waiter[];
}

/**
 * Counts the blocks that differ between two documents (see countChanges) in a worker, started with the first
 * count and kept for the page's life: the diff of a long entry, and the shared model's schemas it evaluates, cost
 * tens of milliseconds on a phone, which the main thread would otherwise spend while someone types (it still
 * copies the two documents to the worker).
 *
 * One count is computed at a time, and only the latest one asked meanwhile waits for it: the ones it replaces get
 * its answer (the count of the latest draft), so a slow diff never builds a queue. If the worker cannot start (its
 * file not found after a deployment, workers refused) or stops answering, every count, the waiting ones
 * included, is made on the main thread instead.
 */
export class ChangesCounter {
  private worker: Worker | null = null;
  private failed = false;
  private nextId = 1;
  private computing: Ask | null = null;
  private queued: Ask | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly startWorker: () => Worker = defaultWorker,
    private readonly answerTimeoutMs = WORKER_ANSWER_TIMEOUT_MS,
  ) {}

  count(published: PmNode, current: PmNode): Promise<number> {
    const request: CountRequest = { id: this.nextId++, published, current };
    if (this.failed) return this.here(request);
    return new Promise<number>((resolve, reject) => {
      const waiter = { resolve, reject };
      if (this.computing) {
        // Replaces the count waiting behind the one being computed: its callers get this one's answer.
        this.queued = { request, waiters: [...(this.queued?.waiters ?? []), waiter] };
        return;
      }
      this.send({ request, waiters: [waiter] });
    });
  }

  private send(ask: Ask): void {
    this.computing = ask;
    try {
      this.ensureWorker().postMessage(ask.request);
    } catch (err) {
      // No workers here (tests in jsdom), the worker could not be made, or the documents could not be copied.
      this.fallBack(err);
      return;
    }
    this.timer = setTimeout(() => this.fallBack(new Error(`no answer in ${this.answerTimeoutMs} ms`)), this.answerTimeoutMs);
  }

  private answered(result: CountResult): void {
    const ask = this.computing;
    if (!ask || ask.request.id !== result.id) return;
    clearTimeout(this.timer);
    this.computing = null;
    for (const w of ask.waiters) {
      if ('count' in result) w.resolve(result.count);
      else w.reject(new Error(result.error));
    }
    const next = this.queued;
    this.queued = null;
    if (next) this.send(next);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.startWorker();
    worker.addEventListener('message', (event: MessageEvent<CountResult>) => this.answered(event.data));
    // The worker's script failed to load or to run, or an answer could not be read: no answer will come.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.fallBack(new Error(event.message || 'the worker failed'));
    });
    worker.addEventListener('messageerror', () => this.fallBack(new Error('an answer of the worker could not be read')));
    this.worker = worker;
    return worker;
  }

  private fallBack(reason: unknown): void {
    // (Quietly where there are no workers at all: tests.)
    if (!this.failed && typeof Worker !== 'undefined') console.warn('The changes count runs on the page: its worker could not be used', reason);
    this.failed = true;
    clearTimeout(this.timer);
    this.worker?.terminate();
    this.worker = null;
    const asks = [this.computing, this.queued].filter((a): a is Ask => a !== null);
    this.computing = null;
    this.queued = null;
    for (const ask of asks) for (const w of ask.waiters) this.here(ask.request).then(w.resolve, w.reject);
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
