// The joining client of the join bench, in a worker thread of its own, as a
// browser tab is its own process.
//
// Why a worker and plain ESM: the bench is compiled to CommonJS, and Yjs' and
// lib0's CommonJS builds reach every lib0 function through a namespace getter
// (`_interopNamespaceDefault`), which made applying a 311 KB document take
// about 20 ms in the bench process against about 8 ms with the ESM build, the
// build a browser gets from Vite. Two copies of Yjs must not share a thread
// (Yjs warns: its constructor checks break), so the ESM copy lives here.
//
// Protocol with the parent: workerData = { wsUrl, warmup: Uint8Array, warmupApplies };
// message { warm: applies } → { warmed: true }; { join: { entryId, token, chars } } → { timing: { ms, openMs, answerMs,
// applyMs, emptyFirst } } or { error }.
import { parentPort, workerData } from 'node:worker_threads';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

const MESSAGE_SYNC = 0;

const BODY = 'body'; // DOC_BODY in shared/

/**
 * Warms the JIT as a tab that has run for a while would be: the first applies take 10-15 times as long, and
 * after the worker idled for seconds (while the bench restarts the server or freezes revisions) V8 has dropped
 * optimised code again.
 */
function warmUp(applies) {
  for (let i = 0; i < applies; i++) {
    const d = new Y.Doc();
    Y.applyUpdate(d, workerData.warmup);
    d.destroy();
  }
}

warmUp(workerData.warmupApplies);

/** Opens a socket, syncs, and times the phases until the whole document is applied. */
function join({ entryId, token, chars }) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const doc = new Y.Doc();
    const ws = new WebSocket(`${workerData.wsUrl}/collab/${entryId}?${new URLSearchParams({ token })}`);
    ws.binaryType = 'arraybuffer';
    let openedAt = 0;
    let answeredAt = 0;
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('join timed out'));
    }, 30_000);
    ws.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    ws.on('open', () => {
      openedAt = performance.now();
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(e, doc);
      ws.send(encoding.toUint8Array(e));
    });
    ws.on('message', (data) => {
      const bytes = new Uint8Array(data);
      if (bytes[0] !== MESSAGE_SYNC) return;
      // The whole document may come as an update message followed by a small sync step 2: its first sync message
      // other than the server's step 1 starts the client's part.
      if (answeredAt === 0 && bytes[1] !== syncProtocol.messageYjsSyncStep1) answeredAt = performance.now();
      const d = decoding.createDecoder(bytes);
      decoding.readVarUint(d);
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, MESSAGE_SYNC);
      const type = syncProtocol.readSyncMessage(d, reply, doc, null);
      if (type === syncProtocol.messageYjsSyncStep2) {
        const appliedAt = performance.now();
        clearTimeout(timer);
        // The body's text length, without building its 100k-character string (garbage a later join would collect).
        const paragraph = doc.getXmlFragment(BODY).get(0);
        const length = paragraph?.get(0)?.length ?? 0;
        ws.close();
        doc.destroy();
        resolve({
          ms: appliedAt - t0,
          openMs: openedAt - t0,
          answerMs: answeredAt - openedAt,
          applyMs: appliedAt - answeredAt,
          emptyFirst: length < chars,
        });
      } else if (encoding.length(reply) > 1) {
        ws.send(encoding.toUint8Array(reply));
      }
    });
  });
}

parentPort.on('message', (msg) => {
  if (msg.warm) {
    warmUp(msg.warm);
    parentPort.postMessage({ warmed: true });
    return;
  }
  join(msg.join).then(
    (timing) => parentPort.postMessage({ timing }),
    (err) => parentPort.postMessage({ error: String(err?.message ?? err) }),
  );
});
parentPort.postMessage({ ready: true });
