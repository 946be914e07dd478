// PeerAuthentications grouped once per snapshot, then per change (as Istio's AuthenticationPolicies does per push).
import { compareByAge } from '../model/refs.js';
import { pushTo, replaced } from '../model/lists.js';
import type { Change, PeerAuthentication } from '../model/types.js';

export interface NamespacePolicies {
  /** The oldest selector-less PA; younger ones are ignored by Istio (§1.3). */
  readonly namespaceWide: PeerAuthentication | undefined;
  /** Younger selector-less PAs that Istio drops. */
  readonly ignoredDuplicates: readonly PeerAuthentication[];
  /** Selector PAs, oldest first; the first that matches a workload is used whole. */
  readonly workloadPolicies: readonly PeerAuthentication[];
}

const EMPTY: NamespacePolicies = { namespaceWide: undefined, ignoredDuplicates: [], workloadPolicies: [] };

/** Immutable: `with(changes)` gives a new index sharing every namespace the changes do not touch. */
export class PeerAuthenticationIndex {
  private readonly byNamespace: ReadonlyMap<string, readonly PeerAuthentication[]>;
  /** Groupings computed on first use (the lists never change under them). */
  private readonly grouped = new Map<string, NamespacePolicies>();

  constructor(policies: readonly PeerAuthentication[] | ReadonlyMap<string, readonly PeerAuthentication[]>, grouped?: ReadonlyMap<string, NamespacePolicies>) {
    if (policies instanceof Map) this.byNamespace = policies;
    else {
      const byNamespace = new Map<string, PeerAuthentication[]>();
      for (const pa of policies as readonly PeerAuthentication[]) pushTo(byNamespace, pa.namespace, pa);
      this.byNamespace = byNamespace;
    }
    if (grouped) for (const [namespace, group] of grouped) this.grouped.set(namespace, group);
  }

  /** The index with upserts (same namespace/name replaces) and deletes applied; only their namespaces change. */
  with(changes: readonly Change[]): PeerAuthenticationIndex {
    const byNamespace = new Map(this.byNamespace);
    const grouped = new Map(this.grouped);
    for (const change of changes) {
      const ref = change.type === 'upsert' ? change.object : change.ref;
      byNamespace.set(ref.namespace, replaced(byNamespace.get(ref.namespace) ?? [], ref.name, change.type === 'upsert' ? (change.object as PeerAuthentication) : undefined));
      grouped.delete(ref.namespace);
    }
    return new PeerAuthenticationIndex(byNamespace, grouped);
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

