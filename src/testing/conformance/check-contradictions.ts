// Checks whose verdict says traffic fails, held against Istio's view of the same world: a finding that claims
// requests fail must name traffic that fails in the oracle's edges, or it contradicts Istio.
import { CheckContext, checkers, checkSnapshot, type PeerAuthentication } from '../../core/index.js';
import { edgeKey, type MeshlockView, type OracleResult } from './compare.js';

type OracleEdge = OracleResult['edges'][number];

/** Codes whose message claims that requests fail, and the oracle edges that would show it. */
const FAILURE_CLAIMS: Record<string, (view: MeshlockView, object: { namespace: string; name: string; kind: string }, message: string) => (e: OracleEdge) => boolean> = {
  // "requests to host:port (ns/workload) fail": the edges to each named endpoint whose client uses this rule
  // (meshlock's edges, which the comparison holds to Istio's); a rule no real client uses claims nothing here.
  MSL006: (view, object, message) => {
    const named = [...message.matchAll(/([\w.*-]+):(\d+) \(([\w-]+)\/([\w-]+)\)/g)].map((m) => `${m[1]}:${m[2]}/${m[4]}`);
    const rule = `${object.kind}/${object.namespace}/${object.name}`;
    const users = new Set(
      view.edges.filter((e) => e.clientDecidedBy === rule && named.includes(`${e.destination.host}:${e.destination.port}/${e.destination.workload}`)).map(edgeKey),
    );
    return (e) => users.has(edgeKey(e));
  },
  // "this workload rejects in-mesh callers": edges into the workloads the policy selects.
  MSL004: (view, object) => {
    const pa = view.engine.peerAuthenticationsIn(object.namespace).find((p) => p.name === object.name) as PeerAuthentication | undefined;
    const names = new Set(pa ? view.engine.services.selectedWorkloads(object.namespace, pa.selector).map((w) => w.name) : []);
    return (e) => e.destination.namespace === object.namespace && e.destination.workload !== null && names.has(e.destination.workload);
  },
  // Auto mTLS off and STRICT without an ISTIO_MUTUAL rule: in-mesh callers of STRICT ports are turned away.
  KIA0401: () => (e) => e.serverMode === 'STRICT',
  KIA0501: (_view, object) => (e) => e.destination.namespace === object.namespace && e.serverMode === 'STRICT',
  // A namespace-wide DISABLE rule for a STRICT namespace: its clients' plaintext is rejected there.
  KIA0207: (_view, object) => (e) => e.destination.namespace === object.namespace && e.source.startsWith(`${object.namespace}/`),
  KIA0208: (_view, object) => (e) => e.source.startsWith(`${object.namespace}/`) || object.namespace === 'istio-system',
};

/** One line per finding that claims failure while none of the traffic it names fails in Istio. */
export function crossCheck(view: MeshlockView, oracle: OracleResult): string[] {
  const contradictions: string[] = [];
  const results = checkSnapshot(new CheckContext(view.engine), checkers);
  const sidecars = new Set(oracle.workloads.filter((w) => w.sidecar).map((w) => `${w.namespace}/${w.name}`));
  for (const result of results) {
    for (const check of result.checks) {
      const claim = FAILURE_CLAIMS[check.code];
      if (!claim) continue;
      const concerns = claim(view, result, check.message);
      // The claims are about in-mesh callers: only edges from workloads Istio gave a sidecar count.
      const named = oracle.edges.filter((e) => sidecars.has(e.source) && concerns(e));
      // No edge to judge (no Service selects the workload): nothing Istio says contradicts the claim.
      if (named.length === 0 || named.some((e) => e.outcome === 'fail')) continue;
      contradictions.push(
        `${check.code} on ${result.kind}/${result.namespace}/${result.name} says traffic fails ("${check.message}"), but all ${named.length} ` +
          `of Istio's edges it names succeed (${[...new Set(named.map((e) => e.outcome))].join(', ')})`,
      );
    }
  }
  return contradictions;
}
