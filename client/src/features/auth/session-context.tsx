import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { LoginBody, UserDto } from '@knowledge-hub/shared';
import { getAccount, updateAccount } from '../../api/account.api';
import { fetchMe, login, logout, takeBootSession } from '../../api/auth.api';
import { onUnauthenticated } from '../../api/http';
import { afterPageShown } from '../../ui/page-shown';
import { useI18n } from '../../i18n/i18n-context';
import { LANGUAGE_FROM_URL } from '../../i18n/language';

/**
 * Who is signed in. The HttpOnly session cookie is the credential for REST,
 * socket.io and the collab WebSocket alike; the bearer token from the login
 * answer is kept in memory only (never in storage) for callers that need it.
 */
export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; expired: boolean }
  | { status: 'signed-in'; user: UserDto; token: string | null }
  | { status: 'unavailable'; error: unknown };

interface Session {
  state: SessionState;
  signIn: (body: LoginBody) => Promise<void>;
  signOut: () => Promise<void>;
  /** The server already signed this user in (e.g. accepting an invitation set the cookie). */
  adopt: (user: UserDto, token: string | null) => void;
  /** Re-asks the server (after "unavailable", or when a socket reports an expired session). */
  refresh: () => void;
}

const SessionContext = createContext<Session | null>(null);

/** The session the page came with (see takeBootSession): the first state, without asking the server. */
const BOOT_SESSION = takeBootSession();

/** Who the page came signed in as: a user, null (signed out), or undefined (the page did not say). */
export function bootSessionUser(): UserDto | null | undefined {
  return BOOT_SESSION;
}

function bootState(): SessionState {
  if (BOOT_SESSION === undefined) return { status: 'loading' };
  return BOOT_SESSION ? { status: 'signed-in', user: BOOT_SESSION, token: null } : { status: 'signed-out', expired: false };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>(bootState);
  const [probe, setProbe] = useState(0);

  useEffect(() => {
    // The page came with the answer: no need to ask until a refresh.
    if (probe === 0 && BOOT_SESSION !== undefined) return;
    const controller = new AbortController();
    fetchMe(controller.signal).then(
      (user) =>
        setState((s) => {
          if (!user) return { status: 'signed-out', expired: s.status === 'signed-in' };
          // Same person: keep the in-memory token of this session.
          return { status: 'signed-in', user, token: s.status === 'signed-in' && s.user.id === user.id ? s.token : null };
        }),
      (error: unknown) => {
        // A failed re-check (network) never signs anyone out or hides the page they are on.
        if (!controller.signal.aborted) setState((s) => (s.status === 'signed-in' ? s : { status: 'unavailable', error }));
      },
    );
    return () => controller.abort();
  }, [probe]);

  useEffect(() => onUnauthenticated(() => setState((s) => (s.status === 'signed-in' ? { status: 'signed-out', expired: true } : s))), []);

  // The account's language follows the person from device to device: applied whenever a session starts or a page opens on one
  // (the header's switch saves it to the account).
  const { setLang } = useI18n();
  const userId = state.status === 'signed-in' ? state.user.id : null;
  useEffect(() => {
    if (!userId) return;
    const controller = new AbortController();
    // Once the page has shown its content: the page is drawn in the language this browser last used, which is the
    // account's unless it was changed on another device; the request would share a phone's slow line with the page's.
    const cancel = afterPageShown(() =>
      getAccount(controller.signal).then(
        (me) => {
          // A language carried over from the public site (?lang=) is the reader's latest choice: the account learns it.
          if (LANGUAGE_FROM_URL && LANGUAGE_FROM_URL !== me.locale) updateAccount({ locale: LANGUAGE_FROM_URL }).catch(() => undefined);
          else setLang(me.locale);
        },
        () => undefined, // the language stays as it is; nothing else depends on it
      ),
    );
    return () => {
      cancel();
      controller.abort();
    };
  }, [userId, setLang]);

  const signIn = useCallback(async (body: LoginBody) => {
    const { token, user } = await login(body);
    setState({ status: 'signed-in', user, token });
  }, []);

  const adopt = useCallback((user: UserDto, token: string | null) => {
    setState((s) => ({ status: 'signed-in', user, token: token ?? (s.status === 'signed-in' && s.user.id === user.id ? s.token : null) }));
  }, []);

  const signOut = useCallback(async () => {
    // Signed out locally even if the server cannot be reached: the user asked to leave.
    await logout().catch(() => undefined);
    setState({ status: 'signed-out', expired: false });
  }, []);

  const refresh = useCallback(() => setProbe((p) => p + 1), []);

  const value = useMemo(() => ({ state, signIn, signOut, adopt, refresh }), [state, signIn, signOut, adopt, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** The signed-in user; only for pages rendered behind the session gate. */
export function useCurrentUser(): UserDto {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useCurrentUser needs a signed-in session');
  return state.user;
}
