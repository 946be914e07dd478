import { describe, expect, it } from 'vitest';
import type { Graph, GraphEdge, GraphNode } from '../../../../src/api/graph-schemas.js';
import { testEdge, testNode } from '../graph/graph-builders.js';
import { serviceSubgraph } from './service-subgraph.js';

const node = (id: string): GraphNode => {
  const [namespace = 'unknown', name = null] = id.replace(/^workload:/, '').split('/');
  return testNode({ id, kind: id === 'outside' ? 'outside' : 'workload', namespace, workload: name, app: name, version: null, service: null });
};
const edge = (source: string, target: string, service: string): GraphEdge => testEdge({ id: `${source}>${target}>http`, source, target, requestRate: 1, services: [service] });

const TRAVELS = 'travels.travel-agency.svc.cluster.local';
const graph: Graph = {
  graphType: 'workload',
  durationSeconds: 600,
  endSeconds: null,
  telemetry: { source: 'test', queries: 0, error: null },
  nodes: ['outside', 'workload:travel-portal/voyages', 'workload:travel-agency/travels', 'workload:travel-agency/travels-v2', 'workload:travel-agency/hotels', 'workload:travel-agency/mysqldb'].map(node),
  edges: [
    edge('outside', 'workload:travel-agency/travels', TRAVELS),
    edge('workload:travel-portal/voyages', 'workload:travel-agency/travels', TRAVELS),
    edge('workload:travel-agency/travels', 'workload:travel-agency/hotels', 'hotels.travel-agency.svc.cluster.local'),
    edge('workload:travel-agency/hotels', 'workload:travel-agency/mysqldb', 'mysqldb.travel-agency.svc.cluster.local'),
  ],
  namespaces: [
    { namespace: 'travel-agency', status: 'healthy', nodes: { healthy: 4, degraded: 0, failure: 0, idle: 0 } },
    { namespace: 'travel-portal', status: 'healthy', nodes: { healthy: 1, degraded: 0, failure: 0, idle: 0 } },
  ],
};

describe('the service page’s mini graph', () => {
  it('keeps the callers of the service and every workload behind it, idle ones too, and nothing the service does not take part in', () => {
    const sub = serviceSubgraph(graph, { hostname: TRAVELS, namespace: 'travel-agency', workloads: ['travels', 'travels-v2'] });
    expect(sub.edges.map((e) => e.id)).toEqual(['outside>workload:travel-agency/travels>http', 'workload:travel-portal/voyages>workload:travel-agency/travels>http']);
    expect(sub.nodes.map((n) => n.id)).toEqual(['outside', 'workload:travel-portal/voyages', 'workload:travel-agency/travels', 'workload:travel-agency/travels-v2']);
    expect(sub.namespaces.map((n) => n.namespace)).toEqual(['travel-agency', 'travel-portal']);
  });
});
