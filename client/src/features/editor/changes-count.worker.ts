// The diff behind "N changes since the published revision", in a worker: comparing every block of a long entry
// (and the shared document model it needs, zod included) never holds the page's main thread while people type.
import '../../zod-without-eval';
import { countChanges } from './changes-count';
import type { CountRequest, CountResult } from './changes-counter';

addEventListener('message', (event: MessageEvent<CountRequest>) => {
  const { id, published, current } = event.data;
  let result: CountResult;
  try {
    result = { id, count: countChanges(published, current) };
  } catch (err) {
    result = { id, error: err instanceof Error ? err.message : String(err) };
  }
  postMessage(result);
});
