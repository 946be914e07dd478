// The compatibility matrix: what the client sends × what the server accepts (istio-mtls-semantics §4.2).
import type { ClientSends } from './client-decision.js';
import { cite, ISTIO } from './istio-source.js';

export type ServerMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'NONE';
export type EdgeOutcome = 'mtls' | 'plaintext' | 'tls' | 'fail';

export interface OutcomeDecision {
  readonly outcome: EdgeOutcome;
  readonly reason: string;
}

/**
 * `NONE` = the destination port has no sidecar in front of it. `http` = the port is declared HTTP,
 * where a sidecar cannot pass TLS through to the app. For SIMPLE/MUTUAL towards a plain app the
 * outcome is `tls`: it works when the app itself serves TLS.
 */
export function edgeOutcome(sends: ClientSends, server: ServerMode, http: boolean): OutcomeDecision {
  if (sends === 'PLAINTEXT') {
    return server === 'STRICT'
      ? { outcome: 'fail', reason: cite('plaintext reaches a STRICT sidecar: no filter chain matches and the connection is reset', ISTIO.inboundChains) }
      : { outcome: 'plaintext', reason: server === 'NONE' ? 'plaintext to a destination without sidecar' : cite(`plaintext is accepted by a ${server} sidecar`, ISTIO.inboundChains) };
  }
  if (sends === 'ISTIO_MUTUAL') {
    if (server === 'NONE') return { outcome: 'fail', reason: 'Istio mTLS towards a destination without sidecar: the app receives a TLS handshake it cannot answer (503 UF)' };
    if (server === 'DISABLE') return { outcome: 'fail', reason: cite('Istio mTLS towards a DISABLE port: the sidecar expects plaintext (503 UF, WRONG_VERSION_NUMBER)', ISTIO.inboundChains) };
    return { outcome: 'mtls', reason: cite(`Istio mTLS is accepted by a ${server} sidecar`, ISTIO.inboundChains) };
  }
  // SIMPLE or MUTUAL with non-mesh certificates: no Istio ALPN, no mesh client certificate.
  if (server === 'STRICT') return { outcome: 'fail', reason: cite(`${sends} TLS has no mesh client certificate; a STRICT sidecar rejects the handshake (503 UF)`, ISTIO.inboundChains) };
  if (server !== 'NONE' && http) return { outcome: 'fail', reason: cite(`${sends} TLS to an HTTP port of a ${server} sidecar: it cannot pass TLS through, the connection is closed`, ISTIO.inboundChains) };
  return {
    outcome: 'tls',
    reason: server === 'NONE' ? `${sends} TLS straight to the app; works if the app serves TLS` : cite(`${sends} TLS passes through the ${server} sidecar to the app; works if the app serves TLS`, ISTIO.inboundChains),
  };
}
