import { useEffect, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import { awarenessColor } from './presence-color';

type Awareness = WebsocketProvider['awareness'];

export interface PresentUser {
  /** userId when published, else the Yjs client id. */
  key: string;
  name: string;
  color: string;
  isSelf: boolean;
  /** How many connections (tabs) this person has open on the entry. */
  connections: number;
}

/**
 * Who has this entry open, from the awareness states' `user` fields, one line
 * per person (several tabs count once), the reader first, then by name.
 */
export function useAwarenessUsers(awareness: Awareness): PresentUser[] {
  const [users, setUsers] = useState<PresentUser[]>(() => readUsers(awareness));

  useEffect(() => {
    const refresh = () => setUsers(readUsers(awareness));
    refresh();
    // 'change' fires when a state is added, removed or really changed (not on keep-alive renewals).
    awareness.on('change', refresh);
    return () => awareness.off('change', refresh);
  }, [awareness]);

  return users;
}

function readUsers(awareness: Awareness): PresentUser[] {
  const byKey = new Map<string, PresentUser>();
  awareness.getStates().forEach((state, clientId) => {
    const user = (state as { user?: { name?: unknown; color?: unknown; userId?: unknown } } | null)?.user;
    if (!user || typeof user.name !== 'string') return;
    const userId = typeof user.userId === 'string' ? user.userId : null;
    const key = userId ?? `client:${clientId}`;
    const isSelf = clientId === awareness.clientID;
    const existing = byKey.get(key);
    if (existing) {
      existing.connections++;
      existing.isSelf ||= isSelf;
      return;
    }
    const color = awarenessColor(user);
    byKey.set(key, { key, name: user.name, color, isSelf, connections: 1 });
  });
  return Array.from(byKey.values()).sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name));
}
