import '@patternfly/react-core/dist/styles/base.css';
import './styles.css';
import { StrictMode } from 'react';
import { z } from 'zod';
import { createRoot } from 'react-dom/client';
import { App, preloadPage } from './app.js';
import { askEarly } from './hooks/use-api.js';
import { RevisionProvider } from './hooks/use-revision.js';
import { parseSettings, rememberedQuery, withRemembered } from './pages/graph/graph-settings.js';
import { graphQuery } from './pages/graph/use-graph.js';
import { matchRoute } from './routes.js';

// zod compiles parsers with `new Function` when it can; the CSP forbids eval, so it would only log a violation.
z.config({ jitless: true });

// The page's code starts loading now; the graph, the console's largest answer, is asked for at the same time,
// so the server builds it while the browser loads and starts the page.
const route = matchRoute(window.location.pathname);
preloadPage(route);
if (route.page === 'graph') askEarly('graph', { query: graphQuery(parseSettings(withRemembered(new URLSearchParams(window.location.search), rememberedQuery()))) });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <RevisionProvider>
      <App />
    </RevisionProvider>
  </StrictMode>,
);
