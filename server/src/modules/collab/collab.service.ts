import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import * as Y from 'yjs';
import {
  CLOSE_ENTRY_NOT_FOUND,
  CLOSE_FORBIDDEN,
  CLOSE_GOING_AWAY,
  CLOSE_INTERNAL_ERROR,
  CLOSE_MALFORMED_FRAME,
  CLOSE_TOO_MANY,
  CLOSE_UNAUTHENTICATED,
  NOTICE_READ_ONLY_ACCESS_CHANGED,
  NOTICE_READ_ONLY_ARCHIVED,
  NOTICE_READ_ONLY_ENTRY_FULL,
} from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { isCrossOriginRequest } from '../../common/same-origin';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { readMeta } from '../../documents/entry-doc';
import { AuthService } from '../auth/auth.service';
import { extractToken } from '../auth/session-token';
import { EntriesService } from '../entries/entries.service';
import { AccessEvents } from '../users/access-events';
import { CollabConnection } from './collab-connection';
import { CollabStats, type EngineSnapshot } from './collab-stats';
import type { CollabDocument } from './collab-document';
import { BrokenDocumentError, DocumentRegistry } from './document-registry';
import { LocalCollabRelay, type CollabRelay } from './collab-relay';
import { InboundThrottle, type InboundLimits } from './inbound-throttle';
import { closeSocket } from './outgoing-frames';
import { RedisCollabRelay } from './redis-collab-relay';
import { LoopLoad, MAX_TICK_DELAY_MS } from './tick-scheduler';
import { UserSockets, type UserSocket } from './user-sockets';
import { UpdateLogWriter } from './update-log-writer';
import { applyStoredDocument } from './state-merger';
import { UpdateLogRepository } from './update-log.repository';
import { LiveTextRepository } from './live-text.repository';
import { liveBodyText } from './live-text';
import { BodyMentionsService } from './body-mentions.service';

export const COLLAB_PATH_PREFIX = '/collab/';
/**
 * Every socket is pinged this often and terminated when it has not answered
 * the previous ping: a connection whose network vanished leaves (and its
 * presence with it) within two intervals, not after a TCP timeout.
 */
const HEARTBEAT_INTERVAL_MS = 4_000;
const META_SYNC_DELAY_MS = 1_000;
/** Sockets whose session ended are found and re-checked this often. */
const EXPIRY_SWEEP_MS = 5_000;

type LiveSocket = WebSocket & { isAlive?: boolean };

/**
 * The collaboration engine's front door: takes WebSocket upgrades on
 * `/collab/<entryId>` from the shared HTTP server, authenticates and
 * authorises them, and hands each socket to a CollabConnection on the entry's
 * CollabDocument. Everything that can fail closes that one socket with a code
 * from shared/, never the process.
 */
@Injectable()
export class CollabService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Collab');
  private readonly wss: WebSocketServer;
  readonly writer: UpdateLogWriter;
  readonly stats = new CollabStats();
  /** How busy the event loop is: every entry's tick lengthens with it. */
  readonly load: LoopLoad;
  readonly documents: DocumentRegistry;
  /** The other instances (REDIS_URL set), or nobody. */
  readonly relay: CollabRelay;
  private readonly metaTimers = new Map<string, NodeJS.Timeout>();
  private readonly userSockets: UserSockets;
  /** Counts access changes (anyone's): a socket that was opening during one is re-checked once it joined. */
  private accessEpoch = 0;
  private readonly inboundLimits: InboundLimits;
  private heartbeat: NodeJS.Timeout | null = null;
  private expirySweep: NodeJS.Timeout | null = null;
  private shuttingDown = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly entries: EntriesService,
    private readonly repo: UpdateLogRepository,
    access: AccessEvents,
    private readonly liveText: LiveTextRepository,
    private readonly bodyMentions: BodyMentionsService,
  ) {
    this.load = new LoopLoad(config.collab.busyShare, MAX_TICK_DELAY_MS / Math.max(1, config.collab.tickMs));
    this.wss = new WebSocketServer({ noServer: true, maxPayload: config.collab.maxFrameBytes, perMessageDeflate: false });
    this.writer = new UpdateLogWriter(repo, config.collab.logFlushMs, this.stats);
    this.relay = config.redisUrl ? new RedisCollabRelay(config.redisUrl, config.redisPrefix, config.collab.relay) : new LocalCollabRelay();
    this.documents = new DocumentRegistry(
      repo,
      {
        log: this.writer,
        stats: this.stats,
        relay: this.relay,
        tickMs: config.collab.tickMs,
        awarenessTickMs: config.collab.awarenessTickMs,
        load: this.load,
        maxDocumentBytes: config.collab.maxDocumentBytes,
        onContentChanged: (doc) => this.onContentChanged(doc),
      },
      { unloadDelayMs: config.collab.unloadDelayMs, compactEveryRows: config.collab.compactEveryRows },
      (doc) => this.syncMeta(doc),
    );
    this.userSockets = new UserSockets({ perEntry: config.collab.maxConnectionsPerUserPerEntry, perUser: config.collab.maxConnectionsPerUser });
    this.inboundLimits = {
      framesPerSecond: config.collab.maxFramesPerSecond,
      bytesPerSecond: config.collab.maxBytesPerSecond,
      burstFrames: config.collab.maxFramesPerSecond * 2,
      burstBytes: Math.max(config.collab.maxBytesPerSecond * 2, config.collab.maxFrameBytes * 2),
    };
    access.onChange((change) => {
      this.accessEpoch++;
      const sockets = change.entryId
        ? this.userSockets.all().filter((s) => s.entryId === change.entryId)
        : change.userId === null
          ? this.userSockets.all()
          : this.userSockets.of(change.userId);
      void this.recheck(sockets);
    });
    this.relay.start({
      reconnected: () => this.documents.onRelayReconnected(),
      peerGone: (instanceId, crashed) => this.documents.onPeerGone(instanceId, crashed),
    });
  }

  /** Routes upgrades on `/collab/…` of this HTTP server to the engine. */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = (req.url ?? '/').split('?')[0];
      if (!path.startsWith(COLLAB_PATH_PREFIX)) return; // /realtime is socket.io's; others are refused in main.ts
      if (this.shuttingDown) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) =>
        this.onConnection(ws, req).catch((err) => {
          this.logger.error(`collab connection failed: ${(err as Error)?.stack ?? err}`);
          closeSocket(ws, CLOSE_INTERNAL_ERROR, 'internal_error');
        }),
      );
    });
    this.heartbeat = setInterval(() => this.checkHeartbeats(), HEARTBEAT_INTERVAL_MS);
    this.heartbeat.unref();
    this.expirySweep = setInterval(() => this.recheckExpired(), EXPIRY_SWEEP_MS);
    this.expirySweep.unref();
  }

  /**
   * The exact state of an entry's live document now: the loaded one (with
   * every accepted edit) or, when nobody has it open, what Postgres holds.
   */
  async snapshot(entryId: string): Promise<Y.Doc> {
    const loaded = this.documents.loaded(entryId);
    const doc = new Y.Doc();
    if (loaded) {
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(loaded.doc));
      return doc;
    }
    const stored = await this.repo.load(entryId);
    applyStoredDocument(doc, stored);
    return doc;
  }

  /**
   * What a revision freezes: the entry's document as committed to the log,
   * with the authorship counters of exactly those updates (user id → updates
   * sent, deletions and restores included). Waits first for the log to hold
   * everything this instance accepted; other instances relay only what is
   * committed, so nothing accepted before the call is missing.
   */
  async freezeSource(entryId: string): Promise<{ doc: Y.Doc; authorship: Record<string, number> }> {
    await this.writer.barrier();
    const { stored, authorship } = await this.repo.loadWithAuthorship(entryId);
    const doc = new Y.Doc();
    applyStoredDocument(doc, stored);
    return { doc, authorship };
  }

  /**
   * A forward edit of the live document by the server, seen by connected
   * editors; resolves once durable. `guard`, when given, decides whether the
   * edit happens: it calls `apply` (which edits the loaded document at once
   * and queues the update for the log) while it holds what it checked, e.g.
   * inside a transaction that locked the entry's row, so a concurrent change
   * of that row is either committed before the check or waits for the edit.
   * The durable write happens after `guard` returns: a transaction waiting
   * for it would wait for the log writer, which needs that row's key lock
   * (and, embedded, the only connection).
   */
  async editDocument(entryId: string, userId: string, edit: (doc: Y.Doc) => void, guard?: (apply: () => void) => Promise<void>): Promise<void> {
    const doc = await this.documents.acquire(entryId);
    try {
      let durable: Promise<void> | null = null;
      const apply = () => {
        durable ??= doc.applyServerEdit(userId, edit);
      };
      if (!guard) apply();
      else {
        try {
          await guard(apply);
        } catch (err) {
          await (durable as Promise<void> | null)?.catch(() => undefined); // applied before the guard failed: still logged
          throw err;
        }
      }
      await durable;
    } finally {
      this.documents.release(doc);
    }
  }

  get connectionCount(): number {
    return this.wss.clients.size;
  }

  /** The engine's figures now, as a plain object (read by /metrics when scraped). */
  engineSnapshot(): EngineSnapshot {
    const s = this.stats;
    const docs = this.documents.all();
    return {
      connections: this.wss.clients.size,
      loadedEntries: docs.length,
      residentEntries: this.documents.residentCount,
      logRowsPending: this.writer.pendingRows,
      logRowsUncompacted: docs.reduce((n, d) => n + d.rowsSinceCompaction, 0),
      logInsertFailures: this.writer.stats.failures,
      loopUtilization: this.load.utilization,
      tickStretch: this.load.stretch,
      counted: {
        bytesIn: s.bytesIn,
        bytesOut: s.bytesOut,
        framesIn: s.framesIn,
        framesOut: s.framesOut,
        socketWrites: s.socketWrites,
        updates: s.updates,
        heldBack: s.heldBack,
        awareness: s.awareness,
        throttled: s.throttled,
      },
    };
  }

  /**
   * Reads what it needs from the upgrade request and lets go of it: the
   * request (headers, buffers) would otherwise stay reachable from the
   * socket's handlers for the connection's whole life.
   */
  private async onConnection(ws: LiveSocket, req: IncomingMessage): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const bearer = extractToken({ authorization: req.headers.authorization, queryToken: url.searchParams.get('token') });
    const cookie = bearer ? null : extractToken({ cookie: req.headers.cookie });
    return this.openConnection(ws, {
      entryId: url.pathname.slice(COLLAB_PATH_PREFIX.length), // ids are uuids: nothing to decode, and decodeURIComponent throws on "%E0"
      token: bearer ?? cookie,
      // A page on another site cannot read a token, but its WebSocket would carry the victim's cookie.
      crossSiteCookie: cookie !== null && isCrossOriginRequest(req.headers, this.config),
      wantsAck: url.searchParams.get('ack') === '1',
    });
  }

  private async openConnection(
    ws: LiveSocket,
    { entryId, token, crossSiteCookie, wantsAck }: { entryId: string; token: string | null; crossSiteCookie: boolean; wantsAck: boolean },
  ): Promise<void> {
    ws.isAlive = true;
    ws.on('pong', () => (ws.isAlive = true));
    ws.on('error', (err) => this.logger.warn(`socket error: ${err.message}`));
    let refused = false;
    const refuse = (code: number, reason: string) => {
      refused = true;
      closeSocket(ws, code, reason);
    };
    let conn: CollabConnection | null = null;
    const throttle = new InboundThrottle(this.inboundLimits);
    let paused = false;
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (refused || conn?.isClosed) return; // a socket being closed: nothing more is read or kept
      if (!isBinary) return refuse(CLOSE_MALFORMED_FRAME, 'text frames are not part of the protocol');
      const frame = toUint8Array(data);
      this.stats.framesIn++;
      this.stats.bytesIn += frame.byteLength;
      const waitMs = throttle.take(frame.byteLength);
      if (waitMs > 0 && !paused) {
        paused = true;
        this.stats.throttled++;
        ws.pause();
        setTimeout(() => {
          paused = false;
          if (!refused && !conn?.isClosed && opened) ws.resume(); // a closing socket stays unread; one authenticating resumes when joined
        }, waitMs).unref();
      }
      try {
        conn?.handleFrame(frame);
      } catch (err) {
        // Nothing thrown while serving one socket may reach ws' listener (an uncaught exception ends the process).
        if (conn) this.onConnectionError(conn, err);
        else closeSocket(ws, CLOSE_INTERNAL_ERROR, 'internal_error');
      }
    });
    let closed = false;
    ws.once('close', () => (closed = true));
    // Not read at all until it authenticated and joined its document: what the
    // client sends meanwhile waits in the kernel's socket buffers (TCP pushes
    // back), so no number of unauthenticated sockets makes this process buffer anything.
    let opened = false;
    ws.pause();

    if (crossSiteCookie) return refuse(CLOSE_FORBIDDEN, 'csrf_rejected');
    const accessEpoch = this.accessEpoch;
    let doc: CollabDocument;
    let slot: UserSocket | null = null;
    try {
      const actor = await this.auth.verify(token);
      if (!actor) return refuse(CLOSE_UNAUTHENTICATED, 'unauthenticated');
      const [found, expiresAt] = await Promise.all([this.entries.collabAccessFor(actor, entryId), this.auth.sessionExpiry(token!)]);
      if (!found) return refuse(CLOSE_ENTRY_NOT_FOUND, 'entry_not_found');
      if (found.access === 'none') return refuse(CLOSE_FORBIDDEN, 'forbidden');
      if (refused || closed) return;
      slot = this.userSockets.take(actor.id, found.entry.id, token!);
      if (!slot) return refuse(CLOSE_TOO_MANY, 'too_many_connections');
      const taken = slot;
      ws.once('close', () => taken.release());
      doc = await this.documents.acquire(found.entry.id);
      if (closed || refused) return this.documents.release(doc);
      // Beyond the cap a writer still reads along, read-only, and is told why.
      const full = found.access === 'write' && doc.writerCount >= this.config.collab.maxEditorsPerEntry;
      conn = new CollabConnection(ws, { id: actor.id, name: actor.name }, full ? 'read' : found.access, doc, {
        wantsAck,
        maxBufferedBytes: this.config.collab.maxBufferedBytes,
        onError: (c, err) => this.onConnectionError(c, err),
      });
      if (full) conn.notify(NOTICE_READ_ONLY_ENTRY_FULL);
      taken.conn = conn;
      taken.expiresAt = expiresAt?.getTime() ?? null;
      // Someone's access changed while this socket was opening: it may be this account's, which the re-check missed.
      if (this.accessEpoch !== accessEpoch) void this.recheck([taken]);
    } catch (err) {
      // A broken document was logged once when it failed; its refused joins are not logged again each.
      if (!(err instanceof BrokenDocumentError)) this.logger.error(`opening ${entryId}: ${(err as Error).stack ?? err}`);
      return refuse(CLOSE_INTERNAL_ERROR, 'internal_error');
    }
    const live = conn;
    doc.addConnection(live);
    ws.once('close', () => {
      doc.removeConnection(live);
      this.documents.release(doc);
    });
    live.start();
    opened = true;
    if (!paused) ws.resume();
  }

  /**
   * Sockets whose session has ended are re-checked (a session ends without an
   * event): one sweep for all of them, not a timer per socket (an unref'd
   * timer leaves Node's timer list behind until it would have fired).
   */
  private recheckExpired(): void {
    const now = Date.now();
    const expired = this.userSockets.all().filter((s) => s.conn && s.expiresAt !== null && s.expiresAt <= now);
    for (const s of expired) s.expiresAt = null;
    if (expired.length > 0) void this.recheck(expired);
  }

  /**
   * An account's sessions or rights changed (logout, membership or role; on
   * any instance): its open sockets are checked again now. No live session:
   * closed with 4401. No read right: closed with 4403. Write right lost:
   * read-only from now on, with a notice. Gaining a right takes a reconnect.
   */
  private async recheck(sockets: UserSocket[]): Promise<void> {
    const actors = new Map<string, Promise<Actor | null>>();
    await Promise.all(
      sockets.map(async (socket) => {
        const conn = socket.conn;
        if (!conn || conn.isClosed) return;
        try {
          let verifying = actors.get(socket.token);
          if (!verifying) {
            verifying = this.auth.verify(socket.token);
            actors.set(socket.token, verifying);
          }
          const actor = await verifying;
          if (!actor) return conn.close(CLOSE_UNAUTHENTICATED, 'session ended');
          const found = await this.entries.collabAccessFor(actor, socket.entryId);
          if (!found || found.access === 'none') return conn.close(CLOSE_FORBIDDEN, 'forbidden');
          if (found.access === 'read') conn.makeReadOnly(found.entry.archivedAt ? NOTICE_READ_ONLY_ARCHIVED : NOTICE_READ_ONLY_ACCESS_CHANGED);
        } catch (err) {
          // Failing closed: a socket whose rights cannot be checked is dropped; its client reconnects and is checked then.
          this.logger.error(`re-checking access of ${socket.userId}: ${(err as Error).message}`);
          conn.close(CLOSE_INTERNAL_ERROR, 'internal_error');
        }
      }),
    );
  }

  private onConnectionError(conn: CollabConnection, err: unknown): void {
    this.logger.error(`collab connection of ${conn.user.id}: ${(err as Error)?.stack ?? err}`);
    conn.close(CLOSE_INTERNAL_ERROR, 'internal_error');
  }

  private onContentChanged(doc: CollabDocument): void {
    this.documents.maybeCompact(doc);
    if (this.metaTimers.has(doc.entryId)) return;
    this.metaTimers.set(
      doc.entryId,
      setTimeout(() => void this.syncMeta(doc), META_SYNC_DELAY_MS),
    );
  }

  /**
   * Copies title, summary and body text from the live document to the entry
   * row (lists follow meta.title; the workspace search reads the text), and
   * tells the people newly mentioned in the body (body-mentions.service.ts).
   */
  private async syncMeta(doc: CollabDocument): Promise<void> {
    const timer = this.metaTimers.get(doc.entryId);
    if (!timer) return;
    clearTimeout(timer);
    this.metaTimers.delete(doc.entryId);
    const meta = readMeta(doc.doc);
    await this.entries
      .updateTitleAndSummary(doc.entryId, meta.title, meta.summary)
      .catch((err) => this.logger.error(`syncing title of ${doc.entryId}: ${(err as Error).message}`));
    await this.liveText
      .store(doc.entryId, liveBodyText(doc.doc))
      .catch((err) => this.logger.error(`syncing the text of ${doc.entryId}: ${(err as Error).message}`));
    await this.bodyMentions.notice(doc).catch((err) => this.logger.error(`telling those mentioned in ${doc.entryId}: ${(err as Error).message}`));
  }

  private checkHeartbeats(): void {
    for (const ws of this.wss.clients as Set<LiveSocket>) {
      if (ws.isAlive === false) {
        ws.terminate();
        continue;
      }
      ws.isAlive = false;
      ws.ping();
    }
  }

  /**
   * Graceful shutdown: refuse new sockets, store and acknowledge everything
   * received, then close every socket with 1001 and compact the documents.
   * Runs before Nest closes the HTTP server, which would otherwise wait for
   * these sockets forever.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.expirySweep) clearInterval(this.expirySweep);
    for (const doc of this.documents.all()) doc.flushTick();
    await this.writer.drain();
    await new Promise((r) => setImmediate(r)); // let ack sends leave
    for (const ws of this.wss.clients) ws.close(CLOSE_GOING_AWAY, 'server shutting down');
    await this.documents.unloadAll();
    for (const timer of this.metaTimers.values()) clearTimeout(timer);
    await this.relay.close(); // last: the drain above published every accepted update
    this.load.stop();
    this.wss.close();
  }
}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
