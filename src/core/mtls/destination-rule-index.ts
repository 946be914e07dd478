// Which DestinationRule a client proxy uses for a host (istio-mtls-semantics §2.5–2.7).
import { mostSpecificMatch, qualifyHost } from '../model/hosts.js';
import { EMPTY, pushTo, replaced } from '../model/lists.js';
import { selectorMatches } from '../model/labels.js';
import { compareByAge, formatRef } from '../model/refs.js';
import { destinationRuleExportTo } from '../model/visibility.js';
import type { Change, DestinationRule, Labels, TrafficPolicy } from '../model/types.js';
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

/** Immutable: `with(changes)` gives a new index sharing every namespace and host the changes do not touch. */
export class DestinationRuleIndex {
  private readonly byNamespace: ReadonlyMap<string, readonly DestinationRule[]>;
  private readonly byRawHost: ReadonlyMap<string, readonly DestinationRule[]>;
  /** Pools computed on first use per namespace (the lists never change under them). */
  private readonly pools = new Map<string, NamespacePools>();

  private readonly rootNamespace: string;
  private readonly defaultExportTo: readonly string[];

  constructor(
    rules: readonly DestinationRule[],
    rootNamespace: string,
    defaultExportTo: readonly string[],
    derived?: { byNamespace: ReadonlyMap<string, readonly DestinationRule[]>; byRawHost: ReadonlyMap<string, readonly DestinationRule[]>; pools: ReadonlyMap<string, NamespacePools> },
  ) {
    this.rootNamespace = rootNamespace;
    this.defaultExportTo = defaultExportTo;
    if (derived) {
      this.byNamespace = derived.byNamespace;
      this.byRawHost = derived.byRawHost;
      for (const [namespace, pools] of derived.pools) this.pools.set(namespace, pools);
      return;
    }
    const byNamespace = new Map<string, DestinationRule[]>();
    const byRawHost = new Map<string, DestinationRule[]>();
    for (const dr of rules) {
      pushTo(byNamespace, dr.namespace, dr);
      pushTo(byRawHost, dr.host, dr);
    }
    this.byNamespace = byNamespace;
    this.byRawHost = byRawHost;
  }

  /** The index with upserts (same namespace/name replaces) and deletes applied. */
  with(changes: readonly Change[]): DestinationRuleIndex {
    const byNamespace = new Map(this.byNamespace);
    const byRawHost = new Map(this.byRawHost);
    const pools = new Map(this.pools);
    for (const change of changes) {
      const ref = change.type === 'upsert' ? change.object : change.ref;
      const list = byNamespace.get(ref.namespace) ?? [];
      const previous = list.find((d) => d.name === ref.name);
      const next = change.type === 'upsert' ? (change.object as DestinationRule) : undefined;
      byNamespace.set(ref.namespace, replaced(list, ref.name, next));
      if (previous) byRawHost.set(previous.host, (byRawHost.get(previous.host) ?? []).filter((d) => d !== previous));
      if (next) byRawHost.set(next.host, [...(byRawHost.get(next.host) ?? []), next]);
      pools.delete(ref.namespace);
    }
    return new DestinationRuleIndex([], this.rootNamespace, this.defaultExportTo, { byNamespace, byRawHost, pools });
  }

  /** DRs whose `spec.host` is exactly `host` as written (Kiali's status compares hosts literally). */
  withHost(host: string): readonly DestinationRule[] {
    return this.byRawHost.get(host) ?? [];
  }

  all(): DestinationRule[] {
    return [...this.byNamespace.values()].flat();
  }

  effectiveExportTo(dr: DestinationRule): readonly string[] {
    return destinationRuleExportTo(dr, { defaultDestinationRuleExportTo: this.defaultExportTo });
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
    const found = this.find(clientNamespace, clientLabels, hostname, () => this.exportedSteps(hostname, serviceNamespace));
    const explanation: string[] = [];
    if (found.local !== undefined) {
      explanation.push(
        cite(
          found.entry
            ? `${formatRef(found.entry.rule)} in the client's namespace matches ${hostname} (host ${found.local})`
            : `DestinationRules for ${found.local} in the client's namespace select other workloads, so none applies`,
          ISTIO.destinationRuleLookup,
        ),
      );
      return { entry: found.entry, explanation };
    }
    for (const { host, label } of found.notExported) explanation.push(cite(`DestinationRules for ${host} in ${label} are not exported to ${clientNamespace}`, ISTIO.destinationRuleLookup));
    explanation.push(
      found.entry && found.exported
        ? cite(`${formatRef(found.entry.rule)} in ${found.exported.label} is exported to ${clientNamespace} and matches ${hostname} (host ${found.exported.host})`, ISTIO.destinationRuleLookup)
        : cite(`no DestinationRule applies to ${hostname} for clients in ${clientNamespace}`, ISTIO.destinationRuleLookup),
    );
    return { entry: found.entry, explanation };
  }

  /**
   * The entry of `lookup` without its explanation, for many clients of one host: the service's and the root
   * namespace's candidates are found once, each client then costs its own namespace and the exportTo filter.
   */
  entryChooser(hostname: string, serviceNamespace: string): (clientNamespace: string, clientLabels: Labels) => DestinationRuleEntry | undefined {
    let steps: readonly ExportedStep[] | undefined;
    const exported = () => (steps ??= this.exportedSteps(hostname, serviceNamespace));
    return (clientNamespace, clientLabels) => this.find(clientNamespace, clientLabels, hostname, exported).entry;
  }

  /** The client's namespace decides when it has a rule for the host; else the first exported step that has one visible. */
  private find(clientNamespace: string, clientLabels: Labels, hostname: string, exported: () => readonly ExportedStep[]): FoundEntry {
    const first =
      clientNamespace === this.rootNamespace ? this.poolsFor(this.rootNamespace).privateOnly : this.poolsFor(clientNamespace).local;
    // Most namespaces hold no rule for most hosts: skip the pattern scan when there is nothing to scan.
    const firstHost = first.byHost.size > 0 ? mostSpecificMatch(hostname, first.byHost.keys()) : undefined;
    if (firstHost) return { entry: pickBySelector(first.byHost.get(firstHost) ?? [], clientLabels), local: firstHost, notExported: EMPTY };
    const steps = exported();
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      const visible = step.entries.filter((e) => e.exportTo.size === 0 || e.exportTo.has('*') || e.exportTo.has(clientNamespace));
      const entry = pickBySelector(visible, {});
      if (entry) return { entry, exported: step, notExported: steps.slice(0, i) };
    }
    return { entry: undefined, notExported: steps };
  }

  /** The service's namespace, then the root namespace: the exported rules of each whose host matches, in that order. */
  private exportedSteps(hostname: string, serviceNamespace: string): ExportedStep[] {
    const steps: [string, string][] = [[serviceNamespace, "the service's namespace"]];
    if (this.rootNamespace !== serviceNamespace) steps.push([this.rootNamespace, 'the root namespace']);
    const found: ExportedStep[] = [];
    for (const [namespace, label] of steps) {
      const pool = this.poolsFor(namespace).exported;
      const host = mostSpecificMatch(hostname, pool.byHost.keys());
      if (host) found.push({ host, label, entries: pool.byHost.get(host) ?? [] });
    }
    return found;
  }
}

/** A step of the lookup past the client's namespace whose host pattern matched. */
interface ExportedStep {
  readonly host: string;
  readonly label: string;
  readonly entries: readonly DestinationRuleEntry[];
}

/** Where a lookup found its entry: the host matched in the client's namespace, or in an exported step. */
interface FoundEntry {
  readonly entry: DestinationRuleEntry | undefined;
  /** The host pattern that matched in the client's namespace; that step decides even without an entry. */
  readonly local?: string;
  readonly exported?: ExportedStep;
  /** Steps whose host matched but whose rules are not exported to the client. */
  readonly notExported: readonly ExportedStep[];
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

