// The compatibility matrix: what arrives × what the endpoint's data plane accepts (istio-mtls-semantics §4.2, §7).
import type { Dataplane, MtlsMode } from '../model/types.js';
import type { ClientSends } from './client-decision.js';
import { cite, citeZtunnel, ISTIO, ZTUNNEL } from './istio-source.js';

export type ServerMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'NONE';
export type EdgeOutcome = 'mtls' | 'plaintext' | 'tls' | 'fail';

export interface OutcomeDecision {
  readonly outcome: EdgeOutcome;
  readonly reason: string;
}

/** What reaches the endpoint: the TLS its sender originates, inside an HBONE tunnel or not. */
export interface Arrival {
  readonly sends: ClientSends;
  readonly hbone: boolean;
}

/**
 * The endpoint's data plane: its sidecar (with the mode of the target port, and whether it terminates HBONE),
 * ztunnel (STRICT or PERMISSIVE for plaintext), or nothing in front of the application.
 */
export type ServerSide =
  | { readonly dataplane: 'sidecar'; readonly mode: MtlsMode; readonly hbone: boolean }
  | { readonly dataplane: 'ambient'; readonly mode: MtlsMode }
  | { readonly dataplane: 'none' };

export const serverModeOf = (server: ServerSide): ServerMode => (server.dataplane === 'none' ? 'NONE' : server.mode);

type Judge = (arrival: Arrival, server: ServerSide, http: boolean) => OutcomeDecision;

/** HBONE ends at a data plane that terminates it: Istio mTLS between the two, and what was inside goes on. */
function tunnelEnds(arrival: Arrival, where: string, source: string): OutcomeDecision {
  return arrival.sends === 'ISTIO_MUTUAL'
    ? { outcome: 'mtls', reason: cite(`${where} terminates the HBONE tunnel: mutual TLS with both SPIFFE identities`, source) }
    : { outcome: 'tls', reason: cite(`${where} terminates the HBONE tunnel and passes the ${arrival.sends} TLS inside to the app; works if the app serves TLS`, source) };
}

/**
 * `http` = the port is declared HTTP, where a sidecar cannot pass TLS through to the app. For SIMPLE/MUTUAL
 * towards a plain app the outcome is `tls`: it works when the app itself serves TLS.
 */
function sidecarJudge(arrival: Arrival, server: ServerSide, http: boolean): OutcomeDecision {
  const mode = serverModeOf(server);
  if (arrival.hbone) {
    if (server.dataplane === 'sidecar' && server.hbone) return tunnelEnds(arrival, 'the sidecar', ISTIO.sidecarHbone);
    return { outcome: 'fail', reason: cite('HBONE towards a sidecar that does not terminate HBONE (no ISTIO_META_ENABLE_HBONE): nothing listens on port 15008', ISTIO.sidecarHbone) };
  }
  return sidecarMatrix(arrival.sends, mode, http);
}

function sidecarMatrix(sends: ClientSends, mode: ServerMode, http: boolean): OutcomeDecision {
  if (sends === 'PLAINTEXT') {
    return mode === 'STRICT'
      ? { outcome: 'fail', reason: cite('plaintext reaches a STRICT sidecar: no filter chain matches and the connection is reset', ISTIO.inboundChains) }
      : { outcome: 'plaintext', reason: cite(`plaintext is accepted by a ${mode} sidecar`, ISTIO.inboundChains) };
  }
  if (sends === 'ISTIO_MUTUAL') {
    if (mode === 'DISABLE') return { outcome: 'fail', reason: cite('Istio mTLS towards a DISABLE port: the sidecar expects plaintext (503 UF, WRONG_VERSION_NUMBER)', ISTIO.inboundChains) };
    return { outcome: 'mtls', reason: cite(`Istio mTLS is accepted by a ${mode} sidecar`, ISTIO.inboundChains) };
  }
  // SIMPLE or MUTUAL with non-mesh certificates: no Istio ALPN, no mesh client certificate.
  if (mode === 'STRICT') return { outcome: 'fail', reason: cite(`${sends} TLS has no mesh client certificate; a STRICT sidecar rejects the handshake (503 UF)`, ISTIO.inboundChains) };
  if (http) return { outcome: 'fail', reason: cite(`${sends} TLS to an HTTP port of a ${mode} sidecar: it cannot pass TLS through, the connection is closed`, ISTIO.inboundChains) };
  return { outcome: 'tls', reason: cite(`${sends} TLS passes through the ${mode} sidecar to the app; works if the app serves TLS`, ISTIO.inboundChains) };
}

/** ztunnel takes HBONE from any mesh identity; anything else arrives without one and meets its policies. */
function ztunnelJudge(arrival: Arrival, server: ServerSide): OutcomeDecision {
  if (arrival.hbone) return tunnelEnds(arrival, "the endpoint's ztunnel", ISTIO.workloadTunnel);
  if (serverModeOf(server) === 'STRICT') {
    return { outcome: 'fail', reason: citeZtunnel(`${arrival.sends === 'PLAINTEXT' ? 'plaintext' : `${arrival.sends} TLS outside HBONE`} has no peer identity for ztunnel; its STRICT policy denies the connection`, ZTUNNEL.inboundRbac) };
  }
  return appJudge(arrival, 'the app behind a PERMISSIVE ztunnel');
}

/** The application gets the connection as sent. */
function appJudge(arrival: Arrival, to: string): OutcomeDecision {
  if (arrival.hbone) return { outcome: 'fail', reason: `HBONE towards ${to}, which does not terminate it` };
  if (arrival.sends === 'PLAINTEXT') return { outcome: 'plaintext', reason: `plaintext to ${to}` };
  if (arrival.sends === 'ISTIO_MUTUAL') return { outcome: 'fail', reason: `Istio mTLS towards ${to}: the app receives a TLS handshake it cannot answer (503 UF)` };
  return { outcome: 'tls', reason: `${arrival.sends} TLS straight to the app; works if the app serves TLS` };
}

const OUTCOME_BY_DATAPLANE: Readonly<Record<Dataplane, Judge>> = {
  sidecar: sidecarJudge,
  ambient: ztunnelJudge,
  none: (arrival) => appJudge(arrival, 'a destination without sidecar'),
};

export function edgeOutcome(arrival: Arrival, server: ServerSide, http: boolean): OutcomeDecision {
  return OUTCOME_BY_DATAPLANE[server.dataplane](arrival, server, http);
}
