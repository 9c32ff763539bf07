// The base styles first: feature styles imported by components come after them.
import './ui/styles.css';
import { parseWithoutEval } from '@knowledge-hub/shared';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';

// The workspace's CSP has no 'unsafe-eval': zod must not even try (see parseWithoutEval).
parseWithoutEval();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
