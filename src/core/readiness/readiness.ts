// STRICT readiness: may a namespace (or one workload) go STRICT without breaking its callers? Two kinds of
// evidence, per workload and port: callers observed sending something other than mTLS over the look-back
// window (istio-mtls-semantics §5.6), and callers the engine predicts will fail once the STRICT policy is in
// place (the what-if of that policy: no sidecar, a DestinationRule or auto mTLS that sends plaintext, §4.2).
// With telemetry, a predicted failure blocks only when its edge carried traffic; without telemetry, every
// predicted failure of a known workload blocks, since nothing says it does not call. Callers outside the
// mesh are always refused by STRICT, which is the point; they are listed but never block.
import { hasSidecar } from '../model/dataplane.js';
import { formatRef } from '../model/refs.js';
import type { Workload } from '../model/types.js';
import type { ClientSends } from '../mtls/client-decision.js';
import type { ServerMode } from '../mtls/edge-outcome.js';
import { MtlsEngine, type Change } from '../mtls/engine.js';
import { clientName } from '../mtls/report.js';
import type { TrafficRow } from '../telemetry/types.js';
import { affectedDestinations, type DestinationFilter } from '../whatif/affected.js';
import { ObservedTraffic, observedSource, UNIDENTIFIED } from '../telemetry/observed.js';
import { changedEdges, startsFailing, type ChangedEdge } from '../whatif/what-if.js';
import { namespaceStrictPolicy, workloadStrictPolicy, type StrictPolicy } from './policy.js';

/** A traffic row with when its requests were first and last seen in the window, where the source knows. */
export type SeenTrafficRow = TrafficRow & { readonly firstSeenSeconds?: number; readonly lastSeenSeconds?: number };

export type Verdict = 'ready' | 'not-ready';
export type FailureCause = 'outside' | 'no-sidecar' | 'client-config';

export interface ReadinessScope {
  readonly namespace: string;
  /** One workload of the namespace; the whole namespace when absent. */
  readonly workload?: string;
}

export interface ReadinessOptions {
  /** Observed traffic over the look-back window; undefined means there is no telemetry. */
  readonly traffic?: readonly SeenTrafficRow[];
  readonly windowSeconds: number;
  /** Where the window ends, in seconds since the epoch; undefined: it ends now. */
  readonly endSeconds?: number;
  /** Most edges compared per scope (see what-if). */
  readonly limit?: number;
}

export interface ObservedCaller {
  /** As telemetry names it: NAMESPACE/WORKLOAD, or `outside` for callers without identity. */
  readonly source: string;
  /** Non-mTLS requests (connections for TCP) per second over the window. */
  readonly requestRate: number;
  /** Seconds since the epoch; null when the telemetry source does not say. */
  readonly firstSeenSeconds: number | null;
  readonly lastSeenSeconds: number | null;
  readonly blocking: boolean;
}

export interface PredictedFailure {
  readonly source: string;
  readonly host: string;
  /** The service port the caller uses. */
  readonly port: number;
  readonly clientSends: ClientSends;
  readonly cause: FailureCause;
  /** Why the caller sends what it sends, then why that fails. */
  readonly reason: string;
  readonly decidedBy: string | null;
  /** Observed rate on the edge; null without telemetry. */
  readonly requestRate: number | null;
  readonly blocking: boolean;
}

export interface PortReadiness {
  /** The workload (target) port. */
  readonly port: number;
  readonly mode: ServerMode;
  /** The mode once the policy is applied; not STRICT when a more specific policy keeps deciding. */
  readonly modeAfter: ServerMode;
  readonly decidedByAfter: string | null;
  readonly verdict: Verdict;
  readonly predicted: readonly PredictedFailure[];
}

export interface WorkloadReadiness {
  readonly namespace: string;
  readonly name: string;
  readonly sidecar: boolean;
  readonly verdict: Verdict;
  readonly reasons: readonly string[];
  /** Telemetry has no port label, so observed callers are per workload. */
  readonly observed: readonly ObservedCaller[];
  readonly ports: readonly PortReadiness[];
}

export interface ScopeReadiness {
  readonly namespace: string;
  readonly workload: string | null;
  /** The policy is mesh-wide: the namespace is the root namespace. */
  readonly meshWide: boolean;
  readonly verdict: Verdict;
  /** Every sidecar port of the scope already enforces STRICT: there is nothing to apply. */
  readonly alreadyStrict: boolean;
  readonly reasons: readonly string[];
  readonly telemetry: boolean;
  readonly windowSeconds: number;
  readonly summary: { readonly observedCallers: number; readonly observedRequestRate: number | null; readonly predictedFailures: number; readonly blocking: number };
  readonly workloads: readonly WorkloadReadiness[];
  readonly policy: { readonly ref: string; readonly replaces: string | null; readonly yaml: string };
}

/** Readiness of every scope, each tried on the engine with its STRICT policy applied. */
export function readiness(engine: MtlsEngine, scopes: readonly ReadinessScope[], options: ReadinessOptions): (ScopeReadiness | { error: string })[] {
  const observed = options.traffic ? new ObservedTraffic(options.traffic) : undefined;
  return scopes.map((scope) => {
    const target = scope.workload === undefined ? undefined : engine.findWorkload(scope.namespace, scope.workload);
    if (scope.workload !== undefined && !target) return { error: `no workload ${scope.namespace}/${scope.workload}` };
    if (!target && !engine.snapshot.namespaces.has(scope.namespace)) return { error: `no namespace ${scope.namespace}` };
    const policy = target ? workloadStrictPolicy(engine, target) : namespaceStrictPolicy(engine, scope.namespace);
    const change: Change = { type: 'upsert', object: policy.object };
    return scopeReadiness(engine, engine.with([change]), scope, target, policy, change, observed, options);
  });
}

function scopeReadiness(
  engine: MtlsEngine,
  after: MtlsEngine,
  scope: ReadinessScope,
  target: Workload | undefined,
  policy: StrictPolicy,
  change: Change,
  observed: ObservedTraffic | undefined,
  options: ReadinessOptions,
): ScopeReadiness | { error: string } {
  const meshWide = !target && scope.namespace === engine.meshConfig.rootNamespace;
  const workloads = target ? [target] : meshWide ? [...engine.snapshot.workloads] : [...engine.services.workloadsIn(scope.namespace)];
  const inScope = new Set(workloads.map(workloadKey));
  const keep: DestinationFilter | undefined = target
    ? { namespace: target.namespace, target: (_hostname, namespace) => namespace === target.namespace, destination: (d) => d.endpoints.some((e) => e.workload !== undefined && inScope.has(workloadKey(e.workload))) }
    : affectedDestinations(engine, [change]);
  const compared = changedEdges(engine, after, keep, options.limit);
  if ('error' in compared) return compared;
  const failing = new Map<string, ChangedEdge[]>();
  for (const c of compared.edges) {
    const endpoint = c.edge.endpoint;
    if (!startsFailing(c) || !endpoint.workload || !inScope.has(workloadKey(endpoint.workload))) continue;
    const key = `${workloadKey(endpoint.workload)}:${endpoint.targetPort ?? ''}`;
    failing.set(key, [...(failing.get(key) ?? []), c]);
  }
  const window = windowSpan(formatWindow(options.windowSeconds), options.endSeconds);
  const results = workloads
    .sort((a, b) => workloadKey(a).localeCompare(workloadKey(b)))
    .map((w) => workloadReadiness(engine, after, w, failing, observed, window));
  const callers = results.flatMap((w) => w.observed);
  const predicted = results.flatMap((w) => w.ports.flatMap((p) => p.predicted));
  const blocking = callers.filter((c) => c.blocking).length + predicted.filter((p) => p.blocking).length;
  const verdict: Verdict = results.every((w) => w.verdict === 'ready') ? 'ready' : 'not-ready';
  return {
    namespace: scope.namespace,
    workload: target?.name ?? null,
    meshWide,
    verdict,
    alreadyStrict: isAlreadyStrict(results),
    reasons: scopeReasons(results, verdict, observed !== undefined, window, predicted),
    telemetry: observed !== undefined,
    windowSeconds: options.windowSeconds,
    summary: {
      observedCallers: callers.length,
      observedRequestRate: observed ? callers.reduce((sum, c) => sum + c.requestRate, 0) : null,
      predictedFailures: predicted.length,
      blocking,
    },
    workloads: results,
    policy: { ref: formatRef(policy.ref), replaces: policy.replaces ? formatRef(policy.replaces) : null, yaml: policy.yaml },
  };
}

function workloadReadiness(
  engine: MtlsEngine,
  after: MtlsEngine,
  workload: Workload,
  failing: ReadonlyMap<string, readonly ChangedEdge[]>,
  observed: ObservedTraffic | undefined,
  window: string,
): WorkloadReadiness {
  const beforeModes = engine.workloadModes(workload);
  const afterModes = after.workloadModes(workload, beforeModes.ports.map((p) => p.targetPort));
  const becomesStrict = afterModes.ports.some((p) => p.mode === 'STRICT');
  const callers = observed ? observedCallers(observed, workload, hasSidecar(workload) && becomesStrict) : [];
  const reasons: string[] = [];
  if (!hasSidecar(workload)) reasons.push(`no sidecar (${workload.dataplaneReason}): a PeerAuthentication has no effect here`);
  for (const caller of callers.filter((c) => c.blocking)) {
    reasons.push(`${caller.source === UNIDENTIFIED ? 'callers without identity (outside the mesh or without sidecar)' : caller.source} sent ${formatRate(caller.requestRate)} without mTLS in the ${window}`);
  }
  const ports = beforeModes.ports.map((port, i): PortReadiness => {
    const afterPort = afterModes.ports[i];
    const predicted = (failing.get(`${workloadKey(workload)}:${port.targetPort}`) ?? [])
      .map((c) => predictedFailure(c, observed))
      .sort((a, b) => Number(b.blocking) - Number(a.blocking) || (b.requestRate ?? 0) - (a.requestRate ?? 0) || a.source.localeCompare(b.source));
    for (const p of predicted.filter((f) => f.blocking)) {
      reasons.push(`${p.source} → ${p.host}:${p.port} would fail${p.requestRate ? ` (${formatRate(p.requestRate)} observed)` : ''}: ${p.reason}`);
    }
    const modeAfter = afterPort?.mode ?? port.mode;
    const decidedByAfter = afterPort?.decision?.decidedBy ?? null;
    if (hasSidecar(workload) && modeAfter !== 'STRICT') reasons.push(`port ${port.targetPort} stays ${modeAfter}, decided by ${decidedByAfter ? formatRef(decidedByAfter) : "Istio's default"}`);
    return {
      port: port.targetPort,
      mode: port.mode,
      modeAfter,
      decidedByAfter: decidedByAfter ? formatRef(decidedByAfter) : null,
      verdict: predicted.some((p) => p.blocking) ? 'not-ready' : 'ready',
      predicted,
    };
  });
  const blocked = callers.some((c) => c.blocking) || ports.some((p) => p.verdict === 'not-ready');
  return { namespace: workload.namespace, name: workload.name, sidecar: hasSidecar(workload), verdict: blocked ? 'not-ready' : 'ready', reasons, observed: callers, ports };
}

/** Non-mTLS traffic to the workload per caller. It blocks when the workload will enforce STRICT on some port. */
function observedCallers(observed: ObservedTraffic, workload: Workload, enforced: boolean): ObservedCaller[] {
  const bySource = new Map<string, { rate: number; first: number | null; last: number | null }>();
  for (const row of observed.towards(workload.namespace, workload.name) as readonly SeenTrafficRow[]) {
    if (row.securityPolicy === 'mutual_tls' || !(row.requestsPerSecond > 0)) continue;
    const source = observedSource(row);
    const seen = bySource.get(source) ?? { rate: 0, first: null, last: null };
    bySource.set(source, {
      rate: seen.rate + row.requestsPerSecond,
      first: earliest(seen.first, row.firstSeenSeconds),
      last: latest(seen.last, row.lastSeenSeconds),
    });
  }
  return [...bySource]
    .map(([source, s]) => ({ source, requestRate: s.rate, firstSeenSeconds: s.first, lastSeenSeconds: s.last, blocking: enforced }))
    .sort((a, b) => b.requestRate - a.requestRate || a.source.localeCompare(b.source));
}

function predictedFailure({ edge }: ChangedEdge, observed: ObservedTraffic | undefined): PredictedFailure {
  const client = edge.client;
  const cause: FailureCause = client.type === 'outside' ? 'outside' : hasSidecar(client.workload) ? 'client-config' : 'no-sidecar';
  const match = observed?.match(client, edge.destination, edge.endpoint);
  const why = edge.decision.explanation[edge.decision.explanation.length - 1];
  return {
    source: clientName(client),
    host: edge.destination.hostname,
    port: edge.destination.servicePort.port,
    clientSends: edge.decision.sends,
    cause,
    reason: why ? `${why}; ${edge.outcome.reason}` : edge.outcome.reason,
    decidedBy: edge.decision.decidedBy ? formatRef(edge.decision.decidedBy) : null,
    requestRate: match ? match.rate : null,
    blocking: cause !== 'outside' && (match ? match.rate > 0 : true),
  };
}

function isAlreadyStrict(workloads: readonly WorkloadReadiness[]): boolean {
  const sidecarPorts = workloads.filter((w) => w.sidecar).flatMap((w) => w.ports);
  return sidecarPorts.length > 0 && sidecarPorts.every((p) => p.mode === 'STRICT');
}

function scopeReasons(workloads: readonly WorkloadReadiness[], verdict: Verdict, telemetry: boolean, window: string, predicted: readonly PredictedFailure[]): string[] {
  const reasons: string[] = [];
  if (workloads.length > 0 && workloads.every((w) => !w.sidecar)) reasons.push('no workload here has a sidecar: the policy would enforce nothing until they join the mesh');
  if (isAlreadyStrict(workloads)) reasons.push('every sidecar port is already STRICT');
  if (verdict === 'not-ready') {
    const blockers = new Set([...workloads.flatMap((w) => w.observed.filter((c) => c.blocking).map((c) => c.source)), ...predicted.filter((p) => p.blocking).map((p) => p.source)]);
    const names = [...blockers].sort().map((b) => (b === UNIDENTIFIED ? 'callers without identity' : b));
    reasons.push(`${blockers.size} caller${blockers.size === 1 ? '' : 's'} would be refused: ${names.join(', ')}`);
  } else {
    reasons.push(telemetry ? `no caller sent traffic without mTLS in the ${window}, and every in-mesh caller that sent traffic uses Istio mTLS` : 'no telemetry: judged from the configuration alone, every known caller would send Istio mTLS');
  }
  const outside = predicted.filter((p) => p.cause === 'outside').length;
  if (outside > 0) reasons.push(`callers outside the mesh will be refused on ${outside} port${outside === 1 ? '' : 's'}, which is what STRICT is for`);
  const idle = predicted.filter((p) => p.cause !== 'outside' && !p.blocking);
  if (idle.length > 0) reasons.push(`${idle.length} edge${idle.length === 1 ? '' : 's'} would fail but carried no traffic in the ${window}: ${[...new Set(idle.map((p) => p.source))].sort().join(', ')}`);
  return reasons;
}

const workloadKey = (w: { namespace: string; name: string }): string => `${w.namespace}/${w.name}`;

function earliest(a: number | null, b: number | undefined): number | null {
  if (b === undefined) return a;
  return a === null ? b : Math.min(a, b);
}

function latest(a: number | null, b: number | undefined): number | null {
  if (b === undefined) return a;
  return a === null ? b : Math.max(a, b);
}

/** 0.6 req/s, 12 req/s: two significant digits are plenty for a rate over a window. */
export function formatRate(rate: number): string {
  return `${Number(rate.toPrecision(2))} req/s`;
}

/** "last 10m", or "10m ending 2026-12-06T14:05:00Z" for a window asked to end at a given time. */
export function windowSpan(lookBack: string, endSeconds: number | undefined): string {
  return endSeconds === undefined ? `last ${lookBack}` : `${lookBack} ending ${new Date(endSeconds * 1000).toISOString().replace('.000Z', 'Z')}`;
}

/** 30s, 10m, 1h, 7d. */
export function formatWindow(seconds: number): string {
  for (const [unit, size] of [['d', 86_400], ['h', 3_600], ['m', 60]] as const) if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  return `${seconds}s`;
}
