/**
 * Synthetic mesh for benchmarks: Kubernetes and Istio YAML for N namespaces × M workloads, with a realistic mix
 * of about 5 Istio objects per namespace. Pure and deterministic for a given seed; YAML is written with template
 * strings: a YAML library would dominate the time for 50,000 documents.
 */
import { seededRandom } from '../src/testing/seeded-random.js';

export interface GenerateMeshOptions {
  namespaces: number;
  workloadsPerNamespace: number;
  seed?: number;
}

export interface GeneratedMesh {
  files: { name: string; text: string }[];
  /** `namespaces` includes istio-system; `documents` also counts the mesh ConfigMap. */
  counts: { namespaces: number; workloads: number; services: number; istioObjects: number; documents: number };
}

const NAMESPACES_PER_FILE = 100;
const BASE_TIME = Date.UTC(2024, 0, 1);


interface Workload {
  name: string;
  version: string;
  grpc: boolean;
}

type Counted = 'namespaces' | 'workloads' | 'services' | 'istioObjects';

class Generator {
  private readonly rng: () => number;
  private readonly namespaceCount: number;
  private readonly workloadsPerNamespace: number;
  private seconds = 0;
  readonly counts = { namespaces: 0, workloads: 0, services: 0, istioObjects: 0, documents: 0 };

  constructor(seed: number, namespaceCount: number, workloadsPerNamespace: number) {
    this.rng = seededRandom(seed);
    this.namespaceCount = namespaceCount;
    this.workloadsPerNamespace = workloadsPerNamespace;
  }

  private chance(p: number): boolean {
    return this.rng() < p;
  }

  private int(n: number): number {
    return Math.floor(this.rng() * n);
  }

  /** A count with mean `mean`, spread between 0 and 2×mean. */
  private around(mean: number): number {
    const x = this.rng() * 2 * mean;
    const whole = Math.floor(x);
    return whole + (this.chance(x - whole) ? 1 : 0);
  }

  private pick<T>(weighted: readonly (readonly [T, number])[]): T {
    let r = this.rng();
    for (const [value, weight] of weighted) {
      if (r < weight) return value;
      r -= weight;
    }
    return weighted[weighted.length - 1]![0];
  }

  /** `count` distinct indexes below `n` (partial Fisher–Yates), so two objects never target the same workload. */
  private distinct(count: number, n: number): number[] {
    const indexes = Array.from({ length: n }, (_, i) => i);
    const k = Math.min(count, n);
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      [indexes[i], indexes[j]] = [indexes[j]!, indexes[i]!];
    }
    return indexes.slice(0, k);
  }

  /** Quoted so js-yaml keeps it a string instead of turning it into a Date. */
  private metadata(name: string, namespace?: string, labels?: string): string {
    const time = new Date(BASE_TIME + this.seconds++ * 1000).toISOString().replace('.000Z', 'Z');
    return `metadata:
  name: ${name}
${namespace === undefined ? '' : `  namespace: ${namespace}\n`}  creationTimestamp: "${time}"
${labels ?? ''}`;
  }

  /** `counted` is undefined for the mesh ConfigMap, which only counts as a document. */
  private doc(counted: Counted | undefined, text: string): string {
    if (counted !== undefined) this.counts[counted]++;
    this.counts.documents++;
    return text;
  }

  istioSystem(): string {
    return [
      this.doc('namespaces', `apiVersion: v1\nkind: Namespace\n${this.metadata('istio-system')}`),
      this.doc(
        undefined,
        `apiVersion: v1
kind: ConfigMap
${this.metadata('istio', 'istio-system')}data:
  mesh: |-
    enableAutoMtls: true
    rootNamespace: istio-system
    trustDomain: cluster.local
`,
      ),
      this.doc(
        'istioObjects',
        `apiVersion: security.istio.io/v1
kind: PeerAuthentication
${this.metadata('default', 'istio-system')}spec:
  mtls:
    mode: PERMISSIVE
`,
      ),
    ].join('---\n');
  }

  namespace(index: number): string[] {
    const ns = `ns-${String(index).padStart(4, '0')}`;
    const docs: string[] = [];
    const injected = this.chance(0.95) ? '  labels:\n    istio-injection: enabled\n' : undefined;
    docs.push(this.doc('namespaces', `apiVersion: v1\nkind: Namespace\n${this.metadata(ns, undefined, injected)}`));

    const workloads: Workload[] = [];
    for (let w = 1; w <= this.workloadsPerNamespace; w++) {
      workloads.push({ name: `svc-${String(w).padStart(2, '0')}`, version: this.chance(0.8) ? 'v1' : 'v2', grpc: this.chance(0.3) });
    }
    for (const workload of workloads) docs.push(this.deployment(ns, workload), this.service(ns, workload));

    // Means per namespace: 0.4 + 1.0 + 1.4 + 1.2 + 1.0 = 5 Istio objects.
    if (this.chance(0.4)) docs.push(this.namespacePeerAuthentication(ns));
    const n = workloads.length;
    for (const i of this.distinct(this.around(1.0), n)) docs.push(this.workloadPeerAuthentication(ns, workloads[i]!));
    docs.push(...this.destinationRules(ns, workloads));
    for (const i of this.distinct(this.around(1.2), n)) docs.push(this.authorizationPolicy(ns, workloads[i]!));
    for (const i of this.distinct(this.around(1.0), n)) docs.push(this.virtualService(ns, workloads[i]!));
    return docs;
  }

  private deployment(ns: string, w: Workload): string {
    const labels = `app: ${w.name}\n    version: ${w.version}`;
    const grpcPort = w.grpc ? '\n            - name: grpc\n              containerPort: 9090' : '';
    return this.doc(
      'workloads',
      `apiVersion: apps/v1
kind: Deployment
${this.metadata(w.name, ns, `  labels:\n    ${labels}\n`)}spec:
  replicas: 1
  selector:
    matchLabels:
      app: ${w.name}
      version: ${w.version}
  template:
    metadata:
      labels:
        app: ${w.name}
        version: ${w.version}
    spec:
      serviceAccountName: ${w.name}
      containers:
        - name: app
          image: registry.example.com/bench/app:1.0
          ports:
            - name: http
              containerPort: 8080${grpcPort}
`,
    );
  }

  private service(ns: string, w: Workload): string {
    const grpcPort = w.grpc ? '\n    - name: grpc\n      port: 9090\n      targetPort: 9090' : '';
    return this.doc(
      'services',
      `apiVersion: v1
kind: Service
${this.metadata(w.name, ns, `  labels:\n    app: ${w.name}\n`)}spec:
  selector:
    app: ${w.name}
  ports:
    - name: http
      port: 80
      targetPort: 8080${grpcPort}
`,
    );
  }

  private namespacePeerAuthentication(ns: string): string {
    const mode = this.pick([['STRICT', 0.7], ['PERMISSIVE', 0.22], ['DISABLE', 0.08]] as const);
    return this.doc(
      'istioObjects',
      `apiVersion: security.istio.io/v1
kind: PeerAuthentication
${this.metadata('default', ns)}spec:
  mtls:
    mode: ${mode}
`,
    );
  }

  private workloadPeerAuthentication(ns: string, w: Workload): string {
    const mode = this.pick([['STRICT', 0.45], ['PERMISSIVE', 0.3], ['DISABLE', 0.1], [undefined, 0.15]] as const);
    let spec = `spec:\n  selector:\n    matchLabels:\n      app: ${w.name}\n`;
    if (mode !== undefined) spec += `  mtls:\n    mode: ${mode}\n`;
    if (this.chance(0.3)) {
      const port = w.grpc && this.chance(0.5) ? 9090 : 8080;
      const portMode = this.pick([['PERMISSIVE', 0.5], ['DISABLE', 0.3], ['STRICT', 0.2]] as const);
      spec += `  portLevelMtls:\n    ${port}:\n      mode: ${portMode}\n`;
    }
    return this.doc('istioObjects', `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\n${this.metadata(`${w.name}-peer`, ns)}${spec}`);
  }

  private destinationRules(ns: string, workloads: Workload[]): string[] {
    const docs: string[] = [];
    const count = this.around(1.4);
    // At most one wildcard DestinationRule per namespace, as people write them.
    if (count > 0 && this.chance(0.15)) docs.push(this.destinationRule(ns, 'all-mtls', `"*.${ns}.svc.cluster.local"`));
    for (const i of this.distinct(count - docs.length, workloads.length)) {
      const w = workloads[i]!;
      const host = this.chance(0.7) ? w.name : `${w.name}.${ns}.svc.cluster.local`;
      docs.push(this.destinationRule(ns, w.name, host, w.grpc));
    }
    return docs;
  }

  private destinationRule(ns: string, name: string, host: string, grpc = false): string {
    const mode = this.chance(0.88) ? 'ISTIO_MUTUAL' : 'DISABLE';
    let spec = `spec:\n  host: ${host}\n`;
    if (this.chance(0.2)) spec += `  exportTo: ["."]\n`;
    spec += `  trafficPolicy:\n    tls:\n      mode: ${mode}\n`;
    if (this.chance(0.2)) {
      const port = grpc && this.chance(0.5) ? 9090 : 80;
      spec += `    portLevelSettings:\n      - port:\n          number: ${port}\n        tls:\n          mode: ${mode === 'DISABLE' ? 'ISTIO_MUTUAL' : 'DISABLE'}\n`;
    }
    return this.doc('istioObjects', `apiVersion: networking.istio.io/v1\nkind: DestinationRule\n${this.metadata(name, ns)}${spec}`);
  }

  private randomNamespace(): string {
    return `ns-${String(1 + this.int(this.namespaceCount)).padStart(4, '0')}`;
  }

  private authorizationPolicy(ns: string, w: Workload): string {
    const principals: string[] = [];
    for (let k = 1 + this.int(2); k > 0; k--) {
      const sa = `svc-${String(1 + this.int(this.workloadsPerNamespace)).padStart(2, '0')}`;
      principals.push(`"cluster.local/ns/${this.chance(0.5) ? ns : this.randomNamespace()}/sa/${sa}"`);
    }
    return this.doc(
      'istioObjects',
      `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
${this.metadata(`${w.name}-allow`, ns)}spec:
  selector:
    matchLabels:
      app: ${w.name}
  action: ALLOW
  rules:
    - from:
        - source:
            principals: [${principals.join(', ')}]
        - source:
            namespaces: ["${this.randomNamespace()}"]
`,
    );
  }

  private virtualService(ns: string, w: Workload): string {
    return this.doc(
      'istioObjects',
      `apiVersion: networking.istio.io/v1
kind: VirtualService
${this.metadata(`${w.name}-routes`, ns)}spec:
  hosts:
    - ${w.name}
  http:
    - route:
        - destination:
            host: ${w.name}
            port:
              number: 80
`,
    );
  }
}

export function generateMesh(options: GenerateMeshOptions): GeneratedMesh {
  const generator = new Generator(options.seed ?? 1, options.namespaces, options.workloadsPerNamespace);
  const files = [{ name: 'istio-system.yaml', text: generator.istioSystem() }];
  for (let start = 1; start <= options.namespaces; start += NAMESPACES_PER_FILE) {
    const docs: string[] = [];
    const end = Math.min(options.namespaces, start + NAMESPACES_PER_FILE - 1);
    for (let i = start; i <= end; i++) docs.push(...generator.namespace(i));
    const fileIndex = (start - 1) / NAMESPACES_PER_FILE;
    files.push({ name: `mesh-${String(fileIndex).padStart(3, '0')}.yaml`, text: docs.join('---\n') });
  }
  return { files, counts: generator.counts };
}
