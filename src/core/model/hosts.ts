// Host names as Istio compares them (istio-mtls-semantics §2.4).

/** The DNS suffix of Kubernetes Services. Istio's default; meshlock does not read another one yet. */
export const CLUSTER_DOMAIN = 'cluster.local';

export function serviceHostname(name: string, namespace: string): string {
  // Joined into one string: hostnames are map keys (see keyOf).
  return [name, '.', namespace, '.svc.', CLUSTER_DOMAIN].join('');
}

/** A name without any dot is short for a Service in `namespace`; anything with a dot is literal. */
export function qualifyHost(host: string, namespace: string): string {
  return host.includes('.') || host === '*' ? host : serviceHostname(host, namespace);
}

/** `*` matches everything; `*suffix` matches names ending in suffix; otherwise exact. */
export function hostMatches(pattern: string, hostname: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return hostname.endsWith(pattern.slice(1));
  return pattern === hostname;
}

/**
 * The best pattern for `hostname` among `patterns`: an exact match, else the most specific wildcard
 * (longest; equal length → lexicographically smaller).
 */
export function mostSpecificMatch(hostname: string, patterns: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const pattern of patterns) {
    if (pattern === hostname) return pattern;
    if (!pattern.startsWith('*') || !hostMatches(pattern, hostname)) continue;
    if (best === undefined || pattern.length > best.length || (pattern.length === best.length && pattern < best)) best = pattern;
  }
  return best;
}
