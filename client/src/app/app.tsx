import { useEffect, useRef, useState, type ReactNode } from 'react';
import { type QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { BrowserRouter, useLocation } from 'react-router';
import { createQueryClient } from '../api/query-client';
import { I18nProvider } from '../i18n/i18n-context';
import { SessionProvider, useSession } from '../features/auth/session-context';
import { RealtimeProvider } from '../features/presence/realtime-context';
import { useInvalidateOnReviewEvents } from '../features/review/use-review-queue-events';
import { APP_BASE } from '../routing/paths';
import { RouteErrorBoundary } from './route-error';
import { AppRoutes } from './routes';

/** The app; `queryClient` may come from main.tsx, which starts the first page's reads before the first render. */
export function App({ queryClient: given }: { queryClient?: QueryClient }) {
  const [queryClient] = useState(() => given ?? createQueryClient());
  return (
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <SignedInRealtime>
            <BrowserRouter basename={APP_BASE}>
              <OuterBoundary />
            </BrowserRouter>
          </SignedInRealtime>
        </SessionProvider>
      </QueryClientProvider>
    </I18nProvider>
  );
}

/**
 * The realtime socket lives exactly as long as the session: signing out
 * disconnects it. Cached server state belongs to the signed-in user too:
 * it is dropped when they sign out or someone else signs in.
 */
function SignedInRealtime({ children }: { children: ReactNode }) {
  const { state, refresh } = useSession();
  const userId = state.status === 'signed-in' ? state.user.id : null;
  const queryClient = useQueryClient();
  const cacheOwner = useRef(userId);
  useEffect(() => {
    if (cacheOwner.current !== null && cacheOwner.current !== userId) queryClient.clear();
    cacheOwner.current = userId;
  }, [userId, queryClient]);
  return (
    <RealtimeProvider userId={userId} onUnauthenticated={refresh}>
      <ReviewEventsToCache />
      {children}
    </RealtimeProvider>
  );
}

/** Should the layout itself (the header) fail, the error still shows instead of a blank window. */
function OuterBoundary() {
  const { pathname } = useLocation();
  return (
    <RouteErrorBoundary resetKey={pathname}>
      <AppRoutes />
    </RouteErrorBoundary>
  );
}

/** Review events refresh whatever cached data they concern, on every page. */
function ReviewEventsToCache() {
  useInvalidateOnReviewEvents();
  return null;
}
