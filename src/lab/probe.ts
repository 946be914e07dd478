// `meshlock lab probe`: one request through the lab, like the seeds' curl, reported as the contract in
// docs/product.md says ({"ok","status","error","mtls"}) plus what happened on the wire, so it can be set
// beside `meshlock edges` for the same edge.
import type { ClientSends, EdgeOutcome } from '../core/index.js';
import type { LabCall } from './lab.js';

export interface ProbeResult {
  readonly ok: boolean;
  readonly status: number | null;
  readonly error: string | null;
  /** The exchange was carried by a mesh mTLS connection. */
  readonly mtls: boolean;
  /** What the handshakes did, in the terms of `meshlock edges`. */
  readonly outcome: EdgeOutcome;
  readonly clientSends: ClientSends;
  /** The endpoint's data plane received an HBONE tunnel (ambient mode). */
  readonly hbone: boolean;
  /** `namespace/name` of the waypoint the request went through; `clientSends` is then the waypoint's hop. */
  readonly waypoint: string | null;
  readonly responseFlags: string;
  readonly source: string;
  readonly destination: { readonly host: string; readonly port: number; readonly namespace: string; readonly workload: string | null; readonly address: string | null };
  /** SPIFFE ID in the server certificate, when TLS presented one. */
  readonly serverPrincipal: string | null;
}

export function probeResult(call: LabCall): ProbeResult {
  const { upstream } = call;
  let outcome: EdgeOutcome = 'fail';
  if (call.ok) outcome = call.transport === 'istio-mtls' ? 'mtls' : call.transport === 'tls' ? 'tls' : 'plaintext';
  return {
    ok: call.ok,
    status: call.status,
    error: call.error,
    mtls: call.ok && call.transport === 'istio-mtls',
    outcome,
    clientSends: call.sends,
    hbone: call.hbone,
    waypoint: call.waypoint ? `${call.waypoint.namespace}/${call.waypoint.name}` : null,
    responseFlags: call.responseFlags,
    source: call.source,
    destination: {
      host: upstream.destination.hostname,
      port: upstream.destination.servicePort.port,
      namespace: upstream.destination.namespace,
      workload: upstream.endpoint.workload?.name ?? null,
      address: upstream.address ? `${upstream.address.host}:${upstream.address.port}` : null,
    },
    serverPrincipal: call.upstreamPrincipal ?? null,
  };
}

/** One line as a user of curl would read it. */
export function formatProbe(result: ProbeResult): string {
  const to = `${result.destination.host}:${result.destination.port}`;
  const what = result.status !== null ? `HTTP ${result.status}` : result.ok ? 'TCP echo ok' : 'failed';
  const tunnel = `${result.hbone ? ' over HBONE' : ''}${result.waypoint ? ` via waypoint ${result.waypoint}` : ''}`;
  const security = result.ok ? (result.mtls ? `mTLS${tunnel}, server ${result.serverPrincipal ?? 'unknown'}` : `${result.outcome === 'tls' ? 'TLS (not Istio mTLS)' : 'plaintext'}${tunnel}`) : undefined;
  const flags = result.responseFlags !== '-' ? ` [${result.responseFlags}]` : '';
  return `${result.source} → ${to}: ${what}${security ? ` (${security})` : ''}${result.error ? `: ${result.error}` : ''}${flags}\n`;
}
