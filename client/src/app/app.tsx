import type { ReactNode } from 'react';
import { useI18n, I18nProvider } from '../i18n/i18n-context';
import { SessionProvider, useSession } from '../features/auth/session-context';
import { RealtimeProvider } from '../features/presence/realtime-context';
import { AppHeader } from './app-header';
import { AppRoutes } from './app-routes';

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <SignedInRealtime>
          <Shell />
        </SignedInRealtime>
      </SessionProvider>
    </I18nProvider>
  );
}

/** The realtime socket lives exactly as long as the session: signing out disconnects it. */
function SignedInRealtime({ children }: { children: ReactNode }) {
  const { state, refresh } = useSession();
  return (
    <RealtimeProvider userId={state.status === 'signed-in' ? state.user.id : null} onUnauthenticated={refresh}>
      {children}
    </RealtimeProvider>
  );
}

function Shell() {
  const { t } = useI18n();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <AppHeader />
      <main id="main" className="page">
        <AppRoutes />
      </main>
    </>
  );
}
