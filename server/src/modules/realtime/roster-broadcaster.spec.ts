import type { PresenceMember, PresenceRoster } from '@knowledge-hub/shared';
import type { AppConfig } from '../../config/config';
import { PresenceService } from './presence.service';
import { PARTIAL_ROSTER_RETRIES, PARTIAL_ROSTER_RETRY_MS, RosterBroadcaster } from './roster-broadcaster.service';
import type { RealtimeServer } from './realtime.types';

type MembersAnswer = { err: Error | null; responses: unknown[] };

/** A socket.io server of one instance among several, as far as RosterBroadcaster uses it. */
function fakeServer(answers: MembersAnswer[]) {
  const sent: PresenceRoster[] = [];
  const asked: string[] = [];
  const server = {
    sockets: { on: () => undefined, adapter: { rooms: new Map([['group:vaccines', new Set(['socket-a'])]]) } },
    serverSideEmit: (event: string, slug: string, ack?: (err: Error | null, responses: unknown[]) => void) => {
      if (event !== 'presence:members' || !ack) return;
      asked.push(slug);
      const answer = answers.shift() ?? { err: null, responses: [] };
      ack(answer.err, answer.responses);
    },
    local: { to: () => ({ emit: (_event: string, roster: PresenceRoster) => sent.push(roster) }) },
  };
  return { server: server as unknown as RealtimeServer, sent, asked };
}

const bob: PresenceMember = { userId: 'u-bob', name: 'Bob', color: '#000000', entryId: 'e-1' };
const timeout = () => new Error('timeout reached: only 0 responses received out of 1');

describe('RosterBroadcaster with several instances', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('a roster built without an instance that was too busy to answer is built again within a second, not at the next 15 s refresh', async () => {
    const presence = new PresenceService();
    const rosters = new RosterBroadcaster({ redisUrl: 'redis://127.0.0.1:6379' } as AppConfig, presence);
    const { server, sent } = fakeServer([
      { err: timeout(), responses: [] },
      { err: null, responses: [[bob]] },
    ]);
    rosters.bind(server);
    presence.watch('socket-a', { id: 'u-alice', name: 'Alice' }, 'vaccines', null);
    rosters.changed('vaccines');
    await jest.advanceTimersByTimeAsync(0);
    expect(sent.at(-1)?.members.map((m) => m.userId)).toEqual(['u-alice']); // what this instance knows, at once

    await jest.advanceTimersByTimeAsync(PARTIAL_ROSTER_RETRY_MS);
    expect(
      sent
        .at(-1)
        ?.members.map((m) => m.userId)
        .sort(),
    ).toEqual(['u-alice', 'u-bob']);
    rosters.onModuleDestroy();
  });

  it('retries a few times at most while the other instances stay silent (Redis down), then leaves it to the periodic refresh', async () => {
    const presence = new PresenceService();
    const rosters = new RosterBroadcaster({ redisUrl: 'redis://127.0.0.1:6379' } as AppConfig, presence);
    const { server, asked } = fakeServer(Array.from({ length: 20 }, () => ({ err: timeout(), responses: [] })));
    rosters.bind(server);
    presence.watch('socket-a', { id: 'u-alice', name: 'Alice' }, 'vaccines', null);
    rosters.changed('vaccines');
    await jest.advanceTimersByTimeAsync(10 * PARTIAL_ROSTER_RETRY_MS);
    expect(asked).toHaveLength(1 + PARTIAL_ROSTER_RETRIES);
    rosters.onModuleDestroy();
  });
});
