// PeerAuthentications grouped once per snapshot, then per change (as Istio's AuthenticationPolicies does per push).
import { compareByAge } from '../model/refs.js';
import type { PeerAuthentication } from '../model/types.js';

export interface NamespacePolicies {
  /** The oldest selector-less PA; younger ones are ignored by Istio (§1.3). */
  readonly namespaceWide: PeerAuthentication | undefined;
  /** Younger selector-less PAs that Istio drops. */
  readonly ignoredDuplicates: readonly PeerAuthentication[];
  /** Selector PAs, oldest first; the first that matches a workload is used whole. */
  readonly workloadPolicies: readonly PeerAuthentication[];
}

const EMPTY: NamespacePolicies = { namespaceWide: undefined, ignoredDuplicates: [], workloadPolicies: [] };

export class PeerAuthenticationIndex {
  private readonly byNamespace = new Map<string, PeerAuthentication[]>();
  private readonly grouped = new Map<string, NamespacePolicies>();

  constructor(policies: readonly PeerAuthentication[]) {
    for (const pa of policies) this.bucket(pa.namespace).push(pa);
  }

  private bucket(namespace: string): PeerAuthentication[] {
    let list = this.byNamespace.get(namespace);
    if (!list) this.byNamespace.set(namespace, (list = []));
    return list;
  }

  /** Adds or replaces (same namespace/name) one policy; only that namespace is regrouped. */
  upsert(pa: PeerAuthentication): void {
    const list = this.bucket(pa.namespace);
    const at = list.findIndex((p) => p.name === pa.name);
    if (at >= 0) list[at] = pa;
    else list.push(pa);
    this.grouped.delete(pa.namespace);
  }

  remove(namespace: string, name: string): void {
    const list = this.byNamespace.get(namespace);
    if (!list) return;
    const at = list.findIndex((p) => p.name === name);
    if (at >= 0) list.splice(at, 1);
    this.grouped.delete(namespace);
  }

  inNamespace(namespace: string): readonly PeerAuthentication[] {
    return this.byNamespace.get(namespace) ?? [];
  }

  all(): PeerAuthentication[] {
    return [...this.byNamespace.values()].flat();
  }

  forNamespace(namespace: string): NamespacePolicies {
    const cached = this.grouped.get(namespace);
    if (cached) return cached;
    const list = this.byNamespace.get(namespace);
    if (!list || list.length === 0) return EMPTY;
    const sorted = [...list].sort(compareByAge);
    const wide = sorted.filter((pa) => pa.selector === undefined);
    const group: NamespacePolicies = {
      namespaceWide: wide[0],
      ignoredDuplicates: wide.slice(1),
      workloadPolicies: sorted.filter((pa) => pa.selector !== undefined),
    };
    this.grouped.set(namespace, group);
    return group;
  }
}
