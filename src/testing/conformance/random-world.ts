// Seeded random worlds for the conformance run: small meshes that exercise every rule the engine models
// (injection selectors and revisions, PeerAuthentication scopes and ports, DestinationRule lookup, exportTo,
// selectors, port-level TLS, ServiceEntries, headless Services, named targetPorts, auto mTLS on and off) and,
// in about half of them, ambient mode (dataplane-mode labels on namespaces and pods, opt-outs, sidecars in
// ambient namespaces, waypoints bound by namespace, Service and pod, sidecars that terminate HBONE).
// The same seed always gives the same YAML, so a disagreement is reproduced from its seed alone. Ambient
// choices come from a second stream of the same seed, so the rest of a world is what it was without them.
import { seededRandom } from '../seeded-random.js';

const NAMESPACES = ['alpha', 'beta', 'gamma'];
const ROOT = 'istio-system';
const flow = (value: unknown): string => JSON.stringify(value);

interface Pick {
  <T>(items: readonly T[]): T;
}

interface Generated {
  readonly seed: number;
  readonly yaml: string;
}

interface App {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly containerPorts: { containerPort: number; name: string }[];
}

export function randomWorld(seed: number): Generated {
  const random = seededRandom(seed);
  const chance = (p: number) => random() < p;
  const pick: Pick = (items) => items[Math.floor(random() * items.length)] as (typeof items)[number];
  const ambient = ambientChoices(seed);
  const docs: string[] = [];
  const autoMtls = chance(0.8);
  // Istio's ambient profile lets injected sidecars terminate HBONE.
  const sidecarHbone = ambient.chance(0.5) ? '    defaultConfig:\n      proxyMetadata:\n        ISTIO_META_ENABLE_HBONE: "true"\n' : '';
  docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: ${ROOT}}\ndata:\n  mesh: |-\n    enableAutoMtls: ${autoMtls}\n    rootNamespace: ${ROOT}\n${sidecarHbone}`);
  docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ROOT}}\n`);

  const namespaces = NAMESPACES.slice(0, 2 + Math.floor(random() * 2));
  const injection: Record<string, string>[] = [
    { 'istio-injection': 'enabled' },
    { 'istio-injection': 'enabled' },
    { 'istio-injection': 'disabled' },
    { 'istio.io/rev': 'default' },
    { 'istio.io/rev': 'canary' },
    { 'istio-injection': 'enabled', 'istio.io/rev': 'canary' },
    { 'istio-injection': 'disabled', 'istio.io/rev': 'canary' },
    {},
  ];
  for (const ns of namespaces) {
    const labels = { ...pick(injection) };
    if (ambient.chance(0.6)) labels[DATAPLANE_MODE] = 'ambient';
    if (ambient.chance(0.25)) labels[USE_WAYPOINT] = ambient.pick(['waypoint', 'waypoint', 'none']);
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}, labels: ${flow(labels)}}\n`);
    if (ambient.chance(0.4)) docs.push(waypoint(ns, ambient));
  }

  const apps: App[] = [];
  let created = 0;
  const stamp = () => `2024-01-${String(1 + (created++ % 28)).padStart(2, '0')}T00:00:00Z`;
  for (const ns of namespaces) {
    const count = 1 + Math.floor(random() * 3);
    for (let i = 0; i < count; i++) {
      const name = `${pick(['api', 'web', 'db', 'cache'])}${i}`;
      const labels: Record<string, string> = { app: name };
      if (chance(0.3)) labels.version = pick(['v1', 'v2']);
      if (chance(0.12)) labels['sidecar.istio.io/inject'] = pick(['true', 'false']);
      if (chance(0.1)) labels['istio.io/rev'] = pick(['default', 'canary']);
      if (ambient.chance(0.15)) labels[DATAPLANE_MODE] = ambient.pick(['ambient', 'none']);
      if (ambient.chance(0.08)) labels[USE_WAYPOINT] = ambient.pick(['waypoint', 'none']);
      const annotations: Record<string, string> = {};
      if (chance(0.1)) annotations['sidecar.istio.io/inject'] = pick(['true', 'false']);
      const hostNetwork = chance(0.06);
      const containerPorts = [{ containerPort: 8080, name: 'web' }];
      if (chance(0.4)) containerPorts.push({ containerPort: 9090, name: 'admin' });
      const app: App = { namespace: ns, name, labels, containerPorts };
      apps.push(app);
      const template = {
        metadata: { labels, ...(Object.keys(annotations).length ? { annotations } : {}) },
        spec: { ...(hostNetwork ? { hostNetwork: true } : {}), serviceAccountName: name, containers: [{ name: 'app', image: 'app', ports: containerPorts }] },
      };
      const kind = pick(['Deployment', 'Deployment', 'StatefulSet', 'Pod']);
      if (kind === 'Pod') {
        docs.push(`apiVersion: v1\nkind: Pod\nmetadata: ${flow({ name, namespace: ns, labels, ...(Object.keys(annotations).length ? { annotations } : {}) })}\nspec: ${flow(template.spec)}\n`);
      } else {
        docs.push(`apiVersion: apps/v1\nkind: ${kind}\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: ${flow({ selector: { matchLabels: { app: name } }, template })}\n`);
      }
      if (chance(0.85)) {
        const ports: Record<string, unknown>[] = [
          { name: pick(['http', 'http-web', 'tcp', 'grpc', 'web']), port: 80, targetPort: pick([8080, 'web', 'web']) },
        ];
        if (containerPorts.length > 1 && chance(0.5)) ports.push({ name: pick(['tcp-admin', 'http-admin']), port: 9090, targetPort: pick([9090, 'admin']) });
        const headless = chance(0.15);
        const exportTo = chance(0.08) ? { annotations: { 'networking.istio.io/exportTo': pick(['.', ns]) } } : {};
        const serviceLabels: Record<string, string> = {};
        if (ambient.chance(0.15)) serviceLabels[USE_WAYPOINT] = ambient.pick(['waypoint', 'none']);
        if (serviceLabels[USE_WAYPOINT] === 'waypoint' && ambient.chance(0.3)) serviceLabels[USE_WAYPOINT_NAMESPACE] = ambient.pick(namespaces);
        const labelled = Object.keys(serviceLabels).length > 0 ? { labels: serviceLabels } : {};
        docs.push(`apiVersion: v1\nkind: Service\nmetadata: ${flow({ name, namespace: ns, ...labelled, ...exportTo })}\nspec: ${flow({ ...(headless ? { clusterIP: 'None' } : {}), selector: { app: name }, ports })}\n`);
      }
    }
  }

  const mode = () => pick(['STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET']);
  if (chance(0.5)) docs.push(pa(ROOT, 'default', { mtls: { mode: mode() } }, stamp()));
  for (const ns of namespaces) {
    if (chance(0.45)) docs.push(pa(ns, pick(['default', 'ns-wide']), { mtls: { mode: mode() } }, stamp()));
  }
  const nsApps = (ns: string) => apps.filter((a) => a.namespace === ns);
  for (let i = 0; i < 2; i++) {
    if (!chance(0.5)) continue;
    const target = pick(apps);
    const spec: Record<string, unknown> = { selector: { matchLabels: { app: target.name } } };
    if (chance(0.8)) spec.mtls = { mode: mode() };
    if (chance(0.6)) spec.portLevelMtls = { [pick([8080, 9090, 80])]: { mode: mode() } };
    docs.push(pa(target.namespace, `wl-${target.name}-${i}`, spec, stamp()));
  }

  const tlsBlock = (): Record<string, unknown> | undefined =>
    pick<Record<string, unknown> | undefined>([
      { mode: 'ISTIO_MUTUAL' },
      { mode: 'DISABLE' },
      { mode: 'SIMPLE' },
      { mode: 'MUTUAL', clientCertificate: '/etc/certs/cert.pem', privateKey: '/etc/certs/key.pem' },
      undefined,
    ]);
  const drCount = Math.floor(random() * 4);
  for (let i = 0; i < drCount; i++) {
    const target = pick(apps);
    const placement = pick(['client', 'service', 'root']);
    const ns = placement === 'root' ? ROOT : placement === 'service' ? target.namespace : pick(namespaces);
    const host = pick([
      target.name,
      `${target.name}.${target.namespace}.svc.cluster.local`,
      `${target.name}.${target.namespace}.svc.cluster.local`,
      `*.${target.namespace}.svc.cluster.local`,
    ]);
    if (!host.includes('.') && ns !== target.namespace) continue; // a short name means the DR's own namespace
    const spec: Record<string, unknown> = { host };
    if (chance(0.2)) spec.exportTo = [pick(['.', '*', pick(namespaces)])];
    if (chance(0.15)) {
      const clients = nsApps(ns);
      if (clients.length > 0) spec.workloadSelector = { matchLabels: { app: pick(clients).name } };
    }
    const policy: Record<string, unknown> = {};
    const tls = tlsBlock();
    if (tls) policy.tls = tls;
    if (chance(0.35)) {
      const portTls = tlsBlock();
      policy.portLevelSettings = [{ port: { number: pick([80, 9090, 8080]) }, ...(portTls ? { tls: portTls } : { connectionPool: { tcp: { maxConnections: 10 } } }) }];
    }
    // An empty trafficPolicy is refused by Istio's validation; a world keeps only what a cluster would store.
    if (Object.keys(policy).length > 0 && chance(0.85)) spec.trafficPolicy = policy;
    if (chance(0.25)) spec.subsets = [{ name: 'v1', labels: { version: 'v1' }, ...(chance(0.5) ? { trafficPolicy: { tls: tlsBlock() ?? { mode: 'DISABLE' } } } : {}) }];
    docs.push(`apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: dr${i}, namespace: ${ns}, creationTimestamp: "${stamp()}"}\nspec: ${flow(spec)}\n`);
  }

  if (chance(0.35)) {
    const ns = pick(namespaces);
    const selected = nsApps(ns);
    const location = pick(['MESH_INTERNAL', 'MESH_EXTERNAL']);
    const spec: Record<string, unknown> = {
      hosts: [`svc.${ns}.example.com`],
      location,
      ports: [{ number: 80, name: 'http', protocol: pick(['HTTP', 'TCP']), targetPort: 8080 }],
      resolution: pick(['STATIC', 'STATIC', 'DNS', 'NONE']),
    };
    if (selected.length > 0 && chance(0.7)) spec.workloadSelector = { labels: { app: pick(selected).name } };
    else if (spec.resolution === 'STATIC') spec.endpoints = [{ address: '192.0.2.10' }];
    // A virtual IP makes ztunnel route by the entry (and its waypoint) rather than by the endpoint.
    if (ambient.chance(0.3)) spec.addresses = ['240.240.0.10'];
    const entryLabels = ambient.chance(0.2) ? { labels: { [USE_WAYPOINT]: 'waypoint' } } : {};
    docs.push(`apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: ${flow({ name: `se-${ns}`, namespace: ns, ...entryLabels })}\nspec: ${flow(spec)}\n`);
  }
  return { seed, yaml: docs.join('---\n') };
}

const DATAPLANE_MODE = 'istio.io/dataplane-mode';
const USE_WAYPOINT = 'istio.io/use-waypoint';
const USE_WAYPOINT_NAMESPACE = 'istio.io/use-waypoint-namespace';

interface Choices {
  readonly chance: (p: number) => boolean;
  readonly pick: Pick;
}

/** The ambient stream of a seed: half of the worlds make no ambient choice at all (every chance is false). */
function ambientChoices(seed: number): Choices {
  const random = seededRandom(seed ^ 0x5eeda4b1);
  const pick: Pick = (items) => items[Math.floor(random() * items.length)] as (typeof items)[number];
  if (random() < 0.5) return { chance: () => false, pick };
  return { chance: (p) => random() < p, pick };
}

/** A waypoint named `waypoint` in the namespace, for service, workload or all traffic, taking its own namespace or all. */
function waypoint(namespace: string, ambient: Choices): string {
  const trafficFor = ambient.pick([undefined, 'service', 'workload', 'all']);
  const labels = trafficFor ? { labels: { 'istio.io/waypoint-for': trafficFor } } : {};
  const listener = { name: 'mesh', port: 15008, protocol: 'HBONE', ...(ambient.chance(0.3) ? { allowedRoutes: { namespaces: { from: 'All' } } } : {}) };
  return `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: ${flow({ name: 'waypoint', namespace, ...labels })}\nspec: ${flow({ gatewayClassName: 'istio-waypoint', listeners: [listener] })}\n`;
}

function pa(namespace: string, name: string, spec: Record<string, unknown>, created: string): string {
  return `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: ${name}, namespace: ${namespace}, creationTimestamp: "${created}"}\nspec: ${flow(spec)}\n`;
}
