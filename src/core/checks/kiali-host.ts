// Kiali's host parsing (kiali-backend-reference §0.3), used where meshlock keeps Kiali's matching rules.
import { CLUSTER_DOMAIN } from '../model/hosts.js';

/** Kiali's identity domain: `svc.` + the cluster domain. */
export const IDENTITY_DOMAIN = `svc.${CLUSTER_DOMAIN}`;

export interface ParsedHost {
  readonly service: string;
  readonly namespace: string;
  /** false for hosts that name no Kubernetes Service (`*.local`, `www.google.com`): then `service` is the raw host. */
  readonly complete: boolean;
}

/**
 * Kiali's GetHost: a short name is a Service of `defaultNamespace`; `svc.ns`, `svc.ns.svc` and the FQDN name
 * a Service when `ns` is a known namespace (or the default one); anything else is kept as written.
 */
export function parseHost(host: string, defaultNamespace: string, isNamespace: (name: string) => boolean = () => false): ParsedHost {
  const labels = host.split('.');
  const [service = '', namespace = ''] = labels;
  if (labels.length === 1) return { service, namespace: defaultNamespace, complete: true };
  if (labels.length >= 3 && labels.slice(2).join('.') === IDENTITY_DOMAIN) return { service, namespace, complete: true };
  if (labels.length === 2 && (namespace === defaultNamespace || isNamespace(namespace))) return { service, namespace, complete: true };
  if (labels.length === 3 && labels[2] === 'svc') return { service, namespace, complete: true };
  return { service: host, namespace: '', complete: false };
}

/** The FQDN of a complete host, the raw host otherwise (Kiali's `String()`). */
export function hostKey(parsed: ParsedHost): string {
  return parsed.complete ? `${parsed.service}.${parsed.namespace}.${IDENTITY_DOMAIN}` : parsed.service;
}

/** Kiali's HostWithinWildcardHost: `*` covers all; `*.x` covers names ending in `.x`. */
export function withinWildcard(host: string, wildcard: string): boolean {
  if (wildcard === '*') return true;
  return wildcard.startsWith('*.') && host.endsWith(wildcard.slice(1));
}

/** The host DestinationRules use to cover a whole namespace: `*.<ns>.svc.cluster.local`. */
export function namespaceWideHost(namespace: string): string {
  return `*.${namespace}.${IDENTITY_DOMAIN}`;
}

/** The namespace a host refers to, when it names one: a Service host or a namespace-wide wildcard. */
export function hostNamespace(host: string, defaultNamespace: string): string | undefined {
  const labels = host.split('.');
  if (labels.length === 1) return host === '*' ? undefined : defaultNamespace;
  if (labels.length >= 2 && labels[1] !== undefined && (labels.length === 2 || labels[2] === 'svc')) return labels[1];
  return undefined;
}
