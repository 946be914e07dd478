// The traffic graph (product.md feature 3): traffic over a period from the console's telemetry source, with
// health, the mTLS share of every edge next to what the configuration predicts, Find/Hide, a side panel and
// a legend. Settings live in the URL and are remembered for the next visit (graph-settings.ts). Telemetry
// trouble is shown above the configured workloads, never as a blank page. The canvas takes the height left
// in the window, so it is never cut off below the fold.
import { Alert, EmptyState, EmptyStateBody, PageSection, Title } from '@patternfly/react-core';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { LoadState } from '../../components/load-state.js';
import { useApi } from '../../hooks/use-api.js';
import { navigate, useLocation } from '../../hooks/use-location.js';
import { compileExpression } from './find-hide.js';
import { GraphCanvas, type Selection } from './graph-canvas.js';
import { parseSettings, remember, rememberedQuery, settingsQuery, withRemembered, type GraphSettings } from './graph-settings.js';
import { GraphToolbar } from './graph-toolbar.js';
import { Legend } from './legend.js';
import { SidePanel } from './side-panel.js';
import { graphQuery, useGraph } from './use-graph.js';

/** The graph fills the window below its top; at least MIN_HEIGHT, scrolling the page when the window is smaller. */
const MIN_HEIGHT = 340;
/** The page section's padding and the card's edge below the graph. */
const BOTTOM_MARGIN = 44;

function useFillHeight(): RefObject<HTMLDivElement> {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const fill = () => {
      const element = ref.current;
      if (!element) return;
      const top = element.getBoundingClientRect().top + window.scrollY;
      element.style.height = `${Math.max(MIN_HEIGHT, window.innerHeight - top - BOTTOM_MARGIN)}px`;
    };
    fill();
    const observer = new ResizeObserver(fill);
    observer.observe(document.body);
    window.addEventListener('resize', fill);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', fill);
    };
  });
  return ref;
}

export function GraphPage() {
  const { pathname, search } = useLocation();
  const searchText = search.toString();
  const settings = useMemo(() => parseSettings(withRemembered(new URLSearchParams(searchText), rememberedQuery())), [searchText]);
  useEffect(() => remember(settings), [settings]);
  const fillRef = useFillHeight();
  const state = useGraph(graphQuery(settings));
  const namespaces = useApi('namespaces', {});
  const [selected, setSelected] = useState<Selection | null>(null);
  const [legend, setLegend] = useState(false);
  const find = useMemo(() => compileExpression(settings.find), [settings.find]);
  const hide = useMemo(() => compileExpression(settings.hide), [settings.hide]);
  const securityAsked = (find?.ok && find.security) || (hide?.ok && hide.security);

  const change = useCallback(
    (update: Partial<GraphSettings>) => {
      const next = { ...parseSettings(withRemembered(new URLSearchParams(window.location.search), rememberedQuery())), ...update };
      remember(next);
      navigate(`${pathname}${settingsQuery(next)}`, { replace: true });
    },
    [pathname],
  );

  // Security operands need the Security display, as in Kiali; the note under the toolbar says so.
  useEffect(() => {
    if (securityAsked && !settings.security) change({ security: true });
  }, [securityAsked, settings.security, change]);

  const { reload } = state;
  useEffect(() => {
    if (settings.refresh === 0) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, settings.refresh * 1000);
    return () => clearInterval(timer);
  }, [settings.refresh, reload]);

  return (
    <>
      <PageSection className="ml-graph-title">
        <Title headingLevel="h1">Traffic graph</Title>
        <p className="ml-subtle">Observed traffic with health and the share of mTLS on every edge, beside what the configuration predicts.</p>
      </PageSection>
      <PageSection padding={{ default: 'noPadding' }} className="ml-graph-toolbar-section">
        <GraphToolbar
          settings={settings}
          namespaces={namespaces.data?.map((n) => n.name) ?? settings.namespaces}
          find={find}
          hide={hide}
          onChange={change}
          onRefresh={reload}
          legend={legend}
          onLegend={() => setLegend(!legend)}
        />
        {securityAsked ? <p className="ml-subtle ml-graph-note">Display → Security is on for this Find/Hide expression.</p> : null}
      </PageSection>
      <PageSection isFilled className="ml-graph-section-main">
        <LoadState state={state} what="the traffic graph">
          {(graph) => (
            <>
              {graph.telemetry.error ? (
                <Alert variant="danger" isInline title={`Could not read traffic from ${graph.telemetry.source ?? 'the telemetry source'}`} className="ml-graph-alert">
                  {graph.telemetry.error}. The graph shows the configured workloads without traffic until it answers.
                </Alert>
              ) : null}
              {graph.telemetry.source === null ? (
                <Alert variant="info" isInline title="No telemetry source" className="ml-graph-alert">
                  Start the console with --demo (the lab's own metrics) or --prometheus URL to see traffic; these are the configured workloads.
                </Alert>
              ) : null}
              <div className="ml-graph-layout" ref={fillRef}>
                <div className="ml-graph-main">
                  {graph.nodes.length === 0 ? (
                    <EmptyState titleText="No traffic" headingLevel="h2">
                      <EmptyStateBody>
                        Nothing was observed in the last {settings.duration}
                        {settings.namespaces.length > 0 ? ` from or to ${settings.namespaces.join(', ')}` : ''}. Try a longer period, or Display → Idle nodes.
                      </EmptyStateBody>
                    </EmptyState>
                  ) : (
                    <GraphCanvas
                      graph={graph}
                      security={settings.security}
                      sidecars={settings.sidecars}
                      labels={settings.labels}
                      layout={settings.layout}
                      find={find}
                      hide={hide}
                      selected={selected}
                      onSelect={setSelected}
                    />
                  )}
                  {legend ? <Legend onClose={() => setLegend(false)} /> : null}
                </div>
                <SidePanel graph={graph} selected={selected} window={settings.duration} onFind={(expression) => change({ find: expression })} />
              </div>
            </>
          )}
        </LoadState>
      </PageSection>
    </>
  );
}
