// What checkers may ask about the world: the engine for every mTLS fact, and indexes over the snapshot.
// Indexes are built lazily, once per context; the Validator makes a new context after every change.
import type { Client } from '../mtls/client-decision.js';
import type { Destination, Endpoint } from '../mtls/destinations.js';
import type { MtlsEngine } from '../mtls/engine.js';
import { probeClient } from '../mtls/probe-client.js';
import { serviceHostname } from '../model/hosts.js';
import { selectorMatches } from '../model/labels.js';
import { EMPTY, pushTo } from '../model/lists.js';
import type { Snapshot } from '../model/snapshot.js';
import type { DestinationRule, Labels, MeshObject, PeerAuthentication, Service, Workload } from '../model/types.js';

/**
 * Indexes over snapshot lists, kept as long as each list: an engine change that leaves the workloads alone
 * keeps the same array, so the next context reuses its index. The lists are never mutated.
 */
export type ListIndexes = WeakMap<object, Map<string, unknown>>;

export class CheckContext {
  readonly engine: MtlsEngine;
  private declared: Set<string> | undefined;
  private readonly memo = new Map<string, unknown>();
  private readonly indexes: ListIndexes;

  /** `indexes` is shared by the contexts of successive revisions (the Validator passes its own). */
  constructor(engine: MtlsEngine, indexes: ListIndexes = new WeakMap()) {
    this.engine = engine;
    this.indexes = indexes;
  }

  get snapshot(): Snapshot {
    return this.engine.snapshot;
  }

  get rootNamespace(): string {
    return this.engine.meshConfig.rootNamespace;
  }

  get autoMtls(): boolean {
    return this.engine.meshConfig.enableAutoMtls;
  }

  isRootNamespace(namespace: string): boolean {
    return namespace === this.rootNamespace;
  }

  objectsOfKind(kind: string): readonly MeshObject[] {
    // One empty list for every absent kind: indexes are kept per list (memoOn), and a fresh [] per call would
    // build the index again for every object that asks.
    return this.snapshot.objectsByKind.get(kind) ?? EMPTY;
  }

  /**
   * A value computed once per context under `key` (indexes a checker builds over the whole snapshot).
   * Checkers stay stateless: the cache lives as long as the context, which a change replaces.
   */
  cached<T>(key: string, compute: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = compute();
    this.memo.set(key, value);
    return value;
  }

  /**
   * A value computed once per `source` (a snapshot list such as `snapshot.services`). Engine changes keep the
   * lists they do not touch, so such an index outlives the context and a policy edit does not rebuild it.
   */
  memoOn<T>(source: object, key: string, compute: () => T): T {
    let byKey = this.indexes.get(source);
    if (!byKey) this.indexes.set(source, (byKey = new Map()));
    if (!byKey.has(key)) byKey.set(key, compute());
    return byKey.get(key) as T;
  }

  peerAuthenticationsIn(namespace: string): readonly PeerAuthentication[] {
    return this.engine.peerAuthenticationsIn(namespace);
  }

  /** Selector-less PAs of a namespace, oldest first: Istio uses only the first (istio-mtls-semantics §1.3). */
  namespaceWidePolicies(namespace: string): readonly PeerAuthentication[] {
    return this.engine.namespaceWidePolicies(namespace);
  }

  /** The mesh-wide PA Istio uses: the oldest selector-less PA of the root namespace. */
  meshPolicy(): PeerAuthentication | undefined {
    return this.namespaceWidePolicies(this.rootNamespace)[0];
  }

  get destinationRules(): readonly DestinationRule[] {
    return this.snapshot.destinationRules;
  }

  /** DRs whose `spec.host` is exactly `host` as written, sorted by namespace then name. */
  destinationRulesWithHost(host: string): readonly DestinationRule[] {
    const rules = this.snapshot.destinationRules;
    return this.memoOn(rules, 'by-host', () => groupBy(sortByNamespaceName(rules), (d) => d.host)).get(host) ?? [];
  }

  destinationRulesIn(namespace: string): readonly DestinationRule[] {
    const rules = this.snapshot.destinationRules;
    return this.memoOn(rules, 'by-namespace', () => groupBy(rules, (d) => d.namespace)).get(namespace) ?? [];
  }

  /**
   * Whether the files describe the workloads at all. Files often hold only Istio config; then "no workload
   * matches" means "not known", and checks that need the inventory stay quiet instead of flagging everything.
   */
  get hasWorkloads(): boolean {
    return this.snapshot.workloads.length > 0;
  }

  /** Like hasWorkloads, for the service registry (Services, ServiceEntries, workloads). */
  get hasRegistry(): boolean {
    return this.hasWorkloads || this.snapshot.services.length > 0 || this.snapshot.serviceEntries.length > 0;
  }

  /** Namespace existence is only known when the files declare Namespace objects. */
  get declaresNamespaces(): boolean {
    return this.objectsOfKind('Namespace').length > 0;
  }

  /** Declared namespaces and the namespaces of loaded objects. */
  namespaceExists(name: string): boolean {
    if (!this.declared) {
      this.declared = new Set(this.snapshot.namespaces.keys());
    }
    return this.declared.has(name);
  }

  /** Listed once per context: a check asks for every AuthorizationPolicy. */
  namespaceNames(): readonly string[] {
    return this.cached('namespace-names', () => [...this.snapshot.namespaces.keys()]);
  }

  workloadsIn(namespace: string): readonly Workload[] {
    return this.engine.services.workloadsIn(namespace);
  }

  workloadsMatching(namespace: string, labels: Labels): Workload[] {
    return this.workloadsIn(namespace).filter((w) => selectorMatches(labels, w.podLabels));
  }

  /** outboundTrafficPolicy.mode; Istio's default is ALLOW_ANY. */
  get outboundAllowAny(): boolean {
    return this.engine.meshConfig.outboundTrafficPolicy === 'ALLOW_ANY';
  }

  /** The trust domain and its aliases: the prefixes a principal may carry (istio-mtls-semantics §6). */
  get trustDomains(): string[] {
    return [this.engine.meshConfig.trustDomain, ...this.engine.meshConfig.trustDomainAliases];
  }

  /** `<trust domain>/ns/<namespace>/sa/<account>` of every loaded workload, for every trust domain. */
  get principals(): ReadonlySet<string> {
    const workloads = this.snapshot.workloads;
    const domains = this.trustDomains;
    return this.memoOn(workloads, `principals|${domains.join(',')}`, () => {
      const accounts = new Set<string>();
      for (const w of workloads) for (const domain of domains) accounts.add(`${domain}/ns/${w.namespace}/sa/${w.serviceAccount}`);
      return accounts;
    });
  }

  /** Services by name, whatever their namespace. */
  servicesNamed(name: string): readonly Service[] {
    const services = this.snapshot.services;
    return this.memoOn(services, 'by-name', () => groupBy(services, (s) => s.name)).get(name) ?? [];
  }

  /** An in-mesh caller with a sidecar and no labels in `namespace`: what an ordinary client there would send. */
  probeClient(namespace: string): Client {
    return probeClient(namespace);
  }

  /**
   * A destination the registry may not hold (the Kubernetes API server, a service named only by a
   * DestinationRule), so the engine can say what a client would send to it. Its endpoints are unknown.
   */
  syntheticDestination(name: string, namespace: string, port: number): { destination: Destination; endpoint: Endpoint } {
    const endpoint: Endpoint = { workload: undefined, targetPort: undefined };
    return {
      destination: {
        ref: { kind: 'Service', namespace, name },
        hostname: serviceHostname(name, namespace),
        namespace,
        servicePort: { port, name: undefined, protocol: 'TCP', appProtocol: undefined, targetPort: port },
        external: false,
        passthrough: false,
        virtualIp: true,
        http: false,
        endpoints: [endpoint],
      },
      endpoint,
    };
  }
}

/** Items by key, each group in the items' order: the by-namespace and by-host indexes of the checks. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) pushTo(groups, key(item), item);
  return groups;
}

/** Kiali takes "the first" matching rule in informer order; meshlock sorts by namespace, then name. */
function sortByNamespaceName<T extends { namespace: string; name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.namespace === b.namespace ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.namespace < b.namespace ? -1 : 1));
}
