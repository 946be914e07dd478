// What-if: the mesh with and without a change, edge by edge. Only edges whose outcome differs are listed,
// each with the traffic observed on it, so "12 edges start failing" comes with "30 requests/s".
import { hasSidecar } from '../model/dataplane.js';
import type { Workload } from '../model/types.js';
import type { Client } from '../mtls/client-decision.js';
import type { Destination, Endpoint } from '../mtls/destinations.js';
import type { EdgeOutcome } from '../mtls/edge-outcome.js';
import { MtlsEngine, type Change, type EdgeResult } from '../mtls/engine.js';
import { clientName, edgeReport, type EdgeReport } from '../mtls/report.js';
import type { TrafficRow } from '../telemetry/types.js';
import { affectedDestinations, type DestinationFilter } from './affected.js';
import { ObservedTraffic } from '../telemetry/observed.js';

export interface EdgeChange {
  readonly source: string;
  readonly destination: EdgeReport['destination'];
  readonly before: EdgeOutcome;
  readonly after: EdgeOutcome;
  /** Why the edge has its new outcome. */
  readonly reason: string;
  /** Observed requests (connections for TCP) per second on the edge; null without telemetry. */
  readonly requestRate: number | null;
  /** The caller as telemetry named it (`outside` for callers without identity); null when nothing was seen. */
  readonly observedAs: string | null;
}

export interface WhatIfSummary {
  /** Edges compared (both sides), after narrowing to the destinations the change can touch. */
  readonly compared: number;
  readonly changed: number;
  /** Edges that start failing. */
  readonly failing: number;
  /** Of those, edges that carried observed traffic. */
  readonly failingObserved: number;
  /** Observed rate of the edges that start failing, each telemetry series counted once; null without telemetry. */
  readonly failingRequestRate: number | null;
  /** Edges that stop failing. */
  readonly fixed: number;
}

export interface WhatIfResult {
  readonly changed: readonly EdgeChange[];
  readonly summary: WhatIfSummary;
  /** An edge that carries observed traffic (any edge, without telemetry) starts failing: `meshlock whatif` exits 1. */
  readonly breaks: boolean;
}

export interface WhatIfOptions {
  /** Observed traffic over the window; undefined means there is no telemetry. */
  readonly traffic?: readonly TrafficRow[];
  /** Most edges compared per side; beyond it the answer is an error asking to narrow the change. */
  readonly limit?: number;
}

const DEFAULT_LIMIT = 500_000;

/** The engine with the changes applied, on its own indexes: `before` is not touched. */
export function engineWith(before: MtlsEngine, changes: readonly Change[]): MtlsEngine {
  return before.with(changes);
}

export function whatIf(before: MtlsEngine, changes: readonly Change[], options: WhatIfOptions = {}): WhatIfResult | { error: string } {
  if (changes.length === 0) return diff([], options, 0);
  const result = changedEdges(before, engineWith(before, changes), affectedDestinations(before, changes), options.limit);
  return 'error' in result ? result : diff(result.edges, options, result.compared);
}

export interface ChangedEdge {
  readonly before: EdgeOutcome;
  /** The edge as `after` sees it. */
  readonly edge: EdgeResult;
}

/** Every edge of `after` whose outcome differs from the same edge (same caller, host, port, endpoint) in `before`. */
export function changedEdges(before: MtlsEngine, after: MtlsEngine, keep: DestinationFilter | undefined, limit = DEFAULT_LIMIT): { edges: ChangedEdge[]; compared: number } | { error: string } {
  const clients = clientsOf(before.snapshot.workloads);
  const destinations = destinationsOf(before, keep);
  // A policy change keeps the workloads and the Services: both sides then share one list of each.
  const plans = [
    plan(clients, destinations),
    plan(after.snapshot.workloads === before.snapshot.workloads ? clients : clientsOf(after.snapshot.workloads), after.services === before.services ? destinations : destinationsOf(after, keep)),
  ] as const;
  const count = Math.max(plans[0].count, plans[1].count);
  if (count > limit) return { error: `the change touches ${count} edges, more than ${limit}; what-if compares at most that many` };
  const beforeSensitive = labelSensitiveNamespaces(before);
  const sensitive = [beforeSensitive, after.snapshot.destinationRules === before.snapshot.destinationRules ? beforeSensitive : labelSensitiveNamespaces(after)] as const;
  const beforeCallers = callerClasses(plans[0].clients, sensitive[0]);
  const afterCallers = plans[1].clients === plans[0].clients && sameSet(sensitive[0], sensitive[1]) ? beforeCallers : callerClasses(plans[1].clients, sensitive[1]);
  if (afterCallers === beforeCallers || sameCallers(beforeCallers, afterCallers)) return changedByClass(before, after, plans, afterCallers);
  const outcomes = new Map<string, EdgeOutcome>();
  forEachOutcome(before, plans[0], beforeCallers, (key, outcome) => outcomes.set(key, outcome));
  const edges: ChangedEdge[] = [];
  let compared = 0;
  forEachOutcome(after, plans[1], afterCallers, (key, outcome, client, destination, endpoint) => {
    const previous = outcomes.get(key);
    if (previous === undefined) return;
    compared++;
    if (previous !== outcome) edges.push({ before: previous, edge: after.edge(client, destination, endpoint) });
  });
  return { edges, compared };
}

/** A changed edge that starts failing. */
export const startsFailing = (c: ChangedEdge): boolean => c.edge.outcome.outcome === 'fail' && c.before !== 'fail';

function diff(edges: readonly ChangedEdge[], options: WhatIfOptions, compared: number): WhatIfResult {
  const observed = options.traffic ? new ObservedTraffic(options.traffic) : undefined;
  const failingRows = new Set<TrafficRow>();
  let failing = 0;
  let failingObserved = 0;
  let breaks = false;
  const changed = edges.map((c): EdgeChange => {
    const { edge } = c;
    const match = observed?.match(edge.client, edge.destination, edge.endpoint);
    const report = edgeReport(edge);
    if (startsFailing(c)) {
      failing++;
      if (match && match.rate > 0) {
        failingObserved++;
        for (const row of match.rows) failingRows.add(row);
      }
      if (!match || match.rate > 0) breaks = true;
    }
    return { source: report.source, destination: report.destination, before: c.before, after: report.outcome, reason: report.reason, requestRate: match ? match.rate : null, observedAs: match?.observedAs ?? null };
  });
  changed.sort(
    (a, b) =>
      Number(b.after === 'fail') - Number(a.after === 'fail') ||
      (b.requestRate ?? 0) - (a.requestRate ?? 0) ||
      a.source.localeCompare(b.source) ||
      a.destination.host.localeCompare(b.destination.host) ||
      a.destination.port - b.destination.port,
  );
  return {
    changed,
    summary: {
      compared,
      changed: changed.length,
      failing,
      failingObserved,
      failingRequestRate: observed ? [...failingRows].reduce((sum, row) => sum + row.requestsPerSecond, 0) : null,
      fixed: changed.filter((c) => c.before === 'fail').length,
    },
    breaks,
  };
}

interface EdgePlan {
  readonly clients: readonly Client[];
  readonly destinations: readonly Destination[];
  readonly count: number;
}

const clientsOf = (workloads: readonly Workload[]): Client[] => [{ type: 'outside' }, ...workloads.map((workload): Client => ({ type: 'workload', workload }))];

function destinationsOf(engine: MtlsEngine, keep: DestinationFilter | undefined): Destination[] {
  return (keep?.namespace === undefined ? engine.services.all() : engine.services.hostsIn(keep.namespace))
    .filter((t) => keep === undefined || keep.target(t.hostname, t.object.namespace))
    .flatMap((t) => engine.services.destinations(t.hostname, t.object))
    .filter((d) => keep?.destination === undefined || keep.destination(d));
}

const plan = (clients: readonly Client[], destinations: readonly Destination[]): EdgePlan => ({ clients, destinations, count: clients.length * destinations.reduce((n, d) => n + d.endpoints.length, 0) });

/** The same endpoint on both sides: host, service port, endpoint workload and target port; the caller is appended. */
function endpointKey(destination: Destination, endpoint: Endpoint): string {
  const workload = endpoint.workload;
  return `${destination.hostname}\u0000${destination.servicePort.port}\u0000${workload ? `${workload.namespace}/${workload.name}` : ''}\u0000${endpoint.targetPort ?? ''}\u0000`;
}

/** Namespaces where a DestinationRule selects workloads, so a sidecar's labels can change its choice (§2.6). */
const labelSensitiveNamespaces = (engine: MtlsEngine): ReadonlySet<string> =>
  new Set(engine.snapshot.destinationRules.filter((rule) => rule.workloadSelector !== undefined).map((rule) => rule.namespace));

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => a.size === b.size && [...a].every((x) => b.has(x));

/**
 * Callers that decide alike, so one decision per endpoint serves them all: a caller without a data plane
 * sends plaintext whoever it is, an ambient caller's ztunnel decides by the destination alone, and a
 * sidecar's choice depends on its namespace (DestinationRule lookup, exportTo) and, only where a
 * DestinationRule of that namespace has a workloadSelector (§2.6), on its labels.
 */
function decisionClass(client: Client, labelSensitive: ReadonlySet<string>): string {
  if (client.type === 'outside') return 'outside';
  const w = client.workload;
  if (!hasSidecar(w)) return w.dataplane;
  return labelSensitive.has(w.namespace) ? `${w.namespace}\u0000${JSON.stringify(w.podLabels)}` : w.namespace;
}

/** The callers of one side with their decision class, and the callers of each class (classes in first-seen order). */
interface CallerClasses {
  readonly clients: readonly Client[];
  readonly classes: readonly string[];
  /** Caller index → class index. */
  readonly classOf: Int32Array;
  readonly members: readonly (readonly number[])[];
}

function callerClasses(clients: readonly Client[], labelSensitive: ReadonlySet<string>): CallerClasses {
  const classes = clients.map((client) => decisionClass(client, labelSensitive));
  const indexOf = new Map<string, number>();
  const members: number[][] = [];
  const classOf = new Int32Array(clients.length);
  classes.forEach((decided, i) => {
    let index = indexOf.get(decided);
    if (index === undefined) {
      indexOf.set(decided, (index = members.length));
      members.push([]);
    }
    classOf[i] = index;
    members[index]!.push(i);
  });
  return { clients, classes, classOf, members };
}

/** The same callers in the same classes on both sides: outcomes can then be compared class by class. */
function sameCallers(a: CallerClasses, b: CallerClasses): boolean {
  if (a.clients.length !== b.clients.length || !a.classes.every((decided, i) => decided === b.classes[i])) return false;
  return a.clients === b.clients || a.clients.every((client, i) => clientName(client) === clientName(b.clients[i]!));
}

/** A workload calling itself goes through no sidecar hop that mTLS applies to (as in `meshlock edges`). */
const callsItself = (client: Client, endpoint: Endpoint): boolean => client.type === 'workload' && endpoint.workload === client.workload;

/**
 * Classes of callers that decide alike towards one destination (equal decision inputs, clients.ts): most
 * namespaces see a host the same way, so a destination typically needs a handful of decisions per endpoint,
 * not one per namespace.
 */
interface DecisionGroups {
  /** Class index → group index. */
  readonly groupOf: Int32Array;
  /** A caller of each group, who decides for all of it. */
  readonly deciders: readonly Client[];
}

function decisionGroups(engine: MtlsEngine, destination: Destination, callers: CallerClasses): DecisionGroups {
  const byInputs = new Map<unknown, number>();
  const groupOf = new Int32Array(callers.members.length);
  const deciders: Client[] = [];
  const inputsOf = engine.decisionInputs(destination);
  callers.members.forEach((members, c) => {
    const decider = callers.clients[members[0]!]!;
    const inputs = inputsOf(decider);
    let group = byInputs.get(inputs);
    if (group === undefined) {
      group = deciders.length;
      byInputs.set(inputs, group);
      deciders.push(decider);
    }
    groupOf[c] = group;
  });
  return { groupOf, deciders };
}

/** The outcome of each class of callers towards one endpoint, on one side. */
interface ClassOutcomes {
  readonly groups: DecisionGroups;
  readonly outcomes: readonly EdgeOutcome[];
  /** The class of the caller that is the endpoint's own workload, -1 when none is: it does not call itself. */
  readonly selfClass: number;
  readonly self: number;
}

function classOutcomes(engine: MtlsEngine, destination: Destination, endpoint: Endpoint, groups: DecisionGroups, callers: CallerClasses, callerOf: ReadonlyMap<Workload, number>): ClassOutcomes {
  const self = endpoint.workload ? callerOf.get(endpoint.workload) : undefined;
  return {
    groups,
    outcomes: groups.deciders.map((decider) => engine.edge(decider, destination, endpoint).outcome.outcome),
    selfClass: self === undefined ? -1 : callers.classOf[self]!,
    self: self ?? -1,
  };
}

/** The class's outcome; undefined when its only caller is the endpoint itself. */
function outcomeOf(side: ClassOutcomes, decided: number, members: readonly number[]): EdgeOutcome | undefined {
  if (decided === side.selfClass && members.length === 1) return undefined;
  return side.outcomes[side.groups.groupOf[decided]!];
}

/**
 * One decision per group of classes and endpoint on each side; only the callers of a class whose outcome
 * changed are listed. A namespace policy tried against 20,000 callers costs a few decisions per endpoint.
 */
function changedByClass(before: MtlsEngine, after: MtlsEngine, plans: readonly [EdgePlan, EdgePlan], callers: CallerClasses): { edges: ChangedEdge[]; compared: number } {
  // Which caller each endpoint's own workload is: it does not call itself.
  const endpointWorkloads = new Set(plans.flatMap((p) => p.destinations.flatMap((d) => d.endpoints.map((e) => e.workload))));
  const callerOf = new Map<Workload, number>();
  callers.clients.forEach((client, caller) => {
    if (client.type === 'workload' && endpointWorkloads.has(client.workload)) callerOf.set(client.workload, caller);
  });
  // Inputs are read of a host, not of its ports; both sides read the same ones when they share Services and
  // DestinationRules, so groups found on one side then serve the other.
  const beforeGroups = new Map<string, DecisionGroups>();
  const afterGroups = before.sameDecisionInputs(after) ? beforeGroups : new Map<string, DecisionGroups>();
  const groupsOf = (engine: MtlsEngine, found: Map<string, DecisionGroups>, destination: Destination): DecisionGroups => {
    const host = `${destination.hostname}\u0000${destination.namespace}`;
    let groups = found.get(host);
    if (!groups) found.set(host, (groups = decisionGroups(engine, destination, callers)));
    return groups;
  };
  const previous = new Map<string, ClassOutcomes>();
  for (const destination of plans[0].destinations) {
    const groups = groupsOf(before, beforeGroups, destination);
    for (const endpoint of destination.endpoints) previous.set(endpointKey(destination, endpoint), classOutcomes(before, destination, endpoint, groups, callers, callerOf));
  }
  const edges: ChangedEdge[] = [];
  let compared = 0;
  for (const destination of plans[1].destinations) {
    let groups: DecisionGroups | undefined;
    for (const endpoint of destination.endpoints) {
      const was = previous.get(endpointKey(destination, endpoint));
      if (!was) continue;
      groups ??= groupsOf(after, afterGroups, destination);
      const now = classOutcomes(after, destination, endpoint, groups, callers, callerOf);
      callers.members.forEach((members, decided) => {
        const outcome = outcomeOf(now, decided, members);
        const then = outcomeOf(was, decided, members);
        if (outcome === undefined || then === undefined) return;
        compared += decided === now.selfClass ? members.length - 1 : members.length;
        if (then === outcome) return;
        for (const caller of members) if (caller !== now.self) edges.push({ before: then, edge: after.edge(callers.clients[caller]!, destination, endpoint) });
      });
    }
  }
  return { edges, compared };
}

function forEachOutcome(engine: MtlsEngine, plan: EdgePlan, callers: CallerClasses, visit: (key: string, outcome: EdgeOutcome, client: Client, destination: Destination, endpoint: Endpoint) => void): void {
  const names = plan.clients.map(clientName);
  for (const destination of plan.destinations) {
    for (const endpoint of destination.endpoints) {
      const at = endpointKey(destination, endpoint);
      const byClass = new Map<string, EdgeOutcome>();
      plan.clients.forEach((client, i) => {
        if (callsItself(client, endpoint)) return;
        const decided = callers.classes[i] ?? '';
        let outcome = byClass.get(decided);
        if (outcome === undefined) byClass.set(decided, (outcome = engine.edge(client, destination, endpoint).outcome.outcome));
        visit(at + (names[i] ?? ''), outcome, client, destination, endpoint);
      });
    }
  }
}
