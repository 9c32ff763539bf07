import { Inject, Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { z } from 'zod';
import { MAX_SLUG_CHARS, REALTIME_PATH, REALTIME_UNAUTHENTICATED, type ErrorCode, type RealtimeAck } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { authorize } from '../../common/policy';
import { DomainError } from '../../common/domain-error';
import { isCrossOriginRequest } from '../../common/same-origin';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { AuthService } from '../auth/auth.service';
import { extractToken } from '../auth/session-token';
import { canOnGroup, moderatedGroupIds } from '../groups/groups.policy';
import { GroupsService } from '../groups/groups.service';
import { AccessEvents } from '../users/access-events';
import { PresenceService } from './presence.service';
import type { RealtimeServer, RealtimeSocket } from './realtime.types';
import { ADMIN_REVIEW_ROOM, REVIEW_ROOM_PREFIX, ReviewNotifier, reviewRoom, userRoom } from './review-notifier.service';
import { groupRoom, RosterBroadcaster } from './roster-broadcaster.service';

const watchPayload = z.strictObject({
  groupSlug: z.string().min(1).max(MAX_SLUG_CHARS),
  entryId: z.string().uuid().nullable().optional(),
});

/**
 * socket.io at /realtime: presence rosters per group. Every socket is
 * authenticated at the handshake (cookie or `auth.token`); anonymous
 * handshakes are refused with the error message "unauthenticated", and a
 * handshake authenticated by the cookie alone from another site's page
 * (foreign Origin) with "csrf_rejected". Only members of a group (and
 * admins) may watch its roster.
 * With REDIS_URL, rooms span every instance (see redis-io-adapter.ts).
 */
@WebSocketGateway({ path: REALTIME_PATH, serveClient: false, destroyUpgrade: false, cors: false })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger('Realtime');

  constructor(
    private readonly auth: AuthService,
    private readonly groups: GroupsService,
    private readonly presence: PresenceService,
    private readonly notifier: ReviewNotifier,
    private readonly rosters: RosterBroadcaster,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: AccessEvents,
  ) {}

  /** Everyone hears what concerns them alone; moderators and admins follow the review queue of their groups from the start. */
  async handleConnection(socket: RealtimeSocket): Promise<void> {
    if (socket.data.actor) await socket.join([userRoom(socket.data.actor.id), ...reviewRoomsOf(socket.data.actor)]);
  }

  afterInit(server: RealtimeServer): void {
    this.notifier.bind(server);
    this.rosters.bind(server);
    this.access.onChange(({ userId }) => {
      for (const socket of server.of('/').sockets.values()) {
        if (userId === null || socket.data.actor?.id === userId) void this.recheck(socket);
      }
    });
    server.use((socket, next) => {
      const headers = socket.handshake.headers;
      const authToken = extractToken({ queryToken: typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : null });
      const token = authToken ?? extractToken({ cookie: headers.cookie });
      // Another site's page can open a socket that carries the victim's cookie (WebSockets have no CORS); it cannot supply a token.
      if (!authToken && token && isCrossOriginRequest(headers, this.config)) return next(new Error(CSRF_REJECTED));
      this.auth
        .verify(token)
        .then((actor) => {
          if (!actor) return next(new Error(REALTIME_UNAUTHENTICATED));
          (socket as RealtimeSocket).data.actor = actor;
          (socket as RealtimeSocket).data.token = token!;
          next();
        })
        .catch((err) => {
          this.logger.error(`handshake: ${err.message}`);
          next(new Error('internal_error'));
        });
    });
  }

  @SubscribeMessage('presence:watch')
  async watch(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() body: unknown): Promise<RealtimeAck> {
    try {
      const payload = watchPayload.parse(body);
      const group = await this.groups.requireBySlug(payload.groupSlug);
      authorize(socket.data.actor, canOnGroup(socket.data.actor, 'watch_presence', group.id), `see who is online in ${group.slug}`);
      if (socket.disconnected) return { ok: true }; // gone during the lookup: handleDisconnect already ran, recording it now would leave a ghost
      for (const slug of this.presence.unwatch(socket.id)) {
        await socket.leave(groupRoom(slug));
        this.broadcast(slug);
      }
      await socket.join(groupRoom(payload.groupSlug));
      // A recheck (rights changed) may have run while this handler awaited: it saw no watch yet, so look again now.
      if (!canOnGroup(socket.data.actor, 'watch_presence', group.id)) {
        await socket.leave(groupRoom(payload.groupSlug));
        authorize(socket.data.actor, false, `see who is online in ${group.slug}`);
      }
      for (const slug of this.presence.watch(socket.id, socket.data.actor, payload.groupSlug, payload.entryId ?? null)) this.broadcast(slug);
      return { ok: true };
    } catch (err) {
      return toAckError(err);
    }
  }

  @SubscribeMessage('presence:unwatch')
  async unwatch(@ConnectedSocket() socket: RealtimeSocket): Promise<RealtimeAck> {
    for (const slug of this.presence.unwatch(socket.id)) {
      await socket.leave(groupRoom(slug));
      this.broadcast(slug);
    }
    return { ok: true };
  }

  /**
   * The account's sessions or rights changed: signed out → disconnected;
   * otherwise its review-queue rooms follow its roles now, and it stops
   * watching a roster it may no longer see.
   */
  private async recheck(socket: RealtimeSocket): Promise<void> {
    try {
      const actor = await this.auth.verify(socket.data.token);
      if (!actor) {
        socket.disconnect(true);
        return;
      }
      socket.data.actor = actor;
      const rooms = reviewRoomsOf(actor);
      for (const room of socket.rooms) if (room.startsWith(REVIEW_ROOM_PREFIX) && !rooms.includes(room)) await socket.leave(room);
      await socket.join(rooms);
      const watched = this.presence.watchedBy(socket.id);
      if (!watched) return;
      const group = await this.groups.requireBySlug(watched);
      if (canOnGroup(actor, 'watch_presence', group.id)) return;
      await this.unwatch(socket);
    } catch (err) {
      this.logger.error(`re-checking a socket of ${socket.data.actor?.id}: ${(err as Error).message}`);
      socket.disconnect(true); // failing closed: the client reconnects and is checked then
    }
  }

  handleDisconnect(socket: RealtimeSocket): void {
    for (const slug of this.presence.unwatch(socket.id)) this.broadcast(slug);
  }

  private broadcast(groupSlug: string): void {
    this.rosters.changed(groupSlug);
  }
}

const CSRF_REJECTED: ErrorCode = 'csrf_rejected';

/** The review-queue rooms an account follows: those of the groups it moderates, and every group's for an admin. */
function reviewRoomsOf(actor: Actor): string[] {
  const rooms = moderatedGroupIds(actor).map(reviewRoom);
  if (actor.isAdmin) rooms.push(ADMIN_REVIEW_ROOM);
  return rooms;
}

function toAckError(err: unknown): RealtimeAck {
  if (err instanceof z.ZodError)
    return { ok: false, code: 'validation_failed', message: err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  if (err instanceof DomainError) return { ok: false, code: err.code, message: err.message };
  return { ok: false, code: 'internal_error', message: 'Something went wrong on the server' };
}
