import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { PresenceMember, PresenceRoster } from '@knowledge-hub/shared';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { buildRoster, PresenceService } from './presence.service';
import type { RealtimeServer } from './realtime.types';
import { CLUSTER_REQUEST_TIMEOUT_MS } from './redis-io-adapter';

export const groupRoom = (groupSlug: string) => `group:${groupSlug}`;
const GROUP_ROOM_PREFIX = groupRoom('');

/** Rosters are rebuilt this often, and sent when they changed: drops the members of an instance that died. */
const ROSTER_REFRESH_INTERVAL_MS = 15_000;
/**
 * A roster built without every instance's answer (one too busy to answer in time, Redis down) is built again this
 * soon, a few times at most, instead of waiting for the periodic refresh: until then it lacks that instance's people.
 */
export const PARTIAL_ROSTER_RETRY_MS = 1_000;
export const PARTIAL_ROSTER_RETRIES = 3;

interface Refresh {
  again: boolean;
  /** Send even an unchanged roster (a new watcher has none yet). */
  force: boolean;
}

/**
 * Sends every watcher of a group the group's roster whenever it changes.
 *
 * One instance: the roster is this instance's PresenceService, sent at once.
 * Several (REDIS_URL): each instance knows only its own sockets. A change is
 * announced to all ('presence:changed'); each instance then asks the others
 * for their members of the group ('presence:members'), adds its own and sends
 * the result to its *own* watchers. Refreshes of one group run one at a time
 * per instance, and a change announced during one triggers another, so the
 * last roster an instance sends was computed after the last change it heard
 * of — never a stale one overtaking a fresh one. An instance that died simply
 * stops answering (the adapter counts only live subscribers); the periodic
 * refresh removes its members even when nothing else changes.
 */
@Injectable()
export class RosterBroadcaster implements OnModuleDestroy {
  private readonly logger = new Logger('Rosters');
  private readonly clustered: boolean;
  private server: RealtimeServer | null = null;
  private readonly refreshing = new Map<string, Refresh>();
  /** Last roster sent to this instance's watchers of each group (JSON). */
  private readonly lastSent = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  /** Quick retries used per group since its last complete roster. */
  private readonly partialRetries = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly presence: PresenceService,
  ) {
    this.clustered = !!config.redisUrl;
  }

  bind(server: RealtimeServer): void {
    this.server = server;
    if (!this.clustered) return;
    server.sockets.on('presence:changed', (groupSlug) => {
      if (typeof groupSlug === 'string') void this.refresh(groupSlug, true);
    });
    server.sockets.on('presence:members', (groupSlug, ack) => {
      if (typeof groupSlug === 'string' && typeof ack === 'function') ack(this.presence.members(groupSlug));
    });
    this.timer = setInterval(() => this.refreshWatchedGroups(), ROSTER_REFRESH_INTERVAL_MS);
    this.timer.unref();
  }

  /** The roster of a group changed on this instance. */
  changed(groupSlug: string): void {
    const server = this.server;
    if (!server) return;
    if (!this.clustered) {
      server.to(groupRoom(groupSlug)).emit('presence:roster', this.presence.roster(groupSlug));
      return;
    }
    server.serverSideEmit('presence:changed', groupSlug);
    void this.refresh(groupSlug, true);
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async refresh(groupSlug: string, force: boolean): Promise<void> {
    const running = this.refreshing.get(groupSlug);
    if (running) {
      running.again = true;
      running.force ||= force;
      return;
    }
    const state: Refresh = { again: true, force };
    this.refreshing.set(groupSlug, state);
    try {
      while (state.again) {
        const sendAnyway = state.force;
        state.again = false;
        state.force = false;
        if (!this.hasWatchersHere(groupSlug)) {
          this.lastSent.delete(groupSlug);
          continue;
        }
        const { roster, complete } = await this.clusterRoster(groupSlug);
        this.send(roster, sendAnyway);
        if (complete) this.partialRetries.delete(groupSlug);
        else this.retrySoon(groupSlug);
      }
    } catch (err) {
      this.logger.error(`refreshing the roster of ${groupSlug}: ${(err as Error).stack ?? err}`);
    } finally {
      this.refreshing.delete(groupSlug);
    }
  }

  private send(roster: PresenceRoster, sendAnyway: boolean): void {
    const json = JSON.stringify(roster);
    if (!sendAnyway && this.lastSent.get(roster.groupSlug) === json) return;
    this.lastSent.set(roster.groupSlug, json);
    this.server?.local.to(groupRoom(roster.groupSlug)).emit('presence:roster', roster);
  }

  private retrySoon(groupSlug: string): void {
    const used = this.partialRetries.get(groupSlug) ?? 0;
    if (used >= PARTIAL_ROSTER_RETRIES) return; // the periodic refresh takes over
    this.partialRetries.set(groupSlug, used + 1);
    setTimeout(() => void this.refresh(groupSlug, false), PARTIAL_ROSTER_RETRY_MS).unref();
  }

  /** Every instance's members, and whether every instance answered; one that does not answer in time is left out this once. */
  private async clusterRoster(groupSlug: string): Promise<{ roster: PresenceRoster; complete: boolean }> {
    const { remote, complete } = await new Promise<{ remote: unknown[]; complete: boolean }>((resolve) => {
      const timer = setTimeout(() => {
        this.logger.warn(`no answer from the other instances about ${groupSlug} (Redis down?): sending this instance's members only`);
        resolve({ remote: [], complete: false });
      }, CLUSTER_REQUEST_TIMEOUT_MS + 500);
      this.server!.serverSideEmit('presence:members', groupSlug, (err: Error | null, responses: unknown[]) => {
        clearTimeout(timer);
        if (err) this.logger.warn(`roster of ${groupSlug}: ${err.message}`);
        resolve({ remote: responses ?? [], complete: !err });
      });
    });
    const members: PresenceMember[] = [...this.presence.members(groupSlug)];
    for (const answer of remote) if (Array.isArray(answer)) members.push(...(answer as PresenceMember[]));
    return { roster: buildRoster(groupSlug, members), complete };
  }

  private hasWatchersHere(groupSlug: string): boolean {
    return (this.server?.sockets.adapter.rooms.get(groupRoom(groupSlug))?.size ?? 0) > 0;
  }

  private refreshWatchedGroups(): void {
    const rooms = this.server?.sockets.adapter.rooms;
    if (!rooms) return;
    for (const slug of this.lastSent.keys()) if (!rooms.has(groupRoom(slug))) this.lastSent.delete(slug);
    for (const name of rooms.keys()) {
      if (name.startsWith(GROUP_ROOM_PREFIX)) void this.refresh(name.slice(GROUP_ROOM_PREFIX.length), false);
    }
  }
}
