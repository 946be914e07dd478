// Whether a DestinationRule host names something in the service registry (Kiali's KIA0202 rules,
// kiali-backend-reference §2.4.1), shared by the host and subset checks.
import { pushTo } from '../../model/lists.js';
import { field, isRecord, list, stringMap } from '../../model/read.js';
import type { DestinationRule, Labels, Service, ServiceEntry } from '../../model/types.js';
import type { CheckContext } from '../context.js';
import { hostKey, parseHost, type ParsedHost } from '../kiali-host.js';

const APP_LABELS = ['service.istio.io/canonical-name', 'app.kubernetes.io/name', 'app'];

export function parseRuleHost(dr: DestinationRule, ctx: CheckContext): ParsedHost {
  return parseHost(dr.host, dr.namespace, (ns) => ctx.namespaceExists(ns));
}

/** Every DR whose host, parsed in its own namespace, is `key` (an FQDN or a name outside the cluster). */
export function rulesWithHostKey(key: string, ctx: CheckContext): readonly DestinationRule[] {
  const index = ctx.memoOn(ctx.snapshot.destinationRules, 'destination-rules-by-host-key', () => {
    const byKey = new Map<string, DestinationRule[]>();
    for (const dr of ctx.destinationRules) pushTo(byKey, hostKey(parseRuleHost(dr, ctx)), dr);
    return byKey;
  });
  return index.get(key) ?? [];
}

/** Service visibility from its `networking.istio.io/exportTo` annotation; empty = everywhere. */
function serviceVisibleTo(service: Service, namespace: string): boolean {
  if (service.exportTo.length === 0) return true;
  return service.exportTo.some((e) => e === '*' || e === namespace || (e === '.' && service.namespace === namespace));
}

/** ServiceEntries whose hosts cover `host` (a `*` host covers names ending with what follows it). */
export function matchingServiceEntries(host: string, ctx: CheckContext): ServiceEntry[] {
  return ctx.snapshot.serviceEntries.filter((se) => se.hosts.some((h) => h === host || (h.includes('*') && host.endsWith(h.slice(h.indexOf('*') + 1)))));
}

export function findService(parsed: ParsedHost, ctx: CheckContext): Service | undefined {
  if (!parsed.complete) return undefined;
  return ctx.servicesNamed(parsed.service).find((s) => s.namespace === parsed.namespace);
}

export function hostFound(dr: DestinationRule, ctx: CheckContext): boolean {
  if (dr.host.startsWith('*')) return true;
  const parsed = parseRuleHost(dr, ctx);
  const key = hostKey(parsed);
  if (parsed.complete && parsed.namespace === dr.namespace) {
    const named = ctx.workloadsIn(dr.namespace).some((w) => {
      const app = APP_LABELS.map((l) => w.podLabels[l]).find((v) => v !== undefined);
      return app === parsed.service;
    });
    if (named) return true;
  }
  if (matchingServiceEntries(key, ctx).length > 0 || matchingServiceEntries(dr.host, ctx).length > 0) return true;
  const service = findService(parsed, ctx);
  return service !== undefined && serviceVisibleTo(service, dr.namespace);
}

/** Labels of the inline endpoints of ServiceEntries for `host`. */
export function serviceEntryEndpointLabels(host: string, ctx: CheckContext): Labels[] {
  return matchingServiceEntries(host, ctx).flatMap((se) =>
    list(field(se.raw, 'spec', 'endpoints')).filter(isRecord).map((e) => stringMap(e.labels)),
  );
}
