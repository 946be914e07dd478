// What any client sends to one endpoint: the data plane of the client decides who decides.
import type { Dataplane, Workload } from '../model/types.js';
import { decideSidecar, direct, type Client, type ClientContext, type ClientDecision } from './client-decision.js';
import type { Destination, Endpoint } from './destinations.js';
import type { DestinationRuleEntry } from './destination-rule-index.js';
import { cite, ISTIO } from './istio-source.js';
import { decideZtunnel } from './ztunnel-client.js';

type WorkloadClient = (ctx: ClientContext, workload: Workload, destination: Destination, endpoint: Endpoint) => ClientDecision;

/** Its sidecar as istiod configures it, the node's ztunnel, or the application itself (plaintext). */
const CLIENT_BY_DATAPLANE: Readonly<Record<Dataplane, WorkloadClient>> = {
  sidecar: decideSidecar,
  ambient: decideZtunnel,
  none: (_ctx, workload) =>
    direct({
      sends: 'PLAINTEXT',
      decidedBy: null,
      explanation: [cite(`${workload.namespace}/${workload.name} has no sidecar and is not in ambient (${workload.dataplaneReason}), so it sends plaintext`, ISTIO.injectRequired)],
    }),
};

export function decideClient(ctx: ClientContext, client: Client, destination: Destination, endpoint: Endpoint): ClientDecision {
  if (client.type === 'outside') {
    return direct({ sends: 'PLAINTEXT', decidedBy: null, explanation: [cite('the client is outside the mesh and has no sidecar, so it sends plaintext', ISTIO.injectRequired)] });
  }
  return CLIENT_BY_DATAPLANE[client.workload.dataplane](ctx, client.workload, destination, endpoint);
}

/**
 * What a client's decision towards a destination reads of the client: two clients with equal inputs get the
 * same decision (all but the wording of its explanation) for every endpoint of the destination. Outside
 * callers and callers without a data plane send plaintext whoever they are, ztunnel decides by the destination
 * alone, and a sidecar reads only whether the host is exported to its namespace and which DestinationRule
 * entry its namespace and labels pick (decideSidecar). Made once per destination, asked per client; only the
 * destination's host and namespace are read, so every port of a host has the same inputs.
 */
export function decisionInputs(ctx: ClientContext, destination: Destination): (client: Client) => string | DestinationRuleEntry {
  const entryFor = ctx.destinationRules.entryChooser(destination.hostname, destination.namespace);
  return (client) => {
    if (client.type === 'outside') return 'outside';
    const workload = client.workload;
    if (workload.dataplane !== 'sidecar') return workload.dataplane;
    if (!ctx.exportedTo(destination, workload.namespace)) return 'not exported';
    return entryFor(workload.namespace, workload.podLabels) ?? 'no rule';
  };
}
