import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { closeRedisClient, createRedisClient } from '../../common/redis';
import type { RelayTimings } from '../../config/config';
import {
  decodeRelayFrame,
  encodeInstanceSignal,
  encodeRelayMessage,
  type CollabRelay,
  type DecodedRelayFrame,
  type RelayEvents,
  type RelayHandler,
  type RelayMessage,
} from './collab-relay';

/** The defaults (see RelayTimings): a peer is declared dead after 5 s of silence (a blocked event loop only costs a needless reload). */
export const DEFAULT_RELAY_TIMINGS: RelayTimings = { heartbeatMs: 1_000, peerTimeoutMs: 5_000, subscribeWaitMs: 2_000 };
const BYE_WAIT_MS = 500;

interface Channel {
  handlers: Set<RelayHandler>;
  /** Settles once Redis confirmed the SUBSCRIBE (or it failed). */
  subscribed: Promise<void>;
}

/**
 * The relay over Redis pub/sub (see collab-relay.ts for the messages). Two
 * connections: a subscriber and a publisher. Redis outages are survived, not
 * hidden: while cut off, publishes are dropped and subscriptions wait in
 * ioredis' queue; once both connections are back (ioredis resubscribes by
 * itself), a round trip on the subscriber proves every subscription is in
 * place again and `reconnected` tells the engine to repair what was lost.
 */
export class RedisCollabRelay implements CollabRelay {
  readonly instanceId = randomUUID();
  private readonly logger = new Logger('CollabRelay');
  private readonly sub: Redis;
  private readonly pub: Redis;
  private readonly channels = new Map<string, Channel>();
  /** Other instances heard from: id → last time (ms). */
  private readonly peers = new Map<string, number>();
  private events: RelayEvents | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private reconnecting = false;
  private readyAgain = false;
  private closed = false;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly timings: RelayTimings = DEFAULT_RELAY_TIMINGS,
  ) {
    // The subscriber queues commands during an outage (a load's SUBSCRIBE goes out on reconnect);
    // the publisher does not: a message from before an outage is worth nothing after the repair.
    this.sub = createRedisClient(url, 'collab-sub', { maxRetriesPerRequest: null });
    this.pub = createRedisClient(url, 'collab-pub', { enableOfflineQueue: false, enableAutoPipelining: true });
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.onFrame(channel.toString(), message));
    this.sub.on('ready', () => this.onReady());
    this.pub.on('ready', () => this.onReady());
  }

  private get instancesChannel(): string {
    return `${this.prefix}:collab-instances`;
  }

  private channelOf(entryId: string): string {
    return `${this.prefix}:collab:${entryId}`;
  }

  start(events: RelayEvents): void {
    this.events = events;
    this.sub.subscribe(this.instancesChannel).catch((err) => this.logger.warn(`subscribing to ${this.instancesChannel}: ${err.message}`));
    this.heartbeat = setInterval(() => this.beat(), this.timings.heartbeatMs);
    this.heartbeat.unref();
  }

  async subscribe(entryId: string, onMessage: RelayHandler): Promise<() => Promise<void>> {
    const name = this.channelOf(entryId);
    let channel = this.channels.get(name);
    if (!channel) {
      const subscribed = this.sub.subscribe(name).then(
        () => undefined,
        (err: Error) => this.logger.warn(`subscribing to ${name}: ${err.message}`),
      );
      channel = { handlers: new Set(), subscribed };
      this.channels.set(name, channel);
    }
    channel.handlers.add(onMessage);
    await this.bounded(channel.subscribed, `the subscription to ${name}`);
    const joined = channel;
    return async () => {
      joined.handlers.delete(onMessage);
      if (joined.handlers.size > 0 || this.channels.get(name) !== joined) return;
      this.channels.delete(name);
      if (this.closed) return;
      // Commands on one connection run in order: a later SUBSCRIBE of the same channel comes after this.
      await this.sub.unsubscribe(name).catch((err: Error) => this.logger.warn(`unsubscribing from ${name}: ${err.message}`));
    };
  }

  publish(entryId: string, message: RelayMessage): void {
    this.send(this.channelOf(entryId), encodeRelayMessage(this.instanceId, message));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.pub.status === 'ready') {
      await this.bounded(
        this.pub.publish(this.instancesChannel, Buffer.from(encodeInstanceSignal(this.instanceId, 'bye'))).then(() => undefined),
        'the goodbye',
        BYE_WAIT_MS,
      ).catch(() => undefined);
    }
    await Promise.all([closeRedisClient(this.sub), closeRedisClient(this.pub)]);
  }

  private send(channel: string, frame: Uint8Array): void {
    if (this.closed || this.pub.status !== 'ready') return; // repaired by `reconnected` on the other side and ours
    this.pub.publish(channel, Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength)).catch(() => undefined);
  }

  private onFrame(channel: string, frame: Buffer): void {
    let decoded: DecodedRelayFrame;
    try {
      decoded = decodeRelayFrame(new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength));
    } catch (err) {
      this.logger.warn(`dropping a frame on ${channel} that does not decode: ${(err as Error).message}`);
      return;
    }
    if (decoded.from === this.instanceId) return;
    if ('signal' in decoded) {
      if (decoded.signal === 'bye') this.forget(decoded.from, false);
      else this.peers.set(decoded.from, Date.now());
      return;
    }
    this.peers.set(decoded.from, Date.now());
    if (!('message' in decoded)) return; // a kind from a newer version
    const handlers = this.channels.get(channel)?.handlers;
    if (!handlers) return;
    for (const handler of handlers) {
      try {
        handler(decoded.from, decoded.message);
      } catch (err) {
        this.logger.error(`applying a relayed ${decoded.message.kind} on ${channel}: ${(err as Error).stack ?? err}`);
      }
    }
  }

  private beat(): void {
    this.send(this.instancesChannel, encodeInstanceSignal(this.instanceId, 'heartbeat'));
    if (this.sub.status !== 'ready' || this.reconnecting) return; // we cannot hear anyone: nobody is declared dead
    const now = Date.now();
    for (const [id, last] of this.peers) if (now - last > this.timings.peerTimeoutMs) this.forget(id, true);
  }

  private forget(instanceId: string, crashed: boolean): void {
    this.peers.delete(instanceId);
    if (crashed) this.logger.warn(`instance ${instanceId} stopped answering: reloading shared documents from the log`);
    this.events?.peerGone(instanceId, crashed);
  }

  /** Both connections up (again): once the subscriber has caught up with its (re)subscriptions, repair. */
  private onReady(): void {
    if (this.closed || this.sub.status !== 'ready' || this.pub.status !== 'ready') return;
    if (this.reconnecting) {
      this.readyAgain = true; // a connection flapped during the repair: repair once more afterwards
      return;
    }
    this.reconnecting = true;
    this.sub
      .ping()
      .then(() => {
        // Whoever we could not hear meanwhile gets a fresh timeout instead of being declared dead.
        const now = Date.now();
        for (const id of this.peers.keys()) this.peers.set(id, now);
        this.events?.reconnected();
      })
      .catch((err: Error) => this.logger.warn(`after reconnecting: ${err.message}`))
      .finally(() => {
        this.reconnecting = false;
        if (!this.readyAgain) return;
        this.readyAgain = false;
        this.onReady();
      });
  }

  private async bounded(promise: Promise<void>, what: string, ms = this.timings.subscribeWaitMs): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([promise.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), ms)))]);
    clearTimeout(timer);
    if (timedOut) this.logger.warn(`Redis did not confirm ${what} within ${ms} ms: going on without it (repaired on reconnect)`);
  }
}
