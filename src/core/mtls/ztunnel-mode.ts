// What ztunnel enforces on an ambient workload's port. ztunnel accepts HBONE from any mesh identity; a
// PeerAuthentication only decides whether plaintext (a connection without peer identity) is refused. istiod
// turns the effective policy into DENY authorization policies for ztunnel
// (pilot/pkg/serviceregistry/ambient/authorization.go): a static "deny without peer identity" when the workload's
// effective mode is STRICT, or a converted copy of its workload policy that carries the port-level exceptions.
// PERMISSIVE and DISABLE both leave plaintext allowed, so ports here are only STRICT or PERMISSIVE.
import { formatLabels, selectorMatches } from '../model/labels.js';
import { formatRef, refOf } from '../model/refs.js';
import type { MtlsMode, PeerAuthentication } from '../model/types.js';
import { cite, citeZtunnel, ISTIO, ZTUNNEL } from './istio-source.js';
import type { PeerAuthenticationIndex } from './peer-authentication-index.js';
import type { ModeDecision, ServerTarget } from './server-mode.js';

/** One match of a converted policy, for a connection without peer identity: a port it needs, or one it excludes. */
interface PlaintextMatch {
  readonly port?: number;
  readonly notPort?: number;
}

/** Groups are alternatives; a group matches when every one of its rules does (each rule here holds one match). */
type ConvertedPolicy = readonly (readonly PlaintextMatch[])[];

const isStrict = (pa: PeerAuthentication | undefined): boolean => pa?.mode === 'STRICT';
const isUnset = (pa: PeerAuthentication | undefined): boolean => pa?.mode === undefined;
const loose = (mode: MtlsMode | undefined): boolean => mode === 'PERMISSIVE' || mode === 'DISABLE';

/**
 * istiod's convertPeerAuthentication: the workload policy as a ztunnel DENY policy, merged with a STRICT parent
 * when it has port exceptions; undefined when istiod sends none (its conditions quoted from the Go source,
 * operator precedence included).
 */
function convertPeerAuthentication(pa: PeerAuthentication, ns: PeerAuthentication | undefined, root: PeerAuthentication | undefined): ConvertedPolicy | undefined {
  if (pa.portLevelMtls.size === 0) return undefined;
  const rules: PlaintextMatch[] = [];
  const groups: PlaintextMatch[][] = [];
  if (pa.mode === 'STRICT') rules.push({});
  let nonStrictPort = false;
  for (const [port, portMode] of [...pa.portLevelMtls].sort(([a], [b]) => a - b)) {
    if (portMode === 'STRICT') {
      // `A || B && C || D` in Go: D (no or UNSET namespace policy under a STRICT mesh) holds whatever the workload's mode.
      const parentStrict = isStrict(pa) || (isUnset(pa) && ns !== undefined && isStrict(ns)) || ((ns === undefined || isUnset(ns)) && root !== undefined && isStrict(root));
      if (!parentStrict) groups.push([{ port }]);
    } else if (loose(portMode)) {
      if (loose(pa.mode)) continue;
      if (isUnset(pa) && ((ns !== undefined && !isStrict(ns)) || (ns === undefined && root !== undefined && !isStrict(root)) || (ns === undefined && root === undefined))) continue;
      nonStrictPort = true;
      rules.push({ notPort: port });
    }
  }
  if (pa.mode === 'STRICT' && !nonStrictPort) return undefined;
  if (rules.length === 0 && groups.length === 0) return undefined;
  const mergeStrict = (isStrict(root) && (ns === undefined || isUnset(ns) || isStrict(ns))) || isStrict(ns);
  if (mergeStrict && nonStrictPort) rules.push({});
  if (rules.length > 0) groups.push(rules);
  return groups;
}

/** Whether a converted policy denies plaintext on the port (undefined: a port no rule names). */
function denies(policy: ConvertedPolicy, port: number | undefined): boolean {
  const matches = (m: PlaintextMatch) => (m.port === undefined || m.port === port) && (m.notPort === undefined || m.notPort !== port);
  return policy.some((group) => group.length > 0 && group.every(matches));
}

function oldestMatching(index: PeerAuthenticationIndex, target: ServerTarget): PeerAuthentication | undefined {
  return index.forNamespace(target.namespace).workloadPolicies.find((pa) => pa.selector !== undefined && selectorMatches(pa.selector, target.podLabels));
}

/**
 * The mode ztunnel enforces for a workload port (the workload as a whole without a port): STRICT when istiod
 * attaches a policy that denies plaintext there, PERMISSIVE otherwise.
 */
export function resolveZtunnelMode(index: PeerAuthenticationIndex, rootNamespace: string, target: ServerTarget, port?: number): ModeDecision {
  const explanation: string[] = [];
  const mesh = index.forNamespace(rootNamespace).namespaceWide;
  const ns = target.namespace === rootNamespace ? undefined : index.forNamespace(target.namespace).namespaceWide;
  const workload = target.namespace === rootNamespace ? undefined : oldestMatching(index, target);

  let strict = isStrict(mesh);
  let strictBy: PeerAuthentication | undefined = strict ? mesh : undefined;
  let looseBy: PeerAuthentication | undefined = mesh?.mode !== undefined && !strict ? mesh : undefined;
  if (mesh) explanation.push(cite(`mesh-wide ${formatRef(mesh)} ${mesh.mode ? `sets ${mesh.mode}` : 'leaves mtls UNSET'}`, ISTIO.ztunnelPolicies));
  if (ns) {
    if (ns.mode !== undefined) {
      strict = ns.mode === 'STRICT';
      [strictBy, looseBy] = strict ? [ns, undefined] : [undefined, ns];
    }
    explanation.push(cite(`namespace-wide ${formatRef(ns)} ${ns.mode ? `sets ${ns.mode}` : `leaves mtls UNSET, so it inherits ${strict ? 'STRICT' : 'PERMISSIVE'}`}`, ISTIO.ztunnelPolicies));
  }
  if (!mesh && !ns) explanation.push(cite('no mesh- or namespace-wide PeerAuthentication: plaintext is allowed unless a workload policy says otherwise', ISTIO.ztunnelPolicies));

  let converted: ConvertedPolicy | undefined;
  if (workload) {
    const selects = `${formatRef(workload)} selects this workload (${formatLabels(workload.selector ?? {})})`;
    if (workload.mode === 'STRICT') [strict, strictBy, looseBy] = [true, workload, undefined];
    else if (loose(workload.mode)) [strict, strictBy, looseBy] = [false, undefined, workload];
    explanation.push(cite(`${selects} and ${workload.mode ? `sets ${workload.mode}${workload.mode === 'DISABLE' ? ' (ztunnel treats DISABLE as PERMISSIVE)' : ''}` : 'leaves mtls UNSET'}`, ISTIO.ztunnelPolicies));
    const ports = [...workload.portLevelMtls.values()];
    let referenced = false;
    if (ports.length > 0) {
      if (workload.mode === 'STRICT') {
        referenced = ports.some(loose);
      } else if (loose(workload.mode)) {
        referenced = ports.includes('STRICT');
      } else if (strict) {
        // Quirk: under a STRICT parent only PERMISSIVE port exceptions count; a DISABLE port stays STRICT.
        referenced = ports.includes('PERMISSIVE');
      } else {
        strict = false;
        referenced = ports.includes('STRICT');
      }
      if (referenced && workload.mode !== 'PERMISSIVE' && workload.mode !== 'DISABLE') strict = false;
    }
    if (referenced) {
      converted = convertPeerAuthentication(workload, ns, mesh);
      explanation.push(
        cite(
          converted
            ? `its portLevelMtls makes istiod send ztunnel a converted policy with the port exceptions${strict ? '' : ' in place of the static STRICT policy'}`
            : 'its portLevelMtls names a converted policy, but istiod generates none (its parent already decides those ports), so ztunnel ignores the reference',
          ISTIO.ztunnelPortPolicy,
        ),
      );
    } else if (ports.length > 0) {
      explanation.push(cite('its portLevelMtls changes nothing at ztunnel: no port differs from the mode ztunnel already enforces', ISTIO.ztunnelPolicies));
    }
  }

  const staticDenies = strict;
  const portDenied = converted !== undefined && denies(converted, port);
  const denied = staticDenies || portDenied;
  const where = port === undefined ? 'this workload' : `port ${port}`;
  const decider = portDenied || (converted !== undefined && !staticDenies) ? workload : denied ? strictBy : looseBy;
  explanation.push(
    citeZtunnel(
      denied
        ? `ztunnel denies connections without a peer identity on ${where} (${staticDenies ? 'the static STRICT policy' : 'the converted policy'}): STRICT; HBONE from any mesh identity is accepted`
        : `no policy denies connections without a peer identity on ${where}: ztunnel accepts plaintext and HBONE (PERMISSIVE)`,
      ZTUNNEL.inboundRbac,
    ),
  );
  return { mode: denied ? 'STRICT' : 'PERMISSIVE', decidedBy: decider ? refOf(decider) : null, explanation };
}
