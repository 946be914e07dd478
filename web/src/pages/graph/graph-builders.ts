// Test builders for the graph page's unit tests: a healthy, mTLS-only node and edge of the API's graph, with
// the fields a test cares about given over them. Only tests import this file.
import type { GraphEdge, GraphNode } from '../../../../src/api/graph-schemas.js';

const health = { status: 'healthy' as const, requestRate: 1, errorRate: 0, errorPercent: 0 };

export const testNode = (over: Partial<GraphNode>): GraphNode => ({
  id: 'workload:a/b',
  kind: 'workload',
  namespace: 'a',
  workload: 'b',
  app: 'b',
  version: 'v1',
  service: 'b',
  sidecar: true,
  dataplane: 'sidecar',
  waypoint: null,
  health: { ...health, inbound: health, outbound: health },
  ...over,
});

export const testEdge = (over: Partial<GraphEdge>): GraphEdge => ({
  id: 'x>y>http',
  source: 'x',
  target: 'y',
  protocol: 'http',
  requestRate: 3,
  errorRate: 0,
  errorPercent: 0,
  responses: [],
  tcpSentBytesRate: 0,
  tcpReceivedBytesRate: 0,
  mtlsPercent: 100,
  plaintextPercent: 0,
  security: 'mtls',
  lock: 'full',
  sourcePrincipals: [],
  destinationPrincipals: [],
  services: [],
  predictedOutcome: 'mtls',
  predictions: [],
  waypoint: null,
  mismatch: null,
  health: 'healthy',
  observed: true,
  ...over,
});
