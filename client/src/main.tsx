// Before anything that may load zod (see the module).
import './zod-without-eval';
// The base styles first: feature styles imported by components come after them.
import './ui/styles.css';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { preloadRoute } from './app/routes';
import { createQueryClient } from './api/query-client';
import { bootSessionUser } from './features/auth/session-context';
import { loadDictionary } from './i18n/dictionaries';
import { initialLanguage } from './i18n/language';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const queryClient = createQueryClient();

// In tasks of their own, right after the entry chunk's evaluation (on a phone, each of the three is a long task if
// run with another): first what the page this load starts on needs (its chunk, its main reads) is asked for, not
// once it renders (see preloadRoute); then the first render.
setTimeout(() => {
  setTimeout(() => firstRender(root), 0);
  try {
    preloadRoute(window.location.pathname, queryClient, Boolean(bootSessionUser()));
  } catch (err) {
    // Only a head start: the page asks for what it needs when it renders.
    console.warn('Could not start the page’s reads ahead of its first render', err);
  }
}, 0);

function firstRender(container: HTMLElement): void {
  // A Chinese reader's first paint is in Chinese: their texts (a chunk of their own) come first.
  loadDictionary(initialLanguage())
    .catch((err: unknown) => console.warn('Could not load the interface texts; showing English', err))
    .finally(() =>
      // As a transition, the first render yields to the browser every few milliseconds instead of holding the
      // main thread for as long as the whole page takes to render (a phone's longest task before its first paint).
      startTransition(() =>
        createRoot(container).render(
          <StrictMode>
            <App queryClient={queryClient} />
          </StrictMode>,
        ),
      ),
    );
}
