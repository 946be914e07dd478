// The service page's mini graph (seed 003's Service Detail Overview): the service's callers and its workloads
// over the last 10 minutes, drawn by the traffic graph's own canvas with Display → Security on, and the
// graph's side panel for what is clicked. Predicted failures and locks look as on the traffic graph.
import { useMemo, useState } from 'react';
import { Link } from '../../components/link.js';
import { LoadState } from '../../components/load-state.js';
import { navigate } from '../../hooks/use-location.js';
import { paths } from '../../routes.js';
import { GraphCanvas, type Selection } from '../graph/graph-canvas.js';
import { SidePanel } from '../graph/side-panel.js';
import { useGraph } from '../graph/use-graph.js';
import { serviceSubgraph, type ServiceScope } from './service-subgraph.js';

const WINDOW = '10m';

export function ServiceGraph({ scope }: { scope: ServiceScope }) {
  // Callers from any namespace: the graph of a namespace holds every edge into it.
  const state = useGraph({ namespaces: scope.namespace, duration: WINDOW, type: 'workload', idleNodes: 'true', encoding: 'columns' });
  const [selected, setSelected] = useState<Selection | null>(null);
  const graph = useMemo(() => (state.data ? serviceSubgraph(state.data, scope) : undefined), [state.data, scope]);
  const full = (find?: string) => paths.graph(`?namespaces=${encodeURIComponent(scope.namespace)}${find ? `&find=${encodeURIComponent(find)}` : ''}`);
  return (
    <LoadState state={{ ...state, data: graph }} what="the service's traffic">
      {(g) => (
        <div className="ml-stack" data-testid="service-graph" data-edges={g.edges.length}>
          {g.telemetry.error ? <p className="ml-warning-text">Could not read traffic: {g.telemetry.error}</p> : null}
          <div className="ml-graph-layout ml-service-graph">
            <div className="ml-graph-main">
              <GraphCanvas graph={g} security sidecars labels="none" layout="auto" find={undefined} hide={undefined} selected={selected} onSelect={setSelected} />
            </div>
            <SidePanel graph={g} selected={selected} window={WINDOW} onFind={(expression) => navigate(full(expression))} />
          </div>
          <div>
            <Link to={full()}>Open the traffic graph of {scope.namespace}</Link>
          </div>
        </div>
      )}
    </LoadState>
  );
}
