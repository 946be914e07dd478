// What any client sends to one endpoint: the data plane of the client decides who decides.
import type { Dataplane, Workload } from '../model/types.js';
import { decideSidecar, direct, type Client, type ClientContext, type ClientDecision } from './client-decision.js';
import type { Destination, Endpoint } from './destinations.js';
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
