import type { DestinationRule } from '../../model/types.js';
import type { Checker } from '../checker.js';
import type { CheckContext } from '../context.js';
import { hostKey } from '../kiali-host.js';
import { exportNamespaces, isDestinationRule, isMeshWideRule, isNamespaceWideRuleFor, topTlsMode } from '../policy-modes.js';
import { parseRuleHost, rulesWithHostKey } from './host-registry.js';

/** Kiali leaves out the mesh- and namespace-wide ISTIO_MUTUAL rules: they are meant to sit under specific ones. */
function isBaseline(dr: DestinationRule): boolean {
  return topTlsMode(dr) === 'ISTIO_MUTUAL' && (isMeshWideRule(dr) || isNamespaceWideRuleFor(dr, dr.namespace));
}

/** Subset names, `~` standing for "no subsets" (the whole host), which collides with everything. */
const subsetNames = (dr: DestinationRule): string[] => (dr.subsets.length > 0 ? [...new Set(dr.subsets.map((s) => s.name))] : ['~']);

/** How many rules of a group there are, how many cover the whole host, and how many name each subset. */
class Tally {
  count = 0;
  wholeHost = 0;
  readonly bySubset = new Map<string, number>();

  add(dr: DestinationRule): void {
    this.count++;
    const names = subsetNames(dr);
    if (names.includes('~')) this.wholeHost++;
    for (const name of names) this.bySubset.set(name, (this.bySubset.get(name) ?? 0) + 1);
  }
}

/** The non-baseline rules of one host key, by the namespaces that see them: `everywhere` for `*`, else per namespace. */
interface HostTallies {
  readonly everywhere: Tally;
  readonly byNamespace: Map<string, Tally>;
}

/** Built once per host key and run, so a check is a few lookups however many rules share the host. */
function talliesFor(key: string, ctx: CheckContext): HostTallies {
  const all = ctx.cached('kia0201-tallies', () => new Map<string, HostTallies>());
  let tallies = all.get(key);
  if (tallies) return tallies;
  tallies = { everywhere: new Tally(), byNamespace: new Map() };
  for (const dr of rulesWithHostKey(key, ctx)) {
    if (isBaseline(dr)) continue;
    const seenBy = exportNamespaces(dr, ctx);
    if (seenBy === '*') {
      tallies.everywhere.add(dr);
      continue;
    }
    for (const namespace of seenBy) {
      let tally = tallies.byNamespace.get(namespace);
      if (!tally) tallies.byNamespace.set(namespace, (tally = new Tally()));
      tally.add(dr);
    }
  }
  all.set(key, tallies);
  return tallies;
}

/** Whether another rule visible to this rule's namespace for the same host collides with its subsets. */
function collides(dr: DestinationRule, ctx: CheckContext): boolean {
  if (isBaseline(dr)) return false;
  const { everywhere, byNamespace } = talliesFor(hostKey(parseRuleHost(dr, ctx)), ctx);
  const local = byNamespace.get(dr.namespace);
  const seenBy = exportNamespaces(dr, ctx);
  // The rule is in its own tallies when its namespace sees it; it must not collide with itself.
  const self = seenBy === '*' || seenBy.has(dr.namespace) ? 1 : 0;
  const count = (pick: (tally: Tally) => number) => pick(everywhere) + (local ? pick(local) : 0);
  const names = subsetNames(dr);
  if (names.includes('~')) return count((t) => t.count) - self > 0;
  if (count((t) => t.wholeHost) > 0) return true;
  return names.some((name) => count((t) => t.bySubset.get(name) ?? 0) - self > 0);
}

// Rules for one host are merged by Istio: the oldest trafficPolicy wins whole and a repeated subset name
// from a younger rule is dropped (istio-mtls-semantics §2.7), so the second rule silently loses settings.
// Unlike Kiali, overlapping wildcards (`*.local` and `reviews`) are not reported: the most specific host
// wins at lookup, which is how they are meant to be used (§2.4).
export const multipleRulesSameHost: Checker = {
  code: 'KIA0201',
  kinds: ['DestinationRule'],
  severity: 'warning',
  message: 'More than one DestinationRules for the same host subset combination',
  invalidates: false,
  check(dr, ctx) {
    if (!isDestinationRule(dr)) return [];
    return collides(dr, ctx) ? [{ path: ['spec', 'host'] }] : [];
  },
};
