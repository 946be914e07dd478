// The caller a roll-up or a check imagines when it asks "what would an ordinary in-mesh client send?".
import type { Client } from './client-decision.js';

/** A sidecar client with no labels in `namespace`: no workload-selecting DestinationRule applies to it. */
export function probeClient(namespace: string): Client {
  return {
    type: 'workload',
    workload: {
      kind: 'Deployment', workloadKind: 'Deployment', apiVersion: 'apps/v1', namespace, name: '(any sidecar client)',
      labels: {}, annotations: {}, creationTimestamp: '', raw: {}, podLabels: {}, serviceAccount: 'default',
      dataplane: 'sidecar', dataplaneReason: 'an in-mesh client', waypoint: undefined, tlsMode: 'istio', ports: [],
    },
  };
}
