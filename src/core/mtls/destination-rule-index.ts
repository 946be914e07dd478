// Which DestinationRule a client proxy uses for a host (istio-mtls-semantics §2.5–2.7).
import { mostSpecificMatch, qualifyHost } from '../model/hosts.js';
import { selectorMatches } from '../model/labels.js';
import { compareByAge, formatRef } from '../model/refs.js';
import type { DestinationRule, Labels, TrafficPolicy } from '../model/types.js';
import { cite, ISTIO } from './istio-source.js';

/** One entry after Istio's merge (§2.7): the DRs for one host that Istio folds together. */
export interface DestinationRuleEntry {
  /** The DR whose trafficPolicy is used (the first folded in that has one), or the entry's first DR. */
  readonly rule: DestinationRule;
  /** Every DR folded into this entry, oldest first. */
  readonly merged: readonly DestinationRule[];
  readonly trafficPolicy: TrafficPolicy | undefined;
  readonly selector: Labels | undefined;
  /** exportTo as Istio indexes the entry (see exportToSet). */
  readonly exportTo: ReadonlySet<string>;
}

export interface DestinationRuleLookup {
  readonly entry: DestinationRuleEntry | undefined;
  readonly explanation: readonly string[];
}

interface Pool {
  /** Qualified host pattern → entries (selector DRs first, then the merged catch-all). */
  readonly byHost: Map<string, DestinationRuleEntry[]>;
}

interface NamespacePools {
  readonly local: Pool;
  readonly exported: Pool;
  readonly privateOnly: Pool;
}

export class DestinationRuleIndex {
  private readonly byNamespace = new Map<string, DestinationRule[]>();
  private readonly pools = new Map<string, NamespacePools>();
  private readonly byRawHost = new Map<string, DestinationRule[]>();

  private readonly rootNamespace: string;
  private readonly defaultExportTo: readonly string[];

  constructor(rules: readonly DestinationRule[], rootNamespace: string, defaultExportTo: readonly string[]) {
    this.rootNamespace = rootNamespace;
    this.defaultExportTo = defaultExportTo;
    for (const dr of rules) {
      this.bucket(dr.namespace).push(dr);
      this.indexHost(dr);
    }
  }

  private indexHost(dr: DestinationRule): void {
    const list = this.byRawHost.get(dr.host);
    if (list) list.push(dr);
    else this.byRawHost.set(dr.host, [dr]);
  }

  private unindexHost(dr: DestinationRule): void {
    const list = this.byRawHost.get(dr.host);
    const at = list ? list.indexOf(dr) : -1;
    if (list && at >= 0) list.splice(at, 1);
  }

  private bucket(namespace: string): DestinationRule[] {
    let list = this.byNamespace.get(namespace);
    if (!list) this.byNamespace.set(namespace, (list = []));
    return list;
  }

  upsert(dr: DestinationRule): void {
    const list = this.bucket(dr.namespace);
    const at = list.findIndex((d) => d.name === dr.name);
    const previous = list[at];
    if (previous) {
      this.unindexHost(previous);
      list[at] = dr;
    } else list.push(dr);
    this.indexHost(dr);
    this.pools.delete(dr.namespace);
  }

  remove(namespace: string, name: string): void {
    const list = this.byNamespace.get(namespace);
    const at = list ? list.findIndex((d) => d.name === name) : -1;
    const previous = list?.[at];
    if (list && previous) {
      this.unindexHost(previous);
      list.splice(at, 1);
    }
    this.pools.delete(namespace);
  }

  /** DRs whose `spec.host` is exactly `host` as written (Kiali's status compares hosts literally). */
  withHost(host: string): readonly DestinationRule[] {
    return this.byRawHost.get(host) ?? [];
  }

  all(): DestinationRule[] {
    return [...this.byNamespace.values()].flat();
  }

  /** exportTo as Istio applies it: a workloadSelector forces `.`; empty means the mesh default. */
  effectiveExportTo(dr: DestinationRule): readonly string[] {
    if (dr.workloadSelector) return ['.'];
    return dr.exportTo.length > 0 ? dr.exportTo : this.defaultExportTo;
  }

  private isPrivateOnly(dr: DestinationRule): boolean {
    const exportTo = this.effectiveExportTo(dr);
    return exportTo.length === 1 && (exportTo[0] === '.' || exportTo[0] === dr.namespace);
  }

  private poolsFor(namespace: string): NamespacePools {
    const cached = this.pools.get(namespace);
    if (cached) return cached;
    const rules = this.byNamespace.get(namespace) ?? [];
    const local = rules.filter((dr) => dr.exportTo.length === 0 || dr.workloadSelector !== undefined || dr.exportTo.some((e) => e === '*' || e === '.' || e === namespace));
    const built: NamespacePools = {
      local: buildPool(local),
      exported: buildPool(rules.filter((dr) => !this.isPrivateOnly(dr))),
      privateOnly: buildPool(rules.filter((dr) => this.isPrivateOnly(dr))),
    };
    this.pools.set(namespace, built);
    return built;
  }

  /**
   * The entry a client in `clientNamespace` with `clientLabels` uses for `hostname` of a service in
   * `serviceNamespace`. The first step that finds a host match decides, even a wildcard (§2.5).
   */
  lookup(clientNamespace: string, clientLabels: Labels, hostname: string, serviceNamespace: string): DestinationRuleLookup {
    const explanation: string[] = [];
    const first =
      clientNamespace === this.rootNamespace ? this.poolsFor(this.rootNamespace).privateOnly : this.poolsFor(clientNamespace).local;
    const firstHost = mostSpecificMatch(hostname, first.byHost.keys());
    if (firstHost) {
      const entry = pickBySelector(first.byHost.get(firstHost) ?? [], clientLabels);
      explanation.push(
        cite(
          entry
            ? `${formatRef(entry.rule)} in the client's namespace matches ${hostname} (host ${firstHost})`
            : `DestinationRules for ${firstHost} in the client's namespace select other workloads, so none applies`,
          ISTIO.destinationRuleLookup,
        ),
      );
      return { entry, explanation };
    }
    const steps: [string, string][] = [[serviceNamespace, "the service's namespace"]];
    if (this.rootNamespace !== serviceNamespace) steps.push([this.rootNamespace, 'the root namespace']);
    for (const [namespace, label] of steps) {
      const pool = this.poolsFor(namespace).exported;
      const host = mostSpecificMatch(hostname, pool.byHost.keys());
      if (!host) continue;
      const visible = (pool.byHost.get(host) ?? []).filter((e) => e.exportTo.size === 0 || e.exportTo.has('*') || e.exportTo.has(clientNamespace));
      const entry = pickBySelector(visible, {});
      if (entry) {
        explanation.push(cite(`${formatRef(entry.rule)} in ${label} is exported to ${clientNamespace} and matches ${hostname} (host ${host})`, ISTIO.destinationRuleLookup));
        return { entry, explanation };
      }
      explanation.push(cite(`DestinationRules for ${host} in ${label} are not exported to ${clientNamespace}`, ISTIO.destinationRuleLookup));
    }
    explanation.push(cite(`no DestinationRule applies to ${hostname} for clients in ${clientNamespace}`, ISTIO.destinationRuleLookup));
    return { entry: undefined, explanation };
  }
}

/**
 * SidecarScope.DestinationRule: the first entry whose workloadSelector matches the client, else the LAST
 * selector-less entry (entries with different exportTo stay apart, and Istio keeps overwriting its catch-all).
 */
function pickBySelector(entries: readonly DestinationRuleEntry[], labels: Labels): DestinationRuleEntry | undefined {
  let catchAll: DestinationRuleEntry | undefined;
  for (const entry of entries) {
    if (!entry.selector) catchAll = entry;
    else if (selectorMatches(entry.selector, labels)) return entry;
  }
  return catchAll;
}

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => a.size === b.size && [...a].every((x) => b.has(x));
const superset = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => [...b].every((x) => a.has(x));
const sameLabels = (a: Labels | undefined, b: Labels | undefined): boolean =>
  Object.keys(a ?? {}).length === Object.keys(b ?? {}).length && Object.entries(a ?? {}).every(([k, v]) => b?.[k] === v);

/** exportTo as Istio indexes a rule: as written, `.` for a rule with a workloadSelector; empty when unset. */
function exportToSet(dr: DestinationRule): ReadonlySet<string> {
  return new Set(dr.workloadSelector ? ['.'] : dr.exportTo);
}

interface MutableEntry {
  rule: DestinationRule;
  merged: DestinationRule[];
  trafficPolicy: DestinationRule['trafficPolicy'];
  readonly selector: Labels | undefined;
  readonly exportTo: ReadonlySet<string>;
}

/**
 * Istio's mergeDestinationRule, rule by rule in Istio's order (selector rules first, then oldest first): a rule
 * folds into each entry for its host whose exportTo it equals or extends and whose selector it does not
 * contradict (the first traffic policy wins whole), and stays a separate entry unless an exportTo-equal entry
 * with the same selector (or both none) took it.
 */
function buildPool(rules: readonly DestinationRule[]): Pool {
  const byHost = new Map<string, MutableEntry[]>();
  const sorted = [...rules].sort((a, b) => (a.workloadSelector ? 0 : 1) - (b.workloadSelector ? 0 : 1) || compareByAge(a, b));
  for (const dr of sorted) {
    if (!dr.host) continue;
    const host = qualifyHost(dr.host, dr.namespace);
    const exportTo = exportToSet(dr);
    const fresh: MutableEntry = { rule: dr, merged: [dr], trafficPolicy: dr.trafficPolicy, selector: dr.workloadSelector, exportTo };
    const entries = byHost.get(host);
    if (!entries) {
      byHost.set(host, [fresh]);
      continue;
    }
    let appendSeparately = true;
    for (const entry of entries) {
      if (sameSet(exportTo, entry.exportTo)) appendSeparately = false;
      else if (entry.exportTo.size > 0 && superset(exportTo, entry.exportTo)) appendSeparately = true;
      else {
        appendSeparately = true;
        continue;
      }
      const bothWithout = !dr.workloadSelector && !entry.selector;
      const bothWith = dr.workloadSelector !== undefined && entry.selector !== undefined;
      const selectorsMatch = sameLabels(dr.workloadSelector, entry.selector);
      if (bothWith && !selectorsMatch) {
        appendSeparately = true;
        continue;
      }
      if (bothWithout || (bothWith && selectorsMatch)) appendSeparately = false;
      entry.merged.push(dr);
      if (!entry.trafficPolicy && dr.trafficPolicy) {
        entry.trafficPolicy = dr.trafficPolicy;
        entry.rule = dr;
      }
    }
    if (appendSeparately) entries.push(fresh);
  }
  return { byHost: byHost as Map<string, DestinationRuleEntry[]> };
}
