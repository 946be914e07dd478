// The graph route's answer, decoded from whichever encoding the server used: the graph page and the service
// page's mini graph read it the same way.
import { useMemo } from 'react';
import { ApiError, type CallInput } from '../../../../src/api/client.js';
import { graphOf } from '../../../../src/api/graph-columns.js';
import type { Graph } from '../../../../src/api/graph-schemas.js';
import { useApi, type ApiState } from '../../hooks/use-api.js';
import type { GraphSettings } from './graph-settings.js';

/** The graph route's question for the page's settings: asked by the page, and by main.tsx before the page has loaded. */
export function graphQuery(settings: GraphSettings): CallInput<'graph'>['query'] {
  return {
    namespaces: settings.namespaces.length > 0 ? settings.namespaces.join(',') : undefined,
    duration: settings.duration,
    type: settings.type,
    idleNodes: settings.idle ? 'true' : undefined,
    // The compact form: a fifth of the JSON's bytes, decoded by the same code the tests use.
    encoding: 'columns',
  };
}

/** The graph route's answer decoded; a body that does not decode is an error like any bad response. */
export function useGraph(query: CallInput<'graph'>['query']): ApiState<Graph> {
  const { data, error, loading, reload } = useApi('graph', { query });
  // Decoded once per answer (the hook's data object is kept while nothing new arrives).
  const decoded = useMemo(() => {
    if (!data) return { graph: undefined, error: undefined };
    try {
      return { graph: graphOf(data), error: undefined };
    } catch (failure) {
      return { graph: undefined, error: new ApiError(200, 'bad-response', `GET /api/graph: ${failure instanceof Error ? failure.message : String(failure)}`) };
    }
  }, [data]);
  return { data: decoded.graph, error: error ?? decoded.error, loading, reload };
}

