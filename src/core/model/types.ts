// The snapshot model: readonly data describing one mesh at one moment.
// Objects are normalised from Kubernetes/Istio YAML by normalize.ts; behaviour lives in core functions.

export type Labels = Readonly<Record<string, string>>;

/** What a server sidecar accepts on inbound (PeerAuthentication), after UNSET is resolved. */
export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

/** DestinationRule `tls.mode`. A `tls` block without `mode` is DISABLE (istio-mtls-semantics §2.2). */
export type ClientTlsMode = 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL';

/** Where an object was read: its file and document; offsets and lines are derived at the edge (documents/positions.ts). */
export interface SourceSpan {
  readonly file: string;
  /**
   * Which YAML document of the file holds the object (0-based, counting documents with content). Offsets and
   * lines are the file text's to say, so an edit above the document leaves the object as it was.
   */
  readonly document: number;
  /** Path from the document root to the object (e.g. ['items', 3] inside a `kind: List`). */
  readonly pathPrefix: readonly (string | number)[];
}

export interface ObjectRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /**
   * The API group, where the kind alone is ambiguous (Istio's Gateway and Gateway API's); absent means
   * the group of the object's apiVersion, else the kind table's group for the kind.
   */
  readonly group?: string;
  /** The cluster the object lives in; absent means the one cluster meshlock reads today. */
  readonly cluster?: string;
}

/** Any loaded object, known kind or not. `raw` is the parsed document, kept for validation and editing. */
export interface MeshObject extends ObjectRef {
  readonly apiVersion: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  /** ISO timestamp; absent objects sort as the oldest (Istio treats a zero time as oldest). */
  readonly creationTimestamp: string;
  readonly raw: Readonly<Record<string, unknown>>;
  readonly source?: SourceSpan;
}

export interface PeerAuthentication extends MeshObject {
  readonly kind: 'PeerAuthentication';
  /** Non-empty matchLabels; undefined means mesh/namespace scope (absent or empty selector, §1.2). */
  readonly selector: Labels | undefined;
  /** undefined = UNSET (or `mtls` omitted). */
  readonly mode: MtlsMode | undefined;
  /** Keyed by workload (target) port; undefined value = UNSET. */
  readonly portLevelMtls: ReadonlyMap<number, MtlsMode | undefined>;
}

export interface ClientTls {
  readonly mode: ClientTlsMode;
  /** false when `tls` had no `mode` (it still means DISABLE). */
  readonly modeSet: boolean;
  readonly credentialName: string | undefined;
  /** Both `clientCertificate` and `privateKey` are set: MUTUAL without them (or credentialName) sends no TLS (§2.2). */
  readonly certificateFiles: boolean;
}

export interface PortTrafficPolicy {
  readonly port: number | undefined;
  readonly tls: ClientTls | undefined;
  /** `loadBalancer.simple`; PASSTHROUGH makes the cluster passthrough for auto mTLS (§3.1). */
  readonly loadBalancer: string | undefined;
}

export interface TrafficPolicy {
  readonly tls: ClientTls | undefined;
  /** `loadBalancer.simple`, as in PortTrafficPolicy. */
  readonly loadBalancer: string | undefined;
  readonly portLevelSettings: readonly PortTrafficPolicy[];
}

export interface DestinationRule extends MeshObject {
  readonly kind: 'DestinationRule';
  readonly host: string;
  /** As written; empty means the mesh default. */
  readonly exportTo: readonly string[];
  readonly workloadSelector: Labels | undefined;
  readonly trafficPolicy: TrafficPolicy | undefined;
  readonly subsets: readonly { readonly name: string; readonly labels: Labels; readonly trafficPolicy: TrafficPolicy | undefined }[];
}

export interface ContainerPort {
  readonly port: number;
  readonly name: string | undefined;
}

/**
 * What carries a workload's traffic: its own sidecar proxy, the node's ztunnel (Istio ambient mode), or
 * nothing (plaintext, outside the mesh).
 */
export type Dataplane = 'sidecar' | 'ambient' | 'none';

/** A waypoint proxy by namespace and name (the Gateway that `istio.io/use-waypoint` names). */
export interface WaypointRef {
  readonly namespace: string;
  readonly name: string;
}

/** The pods of one controller (or a bare Pod, or a WorkloadEntry). */
export interface Workload extends MeshObject {
  readonly workloadKind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Pod' | 'WorkloadEntry';
  /** Labels of the pods (template labels for controllers). */
  readonly podLabels: Labels;
  readonly serviceAccount: string;
  readonly dataplane: Dataplane;
  /** Why `dataplane` has its value, for explanations. */
  readonly dataplaneReason: string;
  /**
   * The waypoint the pod labels (else the namespace labels) ask for with `istio.io/use-waypoint`, whatever
   * the data plane: only ambient workloads use it, and checks report the others.
   */
  readonly waypoint: WaypointRef | undefined;
  /** `security.istio.io/tlsMode` as auto mTLS reads it (§3.1). */
  readonly tlsMode: 'istio' | 'disabled';
  readonly ports: readonly ContainerPort[];
}

export interface ServicePort {
  readonly port: number;
  readonly name: string | undefined;
  readonly protocol: string;
  readonly appProtocol: string | undefined;
  /** Number, or the name of a container port. */
  readonly targetPort: number | string;
}

export interface Service extends MeshObject {
  readonly kind: 'Service';
  readonly selector: Labels | undefined;
  readonly ports: readonly ServicePort[];
  readonly headless: boolean;
  /** `networking.istio.io/exportTo`; empty = visible everywhere. */
  readonly exportTo: readonly string[];
}

export interface ServiceEntry extends MeshObject {
  readonly kind: 'ServiceEntry';
  readonly hosts: readonly string[];
  readonly location: 'MESH_EXTERNAL' | 'MESH_INTERNAL';
  readonly resolution: string;
  readonly ports: readonly ServicePort[];
  readonly workloadSelector: Labels | undefined;
  readonly exportTo: readonly string[];
  /** `spec.addresses`: the virtual IPs clients address the entry by. */
  readonly addresses: readonly string[];
}

export interface NamespaceInfo extends MeshObject {
  readonly kind: 'Namespace';
  /** Sidecar injection from `istio-injection=enabled` or an `istio.io/rev` label. */
  readonly injection: 'enabled' | 'disabled' | 'unlabelled';
}

export interface MeshConfig {
  readonly rootNamespace: string;
  readonly enableAutoMtls: boolean;
  readonly trustDomain: string;
  readonly minProtocolVersion: 'TLSV1_2' | 'TLSV1_3';
  readonly defaultDestinationRuleExportTo: readonly string[];
  /** `defaultServiceExportTo`; empty = everywhere. */
  readonly defaultServiceExportTo: readonly string[];
  /** `defaultVirtualServiceExportTo`; empty = everywhere. */
  readonly defaultVirtualServiceExportTo: readonly string[];
  /** `outboundTrafficPolicy.mode`: REGISTRY_ONLY refuses hosts the registry does not know. */
  readonly outboundTrafficPolicy: 'ALLOW_ANY' | 'REGISTRY_ONLY';
  readonly trustDomainAliases: readonly string[];
  /**
   * Injected sidecars terminate HBONE: `defaultConfig.proxyMetadata.ISTIO_META_ENABLE_HBONE: "true"`, which
   * Istio's ambient profile sets. The injector then labels them `networking.istio.io/tunnel: http`, and ztunnel
   * sends them HBONE instead of plaintext.
   */
  readonly sidecarHbone: boolean;
  /** The ConfigMap that set these values; undefined when Istio's defaults apply. */
  readonly source: ObjectRef | undefined;
}

export const DEFAULT_MESH_CONFIG: MeshConfig = {
  rootNamespace: 'istio-system',
  enableAutoMtls: true,
  trustDomain: 'cluster.local',
  minProtocolVersion: 'TLSV1_2',
  defaultDestinationRuleExportTo: ['*'],
  defaultServiceExportTo: [],
  defaultVirtualServiceExportTo: [],
  outboundTrafficPolicy: 'ALLOW_ANY',
  trustDomainAliases: [],
  sidecarHbone: false,
  source: undefined,
};

/** One change to the mesh's objects: what every source emits and every engine and store applies. */
export type Change = { readonly type: 'upsert'; readonly object: MeshObject } | { readonly type: 'delete'; readonly ref: ObjectRef };

/** Bad input kept as data so one bad file never hides the others. */
export type ProblemCode = 'yaml-syntax' | 'not-an-object' | 'missing-field' | 'invalid-value' | 'duplicate-object' | 'unreadable';

export interface Problem {
  readonly code: ProblemCode;
  readonly message: string;
  readonly file: string | undefined;
  /** 1-based. */
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly object?: ObjectRef;
  /** Where in the object, when the problem is about one field; sources turn it into line/column. */
  readonly path?: readonly (string | number)[];
  /** The object as read, for an object the engine leaves out (a value the API server would reject). */
  readonly rejected?: MeshObject;
}
