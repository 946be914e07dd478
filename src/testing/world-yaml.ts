// Short YAML emitters for scenario worlds. Workloads are boilerplate (Deployment + Service), so they get a
// helper; policies are what a scenario is about, so their spec stays inline YAML (flow style) in the test.

export interface WorkloadOptions {
  /** Pod label `app` and the Service name; defaults to the workload name. */
  readonly app?: string;
  /** Extra pod labels. */
  readonly labels?: Readonly<Record<string, string>>;
  /** false sets `sidecar.istio.io/inject: "false"`; otherwise the namespace decides (injected in meshFromYaml). */
  readonly sidecar?: boolean;
  /** Service port (default 8080). */
  readonly port?: number;
  /** Service targetPort, a number or a container port name (default: the service port). */
  readonly targetPort?: number | string;
  /** Container port (default: targetPort when it is a number, else 8080). */
  readonly containerPort?: number;
  readonly containerPortName?: string;
  /** Service port name; its prefix declares the protocol (default `http`; `tcp` for TCP). */
  readonly portName?: string;
  readonly headless?: boolean;
  /** false: no Service (another workload's Service selects this one). */
  readonly service?: boolean;
  /** The Service's `networking.istio.io/exportTo` annotation. */
  readonly serviceExportTo?: string;
  /** The Service's labels (`istio.io/use-waypoint`, …). */
  readonly serviceLabels?: Readonly<Record<string, string>>;
}

const flow = (value: unknown): string => JSON.stringify(value);

/** A Deployment and, unless `service: false`, a Service selecting it by `app`. */
export function workload(namespace: string, name: string, options: WorkloadOptions = {}): string {
  const app = options.app ?? name;
  const labels: Record<string, string> = { app, ...options.labels };
  if (options.sidecar === false) labels['sidecar.istio.io/inject'] = 'false';
  const servicePort = options.port ?? 8080;
  const targetPort = options.targetPort ?? servicePort;
  const containerPort = options.containerPort ?? (typeof targetPort === 'number' ? targetPort : 8080);
  const ports = [{ containerPort, ...(options.containerPortName ? { name: options.containerPortName } : {}) }];
  const deployment =
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n` +
    `  selector: {matchLabels: ${flow({ app })}}\n  template:\n    metadata: {labels: ${flow(labels)}}\n` +
    `    spec: {serviceAccountName: ${name}, containers: [{name: app, ports: ${flow(ports)}}]}\n`;
  if (options.service === false) return deployment;
  const port = { name: options.portName ?? 'http', port: servicePort, targetPort };
  return (
    deployment +
    `---\napiVersion: v1\nkind: Service\nmetadata: {name: ${app}, namespace: ${namespace}` +
    `${options.serviceLabels ? `, labels: ${flow(options.serviceLabels)}` : ''}` +
    `${options.serviceExportTo ? `, annotations: ${flow({ 'networking.istio.io/exportTo': options.serviceExportTo })}` : ''}}\n` +
    `spec: {${options.headless ? 'clusterIP: None, ' : ''}selector: ${flow({ app })}, ports: [${flow(port)}]}\n`
  );
}

function istioObject(apiVersion: string, kind: string, ref: string, spec: string, created?: string): string {
  const [namespace, name] = ref.split('/');
  const timestamp = created ? `, creationTimestamp: "${created}"` : '';
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: ${name}, namespace: ${namespace}${timestamp}}\nspec: ${spec}\n`;
}

/** PeerAuthentication `namespace/name` with an inline (flow) spec. */
export const peerAuthentication = (ref: string, spec: string, created?: string): string =>
  istioObject('security.istio.io/v1', 'PeerAuthentication', ref, spec, created);

/** DestinationRule `namespace/name` with an inline (flow) spec. */
export const destinationRule = (ref: string, spec: string, created?: string): string =>
  istioObject('networking.istio.io/v1', 'DestinationRule', ref, spec, created);

export const serviceEntry = (ref: string, spec: string): string => istioObject('networking.istio.io/v1', 'ServiceEntry', ref, spec);

export const workloadEntry = (ref: string, spec: string): string => istioObject('networking.istio.io/v1', 'WorkloadEntry', ref, spec);

/** Documents joined into one multi-document YAML text. */
export const world = (...documents: string[]): string => documents.join('---\n');

/** A Namespace with labels (scenario worlds otherwise get `istio-injection: enabled` namespaces). */
export const namespace = (name: string, labels: Readonly<Record<string, string>>): string =>
  `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: ${flow(labels)}}\n`;

/** A waypoint: a Gateway `namespace/name` of class istio-waypoint with its HBONE listener, for `trafficFor` traffic. */
export function waypoint(ref: string, trafficFor?: 'service' | 'workload' | 'all'): string {
  const [namespace, name] = ref.split('/');
  const labels = trafficFor ? `, labels: ${flow({ 'istio.io/waypoint-for': trafficFor })}` : '';
  return (
    `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: ${name}, namespace: ${namespace}${labels}}\n` +
    `spec: {gatewayClassName: istio-waypoint, listeners: [{name: mesh, port: 15008, protocol: HBONE}]}\n`
  );
}
