import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import {
  CLOSE_FRAME_TOO_LARGE,
  CLOSE_GOING_AWAY,
  CLOSE_INTERNAL_ERROR,
  FATAL_CLOSE_CODES,
  NOTICE_DOCUMENT_TOO_LARGE,
  NOTICE_READ_ONLY_ACCESS_CHANGED,
  NOTICE_READ_ONLY_ARCHIVED,
  NOTICE_READ_ONLY_ENTRY_FULL,
  type AwarenessUser,
} from '@knowledge-hub/shared';
import { countingWebSocketClass, type CountingWebSocket } from './counting-web-socket';
import { CONNECT_TIMEOUT_MS, LIVENESS_CHECK_MS, livenessVerdict } from './liveness';

/**
 * One entry's live document: a Y.Doc, the y-websocket provider that syncs it
 * with /collab/<entryId>, and the save status derived from the ack counts of
 * the current socket. Created once per opened entry and destroyed with it.
 */
export type ConnectionStatus = 'connecting' | 'live' | 'saving' | 'offline';

export interface CollabSnapshot {
  status: ConnectionStatus;
  /** The document has been loaded from the server at least once. */
  loaded: boolean;
  /** The close code to explain to the reader, if any. */
  closeCode: number | null;
  /** The provider stopped for good (a fatal or repeating close); only `reconnect()` resumes. */
  stopped: boolean;
  /**
   * Why the server made this connection read-only, from its notice: the entry
   * has too many editors, the account lost write access, a moderator archived
   * the entry, or the document reached its size limit. null: it did not.
   */
  readOnlyNotice: ReadOnlyNotice | null;
}

/**
 * Whether the provider may reconnect on its own after the server closed the
 * socket. Not after the fatal codes (session, permission, missing entry), nor
 * anywhere in 4400–4499 (the server's deliberate refusals, malformed frames
 * among them), nor after 1009: the resync would re-send the frame that was too large.
 */
function mayReconnect(event: CloseEvent): boolean {
  if (FATAL_CLOSE_CODES.includes(event.code) || event.code === CLOSE_FRAME_TOO_LARGE) return false;
  return !(event.code >= 4400 && event.code < 4500);
}

export type ReadOnlyNotice =
  | typeof NOTICE_READ_ONLY_ENTRY_FULL
  | typeof NOTICE_READ_ONLY_ACCESS_CHANGED
  | typeof NOTICE_READ_ONLY_ARCHIVED
  | typeof NOTICE_DOCUMENT_TOO_LARGE;
const READ_ONLY_NOTICES: readonly string[] = [
  NOTICE_READ_ONLY_ENTRY_FULL,
  NOTICE_READ_ONLY_ACCESS_CHANGED,
  NOTICE_READ_ONLY_ARCHIVED,
  NOTICE_DOCUMENT_TOO_LARGE,
];

/** The latest notice of this connection that made it read-only. */
function readOnlyNoticeOf(notices: readonly string[]): ReadOnlyNotice | null {
  for (let i = notices.length - 1; i >= 0; i--) if (READ_ONLY_NOTICES.includes(notices[i])) return notices[i] as ReadOnlyNotice;
  return null;
}

/** Codes worth a notice while the provider keeps reconnecting on its own. */
const TRANSIENT_NOTICE_CODES: readonly number[] = [CLOSE_INTERNAL_ERROR, CLOSE_GOING_AWAY];

export class CollabSession {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  private snapshot: CollabSnapshot = { status: 'connecting', loaded: false, closeCode: null, stopped: false, readOnlyNotice: null };
  private readonly listeners = new Set<() => void>();
  private everConnected = false;
  private readonly watchdog: ReturnType<typeof setInterval>;

  constructor(
    entryId: string,
    /** Published as the awareness `user` field: presence list and carets. */
    readonly user: AwarenessUser,
    /** The server drops a reader's updates and never acks them: do not wait for acks. */
    private readonly readOnly: boolean,
  ) {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    this.provider = new WebsocketProvider(`${scheme}://${window.location.host}/collab`, entryId, this.doc, {
      connect: false,
      params: { ack: '1' },
      WebSocketPolyfill: countingWebSocketClass((socket) => this.update({ readOnlyNotice: readOnlyNoticeOf(socket.notices) })),
      shouldReconnect: mayReconnect,
    });
    this.provider.awareness.setLocalStateField('user', user);
    this.provider.on('status', ({ status }) => {
      if (status === 'connected') {
        // A reconnect: the server forgot our presence when the old socket closed, at our last clock, so the same
        // state at that clock (which the provider sends on open) is ignored everywhere until y-protocols renews it
        // 15 s later. Renewed now, at the next clock: the others see us (and our caret) again at once.
        if (this.everConnected) this.renewPresence();
        this.everConnected = true;
      }
      this.update();
    });
    // A successful sync also clears a transient notice (server restarted, internal error).
    this.provider.on('sync', (synced) => this.update(synced ? { loaded: true, closeCode: null } : {}));
    this.provider.on('connection-close', (event) => {
      if (event && TRANSIENT_NOTICE_CODES.includes(event.code)) this.update({ closeCode: event.code });
    });
    // Emitted after a close that shouldReconnect refused: stop for good, say why.
    this.provider.on('closed', ({ code }) => {
      this.provider.disconnect();
      this.update({ closeCode: code, stopped: true });
    });
    this.provider.connect();
    this.watchdog = setInterval(() => this.checkLiveness(), LIVENESS_CHECK_MS);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): CollabSnapshot => this.snapshot;

  /** Resumes after a stop (e.g. after removing the content that was too large). */
  reconnect(): void {
    this.update({ closeCode: null, stopped: false });
    this.provider.connect();
  }

  destroy(): void {
    clearInterval(this.watchdog);
    this.listeners.clear();
    this.provider.destroy();
    // Destroying the doc also destroys the provider's awareness (its timer).
    this.doc.destroy();
  }

  /** A socket that stopped answering is given up within seconds (liveness.ts), so the editor says "Offline", not "Saving…". */
  private checkLiveness(): void {
    const socket = this.provider.ws as CountingWebSocket | null;
    if (!socket) return;
    const now = performance.now();
    if (socket.readyState === WebSocket.CONNECTING) {
      if (now - socket.lastReceivedAt >= CONNECT_TIMEOUT_MS) socket.abandon();
      return;
    }
    if (socket.readyState !== WebSocket.OPEN) return;
    const verdict = livenessVerdict(now - socket.lastReceivedAt, socket.lastProbeAt === null ? null : now - socket.lastProbeAt);
    if (verdict === 'probe') socket.probe();
    else if (verdict === 'dead') socket.abandon();
  }

  private update(patch: Partial<CollabSnapshot> = {}): void {
    const draft = { ...this.snapshot, ...patch };
    const next = { ...draft, status: this.status(draft.stopped, draft.readOnlyNotice !== null) };
    const prev = this.snapshot;
    if (
      next.status === prev.status &&
      next.loaded === prev.loaded &&
      next.closeCode === prev.closeCode &&
      next.stopped === prev.stopped &&
      next.readOnlyNotice === prev.readOnlyNotice
    )
      return;
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }

  /** Publishes our awareness state again with the next clock (same content). */
  private renewPresence(): void {
    const state = this.provider.awareness.getLocalState();
    if (state) this.provider.awareness.setLocalState({ ...state });
  }

  private status(stopped: boolean, readOnlyByServer: boolean): ConnectionStatus {
    const { provider } = this;
    if (!provider.wsconnected) return stopped || this.everConnected ? 'offline' : 'connecting';
    if (!provider.synced) return 'connecting';
    if (this.readOnly || readOnlyByServer) return 'live';
    const socket = provider.ws as CountingWebSocket | null;
    return socket && !socket.allAcknowledged ? 'saving' : 'live';
  }
}
