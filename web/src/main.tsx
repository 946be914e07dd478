import '@patternfly/react-core/dist/styles/base.css';
import './styles.css';
import { StrictMode } from 'react';
import { z } from 'zod';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { RevisionProvider } from './hooks/use-revision.js';

// zod compiles parsers with `new Function` when it can; the CSP forbids eval, so it would only log a violation.
z.config({ jitless: true });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <RevisionProvider>
      <App />
    </RevisionProvider>
  </StrictMode>,
);
