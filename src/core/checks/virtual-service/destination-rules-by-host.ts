// DestinationRules keyed by the host they name in Kiali's host forms, built once per check run.
import { pushTo } from '../../model/lists.js';
import type { DestinationRule } from '../../model/types.js';
import type { CheckContext } from '../context.js';
import { hostKey, parseHost, withinWildcard } from '../kiali-host.js';
import { destinationRuleExportTo, visibility, visibleIn, type Visibility } from '../../model/visibility.js';

interface Indexed {
  readonly rule: DestinationRule;
  readonly visibility: Visibility;
}

interface Index {
  readonly byHost: ReadonlyMap<string, readonly Indexed[]>;
  readonly wildcards: readonly (Indexed & { readonly host: string })[];
}


function index(ctx: CheckContext): Index {
  return ctx.memoOn(ctx.snapshot.destinationRules, 'vs-destination-rules-by-host', () => buildIndex(ctx));
}

function buildIndex(ctx: CheckContext): Index {
  const byHost = new Map<string, Indexed[]>();
  const wildcards: (Indexed & { host: string })[] = [];
  for (const rule of ctx.snapshot.destinationRules) {
    const v = visibility(destinationRuleExportTo(rule, ctx.snapshot.meshConfig), rule.namespace);
    if (rule.host.startsWith('*')) {
      wildcards.push({ rule, visibility: v, host: rule.host });
      continue;
    }
    pushTo(byHost, hostKey(parseHost(rule.host, rule.namespace, (ns) => ctx.namespaceExists(ns))), { rule, visibility: v });
  }
  return { byHost, wildcards };
}

/**
 * The DestinationRules `fromNamespace` sees for the host `fqdn` (Kiali's host key): same host key, or a
 * wildcard host covering it.
 */
export function destinationRulesFor(ctx: CheckContext, fqdn: string, fromNamespace: string): DestinationRule[] {
  const { byHost, wildcards } = index(ctx);
  const exact = byHost.get(fqdn) ?? [];
  const covering = wildcards.filter((w) => withinWildcard(fqdn, w.host));
  return [...exact, ...covering].filter((e) => visibleIn(e.visibility, fromNamespace)).map((e) => e.rule);
}
