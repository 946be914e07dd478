// Turns parsed Kubernetes/Istio documents into snapshot objects. Pure; bad input becomes a Problem.
import { decideEnrollment, DATAPLANE_MODE, type EnrollmentDecision } from './enrollment.js';
import { decideInjection, type InjectionDecision } from './injection.js';
import { USE_WAYPOINT, USE_WAYPOINT_NAMESPACE } from './waypoints.js';
import { field, isRecord, list, nonEmpty, num, str, stringList, stringMap, type Json } from './read.js';
import { appended, EMPTY } from './lists.js';
import type {
  ClientTls,
  ClientTlsMode,
  ContainerPort,
  Dataplane,
  DestinationRule,
  Labels,
  MeshObject,
  MtlsMode,
  NamespaceInfo,
  PeerAuthentication,
  Problem,
  Service,
  ServiceEntry,
  ServicePort,
  SourceSpan,
  TrafficPolicy,
  WaypointRef,
  Workload,
} from './types.js';

const MTLS_MODES: readonly string[] = ['STRICT', 'PERMISSIVE', 'DISABLE'];
const CLIENT_TLS_MODES: readonly string[] = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'];

export type Normalized =
  | { readonly type: 'object'; readonly object: MeshObject }
  | { readonly type: 'problem'; readonly problem: Problem };

/**
 * Reads one parsed document (already split out of `kind: List`). `defaultNamespace` applies to
 * namespaced objects without `metadata.namespace`, as kubectl does.
 */
export function normalizeObject(doc: unknown, source: SourceSpan | undefined, defaultNamespace = 'default'): Normalized {
  // The line of the document is the reader's to add (it knows the text).
  const where = { file: source?.file, line: undefined, column: 1 };
  if (!isRecord(doc)) {
    return { type: 'problem', problem: { code: 'not-an-object', message: 'document is not a mapping with kind and metadata', ...where } };
  }
  const kind = str(doc.kind);
  const name = str(field(doc, 'metadata', 'name'));
  if (!kind || !name) {
    const missing = !kind ? 'kind' : 'metadata.name';
    return { type: 'problem', problem: { code: 'missing-field', message: `document has no ${missing}`, ...where } };
  }
  const namespace = kind === 'Namespace' ? '' : (str(field(doc, 'metadata', 'namespace')) ?? defaultNamespace);
  const base: MeshObject = {
    kind,
    apiVersion: str(doc.apiVersion) ?? '',
    namespace,
    name,
    labels: stringMap(field(doc, 'metadata', 'labels')),
    annotations: stringMap(field(doc, 'metadata', 'annotations')),
    creationTimestamp: timestamp(field(doc, 'metadata', 'creationTimestamp')),
    raw: doc,
    source,
  };
  const rejected = rejectedField(base, doc);
  if (rejected) {
    return {
      type: 'problem',
      problem: { code: 'invalid-value', ...where, object: { kind, namespace, name }, path: rejected.path, message: `${kind}/${namespace}/${name} is ignored: ${rejected.message}`, rejected: base },
    };
  }
  return { type: 'object', object: specialise(base, doc) };
}

/**
 * Enum values the API server rejects (istio-mtls-semantics §1.8, §2.8). Such an object never takes
 * effect in a cluster, so the engine leaves it out instead of guessing what was meant.
 */
function rejectedField(base: MeshObject, doc: Json): { path: (string | number)[]; message: string } | undefined {
  // Only two kinds have such enums: every other object leaves here without allocating anything.
  if (base.kind !== 'PeerAuthentication' && base.kind !== 'DestinationRule') return undefined;
  const spec = field(doc, 'spec');
  if (base.kind === 'PeerAuthentication') {
    const mode = field(spec, 'mtls', 'mode');
    if (outside(mode, PEER_AUTHENTICATION_MODES)) return rejection(['spec', 'mtls', 'mode'], mode, PEER_AUTHENTICATION_MODES);
    const ports = field(spec, 'portLevelMtls');
    if (isRecord(ports)) {
      // CEL rule of the CRD: "portLevelMtls requires selector" (§1.8).
      if (Object.keys(stringMap(field(spec, 'selector', 'matchLabels'))).length === 0) {
        return { path: ['spec', 'portLevelMtls'], message: 'portLevelMtls requires a selector with matchLabels (mesh/namespace policies cannot set ports)' };
      }
      for (const [port, value] of Object.entries(ports)) {
        const number = num(port);
        if (number === undefined || number < 1 || number > 65535) return { path: ['spec', 'portLevelMtls', port], message: `port must be between 1-65535, got ${port}` };
        const portMode = field(value, 'mode');
        if (outside(portMode, PEER_AUTHENTICATION_MODES)) return rejection(['spec', 'portLevelMtls', port, 'mode'], portMode, PEER_AUTHENTICATION_MODES);
      }
    }
    return undefined;
  }
  const policies: [(string | number)[], unknown][] = [[['spec', 'trafficPolicy'], field(spec, 'trafficPolicy')]];
  list(field(spec, 'subsets')).forEach((s, i) => policies.push([['spec', 'subsets', i, 'trafficPolicy'], field(s, 'trafficPolicy')]));
  for (const [path, policy] of policies) {
    const mode = field(policy, 'tls', 'mode');
    if (outside(mode, CLIENT_TLS_MODES)) return rejection([...path, 'tls', 'mode'], mode, CLIENT_TLS_MODES);
    for (const [i, entry] of list(field(policy, 'portLevelSettings')).entries()) {
      const portMode = field(entry, 'tls', 'mode');
      if (outside(portMode, CLIENT_TLS_MODES)) return rejection([...path, 'portLevelSettings', i, 'tls', 'mode'], portMode, CLIENT_TLS_MODES);
    }
  }
  return undefined;
}

const PEER_AUTHENTICATION_MODES: readonly string[] = ['UNSET', ...MTLS_MODES];

/** A value given that is not one of the enum's. */
function outside(value: unknown, allowed: readonly string[]): boolean {
  return value !== undefined && (typeof value !== 'string' || !allowed.includes(value));
}

function rejection(path: (string | number)[], value: unknown, allowed: readonly string[]): { path: (string | number)[]; message: string } {
  return { path, message: `${path.join('.')} is ${JSON.stringify(value)}; allowed: ${allowed.join(', ')}` };
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number the ASCII digits at text[from, to) write, or -1 when one of them is not a digit. */
function digitsAt(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * The API server's own form, `YYYY-MM-DDTHH:MM:SSZ` with every field in range, as the ISO time it already is
 * but for milliseconds; undefined for anything else. Read digit by digit, without a list of the fields:
 * every object has a timestamp.
 */
function apiTimestamp(text: string): string | undefined {
  if (text.length !== 20 || text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':' || text[19] !== 'Z') return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  const hour = digitsAt(text, 11, 13);
  const minute = digitsAt(text, 14, 16);
  const second = digitsAt(text, 17, 19);
  // digitsAt answers -1 for a field that is not all digits.
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1];
  if (days === undefined || day < 1 || day > days || hour >= 24 || minute >= 60 || second >= 60) return undefined;
  // Joined into one string (see keyOf): every object keeps it, and sorts compare it.
  return [text.slice(0, 19), '.000Z'].join('');
}

function timestamp(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (typeof value !== 'string') return '';
  // Parsing a Date (or a regular expression) for each of thousands of objects costs more than apiTimestamp's
  // check; anything else is parsed.
  const api = apiTimestamp(value);
  if (api !== undefined) return api;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? value : parsed.toISOString();
}

function specialise(base: MeshObject, doc: Json): MeshObject {
  const spec = field(doc, 'spec');
  const group = base.apiVersion.split('/')[0] ?? '';
  switch (base.kind) {
    case 'Namespace':
      return namespaceInfo(base);
    case 'PeerAuthentication':
      return group === 'security.istio.io' ? peerAuthentication(base, spec) : base;
    case 'DestinationRule':
      return group === 'networking.istio.io' ? destinationRule(base, spec) : base;
    case 'ServiceEntry':
      return group === 'networking.istio.io' ? serviceEntry(base, spec) : base;
    case 'Service':
      return group === 'v1' || base.apiVersion === 'v1' ? service(base, spec) : base;
    default:
      return base;
  }
}

/**
 * A typed object: the base fields written out, then the kind's own. Spreading `base` first made V8 copy it and
 * then grow the copy one property at a time, most of building a snapshot of 20,000 workloads (toWorkload in a
 * loop over the generated mesh: about 280 ms spread first, 60 ms this way, 45 ms with every literal written out
 * in full, which is not worth seven copies of the base fields).
 */
function withBase<T extends object>(base: MeshObject, fields: T): MeshObject & T {
  return { kind: base.kind, apiVersion: base.apiVersion, namespace: base.namespace, name: base.name, labels: base.labels, annotations: base.annotations, creationTimestamp: base.creationTimestamp, raw: base.raw, source: base.source, ...fields };
}

function namespaceInfo(base: MeshObject): NamespaceInfo {
  const injectionLabel = base.labels['istio-injection'];
  const injection =
    injectionLabel === 'disabled' ? 'disabled' : injectionLabel === 'enabled' || base.labels['istio.io/rev'] ? 'enabled' : 'unlabelled';
  return withBase(base, { kind: 'Namespace' as const, injection });
}

function mtlsMode(value: unknown): MtlsMode | undefined {
  return typeof value === 'string' && MTLS_MODES.includes(value) ? (value as MtlsMode) : undefined;
}

function peerAuthentication(base: MeshObject, spec: unknown): PeerAuthentication {
  const portLevelMtls = new Map<number, MtlsMode | undefined>();
  const ports = field(spec, 'portLevelMtls');
  if (isRecord(ports)) {
    for (const [key, value] of Object.entries(ports)) {
      const port = num(key);
      if (port !== undefined) portLevelMtls.set(port, mtlsMode(field(value, 'mode')));
    }
  }
  return withBase(base, {
    kind: 'PeerAuthentication' as const,
    selector: nonEmpty(stringMap(field(spec, 'selector', 'matchLabels'))),
    mode: mtlsMode(field(spec, 'mtls', 'mode')),
    portLevelMtls,
  });
}

function clientTls(value: unknown): ClientTls | undefined {
  if (!isRecord(value)) {
    return value === undefined || value === null ? undefined : { mode: 'DISABLE', modeSet: false, credentialName: undefined, certificateFiles: false };
  }
  const mode = str(value.mode);
  const known = mode !== undefined && CLIENT_TLS_MODES.includes(mode);
  return {
    mode: known ? (mode as ClientTlsMode) : 'DISABLE',
    modeSet: known,
    credentialName: str(value.credentialName),
    certificateFiles: Boolean(str(value.clientCertificate)) && Boolean(str(value.privateKey)),
  };
}

function trafficPolicy(value: unknown): TrafficPolicy | undefined {
  if (!isRecord(value)) return undefined;
  return {
    tls: clientTls(value.tls),
    loadBalancer: str(field(value, 'loadBalancer', 'simple')),
    portLevelSettings: list(value.portLevelSettings).map((entry) => ({
      port: num(field(entry, 'port', 'number')),
      tls: clientTls(field(entry, 'tls')),
      loadBalancer: str(field(entry, 'loadBalancer', 'simple')),
    })),
  };
}

function destinationRule(base: MeshObject, spec: unknown): DestinationRule {
  return withBase(base, {
    kind: 'DestinationRule' as const,
    host: str(field(spec, 'host')) ?? '',
    exportTo: stringList(field(spec, 'exportTo')),
    workloadSelector: nonEmpty(stringMap(field(spec, 'workloadSelector', 'matchLabels'))),
    trafficPolicy: trafficPolicy(field(spec, 'trafficPolicy')),
    subsets: list(field(spec, 'subsets')).map((subset) => ({
      name: str(field(subset, 'name')) ?? '',
      labels: stringMap(field(subset, 'labels')),
      trafficPolicy: trafficPolicy(field(subset, 'trafficPolicy')),
    })),
  });
}

function servicePorts(value: unknown, targetField: 'targetPort' | 'number'): readonly ServicePort[] {
  let ports: ServicePort[] | undefined;
  for (const entry of list(value)) {
    const port = num(field(entry, targetField === 'number' ? 'number' : 'port'));
    if (port === undefined) continue;
    const rawTarget = field(entry, 'targetPort');
    const target = num(rawTarget) ?? str(rawTarget) ?? port;
    ports = appended(ports, {
      port,
      name: str(field(entry, 'name')),
      protocol: str(field(entry, 'protocol')) ?? 'TCP',
      appProtocol: str(field(entry, 'appProtocol')),
      targetPort: target,
    });
  }
  return ports ?? EMPTY;
}

function service(base: MeshObject, spec: unknown): Service {
  const exportTo = base.annotations['networking.istio.io/exportTo'];
  return withBase(base, {
    kind: 'Service' as const,
    selector: nonEmpty(stringMap(field(spec, 'selector'))),
    ports: servicePorts(field(spec, 'ports'), 'targetPort'),
    headless: field(spec, 'clusterIP') === 'None',
    exportTo: exportTo ? exportTo.split(',').map((s) => s.trim()).filter(Boolean) : [],
  });
}

function serviceEntry(base: MeshObject, spec: unknown): ServiceEntry {
  return withBase(base, {
    kind: 'ServiceEntry' as const,
    hosts: stringList(field(spec, 'hosts')),
    location: field(spec, 'location') === 'MESH_INTERNAL' ? 'MESH_INTERNAL' : 'MESH_EXTERNAL',
    resolution: str(field(spec, 'resolution')) ?? 'NONE',
    ports: servicePorts(field(spec, 'ports'), 'number'),
    workloadSelector: nonEmpty(stringMap(field(spec, 'workloadSelector', 'labels'))),
    exportTo: stringList(field(spec, 'exportTo')),
    addresses: stringList(field(spec, 'addresses')),
  });
}

/** Pod spec and pod labels of a workload document, wherever the kind keeps them. */
function podTemplate(object: MeshObject): { labels: Record<string, string>; annotations: Record<string, string>; spec: unknown } {
  if (object.kind === 'Pod') return { labels: { ...object.labels }, annotations: { ...object.annotations }, spec: field(object.raw, 'spec') };
  const template = field(object.raw, 'spec', 'template');
  return {
    labels: stringMap(field(template, 'metadata', 'labels')),
    annotations: stringMap(field(template, 'metadata', 'annotations')),
    spec: field(template, 'spec'),
  };
}

function containerPorts(podSpec: unknown): { ports: readonly ContainerPort[]; hasProxy: boolean } {
  let ports: ContainerPort[] | undefined;
  let hasProxy = false;
  for (const container of list(field(podSpec, 'containers'))) {
    if (field(container, 'name') === 'istio-proxy') {
      hasProxy = true;
      continue;
    }
    for (const p of list(field(container, 'ports'))) {
      const port = num(field(p, 'containerPort'));
      if (port !== undefined) ports = appended(ports, { port, name: str(field(p, 'name')) });
    }
  }
  return { ports: ports ?? EMPTY, hasProxy };
}

/**
 * The data plane of a pod: a sidecar when the pod has one (the injector's status annotation then keeps
 * istio-cni away; a hand-made istio-proxy container wins too), else ztunnel when istio-cni enrolls it, else none.
 */
function dataplaneOf(injection: InjectionDecision, enrollment: EnrollmentDecision): { dataplane: Dataplane; reason: string } {
  if (injection.injected) {
    const both = enrollment.enrolled ? '; istio-cni would also redirect it to ztunnel (no sidecar status annotation), but its sidecar handles its traffic' : '';
    return { dataplane: 'sidecar', reason: injection.reason + both };
  }
  if (enrollment.enrolled) return { dataplane: 'ambient', reason: enrollment.reason };
  return { dataplane: 'none', reason: enrollment.requested ? `${injection.reason}; ${enrollment.reason}` : injection.reason };
}

/**
 * The waypoint the labels ask for: the pod's own `istio.io/use-waypoint` when present, else the
 * namespace's; `none` or empty means none, and so does opting out of ambient with dataplane-mode `none`.
 */
function waypointOf(podLabels: Labels, namespace: NamespaceInfo | undefined, own: string): WaypointRef | undefined {
  if (podLabels[DATAPLANE_MODE] === 'none') return undefined;
  const labels = podLabels[USE_WAYPOINT] !== undefined ? podLabels : (namespace?.labels ?? {});
  const name = labels[USE_WAYPOINT];
  if (name === undefined || name === '' || name === 'none') return undefined;
  return { name, namespace: labels[USE_WAYPOINT_NAMESPACE] ?? own };
}

/** Sidecar presence as the cluster's injection webhooks and Istio's injector decide it (injection.ts). */
export function toWorkload(object: MeshObject, namespace: NamespaceInfo | undefined): Workload {
  const template = podTemplate(object);
  const { ports, hasProxy } = containerPorts(template.spec);
  const hostNetwork = field(template.spec, 'hostNetwork') === true;
  const injection = decideInjection(
    {
      namespace: object.namespace,
      labels: template.labels,
      annotations: template.annotations,
      hostNetwork,
      hasProxyContainer: hasProxy,
      // A live Pod read from the cluster without istio-proxy was not injected, whatever the namespace says now.
      live: object.kind === 'Pod' && field(object.raw, 'status') !== undefined,
    },
    { labels: namespace?.labels },
  );
  const enrollment = decideEnrollment({
    namespace: object.namespace,
    labels: template.labels,
    annotations: template.annotations,
    hostNetwork,
    namespaceLabels: namespace?.labels,
  });
  const { dataplane, reason } = dataplaneOf(injection, enrollment);
  const tlsLabel = template.labels['security.istio.io/tlsMode'];
  return withBase(object, {
    workloadKind: object.kind as Workload['workloadKind'],
    podLabels: template.labels,
    serviceAccount: str(field(template.spec, 'serviceAccountName')) ?? str(field(template.spec, 'serviceAccount')) ?? 'default',
    dataplane,
    dataplaneReason: reason,
    waypoint: waypointOf(template.labels, namespace, object.namespace),
    tlsMode: tlsLabel === 'istio' || tlsLabel === 'disabled' ? tlsLabel : injection.injected ? 'istio' : 'disabled',
    ports,
  });
}

/** WorkloadEntries take part in auto mTLS through their tlsMode (§3.1): a serviceAccount implies a proxy. */
export function workloadEntryToWorkload(object: MeshObject): Workload {
  const spec = field(object.raw, 'spec');
  const labels = stringMap(field(spec, 'labels'));
  const serviceAccount = str(field(spec, 'serviceAccount'));
  const tlsLabel = labels['security.istio.io/tlsMode'];
  const tlsMode = tlsLabel === 'istio' || tlsLabel === 'disabled' ? tlsLabel : serviceAccount ? 'istio' : 'disabled';
  const ports: ContainerPort[] = [];
  const rawPorts = field(spec, 'ports');
  if (isRecord(rawPorts)) {
    for (const [name, value] of Object.entries(rawPorts)) {
      const port = num(value);
      if (port !== undefined) ports.push({ port, name });
    }
  }
  return withBase(object, {
    workloadKind: 'WorkloadEntry',
    podLabels: labels,
    serviceAccount: serviceAccount ?? 'default',
    dataplane: tlsMode === 'istio' ? 'sidecar' : 'none',
    dataplaneReason: tlsMode === 'istio' ? 'the WorkloadEntry runs a proxy (tlsMode istio)' : 'the WorkloadEntry has no proxy (tlsMode disabled)',
    waypoint: undefined,
    tlsMode,
    ports,
  });
}
