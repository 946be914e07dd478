// The local mesh: every workload of an engine's snapshot on its own loopback address, its ports behind an
// inbound sidecar (or, for ambient workloads, behind ztunnel: the captured port and HBONE on 15008), its calls
// through an outbound sidecar or ztunnel, waypoints on addresses of their own, certificates from the lab CA,
// metrics in one store.
// The engine is asked on every connection, so a new revision (`use`) applies to the next one, as when
// istiod pushes; workloads and ports that appear or go away are started or stopped by `reconcile`.
import { X509Certificate } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import { inMesh, type Destination, type MtlsEngine, type ServerMode, type WaypointRef } from '../core/index.js';
import { WorkloadApp } from './apps.js';
import { CertificateAuthority, spiffeId } from './ca.js';
import { HBONE_PORT, HboneListener, parseAuthority, parseBaggage, type HboneIdentity, type InboundTunnel } from './hbone.js';
import type { PeerMetadata } from './peer-metadata.js';
import { InboundListener, type InboundEnvironment } from './sidecar-inbound.js';
import { call, peerMetadata, type CallOptions, type CallResult, type OutboundEnvironment, type Upstream } from './sidecar-outbound.js';
import { WaypointProxy, type RunningWaypoint, type WaypointEnvironment, type WaypointRoute } from './waypoint.js';
import { terminateAtZtunnel, ZtunnelPortListener, type ZtunnelEnvironment } from './ztunnel-inbound.js';
import { ztunnelCall, type ZtunnelOutboundEnvironment } from './ztunnel-outbound.js';
import { TelemetryStore } from '../telemetry/embedded/store.js';
import { planWorkloads, workloadKey, type LabPort, type LabWorkload } from './topology.js';
import { WorkloadCertificates, type CertificateFacts, type TlsMinVersion } from './workload-certificates.js';

export interface LabOptions {
  /** Workload certificate lifetime; rotation at half of it. Istio's default is 24 h. */
  readonly certLifetimeMs?: number;
  /**
   * Bind each workload port on its own number when free (so `curl 127.0.0.3:8000` works), else any free
   * port. false: always any free port (tests, several labs at once).
   */
  readonly declaredPorts?: boolean;
  readonly clock?: () => number;
}

/** A request the lab cannot even attempt: unknown client, host or port. */
export class LabInputError extends Error {}

export interface LabCall extends CallResult {
  readonly source: string;
  readonly upstream: Upstream;
}

export interface ListenerInfo {
  readonly workload: string;
  readonly targetPort: number;
  readonly address: string;
  readonly port: number;
}

const DAY_MS = 24 * 3600_000;
/** How often totals are kept for windowed telemetry queries. */
const CHECKPOINT_MS = 5_000;
/** One socket each, in one process: beyond this the lab is the wrong tool (use `meshlock edges`). */
const MAX_LISTENERS = 2_000;

/** What serves a workload port: a sidecar's inbound listener (or the bare app), or ztunnel's captured port. */
interface PortListener {
  listen(address: string, port: number): Promise<number>;
  update(workload: LabWorkload, port: LabPort): void;
  close(): Promise<void>;
}

interface RunningListener {
  readonly listener: PortListener;
  readonly port: number;
}

interface RunningHbone {
  readonly listener: HboneListener;
  readonly port: number;
}

interface RunningWaypointProxy {
  readonly proxy: WaypointProxy;
  readonly listener: HboneListener;
}

export class Lab {
  readonly telemetry = new TelemetryStore();
  private engineValue: MtlsEngine;
  private readonly certificates: WorkloadCertificates;
  private readonly appContext: SecureContext;
  private readonly externalClientContext: SecureContext;
  private readonly root: X509Certificate;
  private readonly declaredPorts: boolean;
  private readonly addresses = new Map<string, string>();
  private workloadsByKey = new Map<string, LabWorkload>();
  private readonly apps = new Map<string, WorkloadApp>();
  private readonly listeners = new Map<string, RunningListener>();
  /** HBONE listeners (port 15008) of workloads that take HBONE, by workload key. */
  private readonly hboneListeners = new Map<string, RunningHbone>();
  private readonly waypoints = new Map<string, RunningWaypointProxy>();
  private readonly waypointAddresses = new Map<string, string>();
  private readonly roundRobin = new Map<string, number>();
  private readonly timers: NodeJS.Timeout[] = [];
  private reconciling: Promise<void> = Promise.resolve();
  private stopped = false;

  private constructor(engine: MtlsEngine, certificates: WorkloadCertificates, app: { server: SecureContext; client: SecureContext }, declaredPorts: boolean) {
    this.engineValue = engine;
    this.certificates = certificates;
    this.appContext = app.server;
    this.externalClientContext = app.client;
    this.root = new X509Certificate(certificates.rootPem);
    this.declaredPorts = declaredPorts;
  }

  static async start(engine: MtlsEngine, options: LabOptions = {}): Promise<Lab> {
    const clock = options.clock ?? Date.now;
    const [meshCa, appCa] = await Promise.all([CertificateAuthority.create(engine.meshConfig.trustDomain, clock), CertificateAuthority.create('meshlock lab applications', clock)]);
    const [appServer, appClient] = await Promise.all([
      appCa.issue({ commonName: 'meshlock-lab-app', dnsNames: ['*.svc.cluster.local'], lifetimeMs: 365 * DAY_MS }),
      appCa.issue({ commonName: 'meshlock-lab-external-client', lifetimeMs: 365 * DAY_MS }),
    ]);
    const certificates = new WorkloadCertificates(meshCa, options.certLifetimeMs ?? DAY_MS, clock);
    const lab = new Lab(
      engine,
      certificates,
      {
        server: createSecureContext({ key: appServer.keyPem, cert: appServer.certPem }),
        client: createSecureContext({ key: appClient.keyPem, cert: appClient.certPem }),
      },
      options.declaredPorts ?? false,
    );
    try {
      await lab.reconcile();
    } catch (error) {
      await lab.stop();
      throw error;
    }
    lab.startTimers();
    return lab;
  }

  get engine(): MtlsEngine {
    return this.engineValue;
  }

  // ---- configuration ---------------------------------------------------------------------

  /** Runs the mesh of `engine` from now on: the next connections follow it; listeners are reconciled. */
  use(engine: MtlsEngine): Promise<void> {
    this.engineValue = engine;
    return this.reconcile();
  }

  /** Resolves once every configuration handed to `use` so far is running. */
  settled(): Promise<void> {
    return this.reconciling.catch(() => undefined);
  }

  // ---- what runs -------------------------------------------------------------------------

  workloads(): LabWorkload[] {
    return [...this.workloadsByKey.values()];
  }

  listenerInfo(): ListenerInfo[] {
    return this.workloads().flatMap((w) =>
      w.ports.flatMap((p) => {
        const running = this.listeners.get(listenerKey(w, p));
        return running ? [{ workload: w.key, targetPort: p.targetPort, address: w.address, port: running.port }] : [];
      }),
    );
  }

  /** Where each workload that takes HBONE listens for it. */
  hboneInfo(): ListenerInfo[] {
    return this.workloads().flatMap((w) => {
      const running = this.hboneListeners.get(w.key);
      return running ? [{ workload: w.key, targetPort: HBONE_PORT, address: w.address, port: running.port }] : [];
    });
  }

  /** The waypoints running, each on an address of its own. */
  waypointInfo(): RunningWaypoint[] {
    return [...this.waypoints.values()].map((w) => w.proxy.running);
  }

  /** The mode the workload's data plane enforces on the port (ztunnel's for ambient workloads); NONE without one. */
  serverMode(workload: LabWorkload, port: LabPort): ServerMode {
    return this.engineValue.enforcedMode(workload.workload, port.targetPort)?.mode ?? 'NONE';
  }

  certificateFacts(): { root: { subject: string; notBefore: string; notAfter: string; fingerprint256: string }; workloads: (CertificateFacts & { workloads: string[] })[] } {
    const byIdentity = new Map<string, string[]>();
    for (const w of this.workloads()) if (inMesh(w.workload)) byIdentity.set(w.spiffeId, [...(byIdentity.get(w.spiffeId) ?? []), w.key]);
    return {
      root: { subject: this.root.subject, notBefore: new Date(this.root.validFrom).toISOString(), notAfter: new Date(this.root.validTo).toISOString(), fingerprint256: this.root.fingerprint256 },
      workloads: this.certificates.facts().flatMap((facts) => {
        const workloads = byIdentity.get(facts.spiffeId);
        return workloads ? [{ ...facts, workloads }] : [];
      }),
    };
  }

  /** Replaces certificates past half-life now (the timer does it on its own). */
  rotateDue(): Promise<string[]> {
    return this.certificates.rotateDue();
  }

  // ---- traffic ---------------------------------------------------------------------------

  /**
   * One request (HTTP port) or connection (TCP port) from `from` (`outside` or `NAMESPACE/WORKLOAD`) to
   * `to` (`HOST:PORT`, short names resolved in the caller's namespace). `endpoint` pins the endpoint
   * workload when the service has several.
   */
  async call(from: string, to: string, options: CallOptions & { endpoint?: string } = {}): Promise<LabCall> {
    const source = from === 'outside' ? undefined : this.workloadsByKey.get(from);
    if (from !== 'outside' && !source) throw new LabInputError(`--from ${from}: no such workload; use NAMESPACE/WORKLOAD or "outside"`);
    const upstream = this.resolve(to, source?.workload.namespace ?? 'default', options.endpoint);
    const result = source?.workload.dataplane === 'ambient' ? await ztunnelCall(this.outboundEnvironment(), source, upstream, options) : await call(this.outboundEnvironment(), source, upstream, options);
    return { ...result, source: from, upstream };
  }

  private resolve(to: string, namespace: string, endpointKey: string | undefined): Upstream {
    const match = /^(.+?)(?::(\d+))?$/.exec(to);
    const host = match?.[1] ?? to;
    const found = this.engineValue.services.find(host, namespace);
    if (!found) throw new LabInputError(`--to ${to}: no Service or ServiceEntry has host ${host}`);
    const ports = found.object.ports.map((p) => p.port);
    const port = match?.[2] ? Number(match[2]) : ports.length === 1 ? ports[0] : undefined;
    if (port === undefined || !ports.includes(port)) throw new LabInputError(`--to ${to}: give one of the ports of ${found.hostname}: ${ports.join(', ') || 'none'}`);
    const [destination] = this.engineValue.services.destinations(found.hostname, found.object, port);
    if (!destination) throw new LabInputError(`--to ${to}: ${found.hostname} has no port ${port}`);
    return this.upstreamFor(destination, endpointKey);
  }

  private upstreamFor(destination: Destination, endpointKey: string | undefined): Upstream {
    const endpoints = destination.endpoints;
    let endpoint = endpoints[0];
    if (endpointKey !== undefined) {
      endpoint = endpoints.find((e) => e.workload && workloadKey(e.workload) === endpointKey);
      if (!endpoint) throw new LabInputError(`${endpointKey} is not an endpoint of ${destination.hostname}`);
    } else if (endpoints.length > 1) {
      const key = `${destination.hostname}:${destination.servicePort.port}`;
      const turn = this.roundRobin.get(key) ?? 0;
      this.roundRobin.set(key, turn + 1);
      endpoint = endpoints[turn % endpoints.length];
    }
    if (!endpoint) throw new LabInputError(`${destination.hostname} has no endpoints`);
    const workload = endpoint.workload ? this.workloadsByKey.get(workloadKey(endpoint.workload)) : undefined;
    const port = workload?.ports.find((p) => p.targetPort === endpoint.targetPort);
    const running = workload && port ? this.listeners.get(listenerKey(workload, port)) : undefined;
    const hbone = workload && this.hboneListeners.get(workload.key);
    return {
      destination,
      endpoint,
      workload,
      address: workload && running ? { host: workload.address, port: running.port } : undefined,
      hbone: workload && hbone ? { host: workload.address, port: hbone.port } : undefined,
      protocol: port?.app ?? (destination.http ? 'http' : 'tcp'),
    };
  }

  private outboundEnvironment(): ZtunnelOutboundEnvironment & OutboundEnvironment {
    const engine = this.engineValue;
    return {
      decide: (client, destination, endpoint) => engine.decide(client, destination, endpoint),
      certificates: this.certificates,
      externalClientContext: this.externalClientContext,
      trustDomain: () => engine.meshConfig.trustDomain,
      telemetry: this.telemetry,
      waypoint: (ref) => this.waypoints.get(waypointKey(ref))?.proxy.running,
    };
  }

  private ztunnelEnvironment(): ZtunnelEnvironment {
    return {
      mode: (workload, port) => (this.serverMode(workload, port) === 'STRICT' ? 'STRICT' : 'PERMISSIVE'),
      peerAt: (address) => this.peerAt(address),
      telemetry: this.telemetry,
    };
  }

  /** Who is at an address, as ztunnel's workload index tells a connection's source: a workload or a waypoint. */
  private peerAt(address: string): PeerMetadata | undefined {
    const workload = this.workloads().find((w) => w.address === address);
    if (workload) return peerMetadata(workload);
    const waypoint = this.waypointInfo().find((w) => w.address === address);
    return waypoint && { workload: waypoint.name, namespace: waypoint.namespace, app: waypoint.name, version: 'unknown' };
  }

  private hboneIdentity(spiffeId: string): HboneIdentity {
    const inbound = this.inboundEnvironment();
    return {
      certificate: () => this.certificates.certificate(spiffeId),
      rootPem: () => this.certificates.rootPem,
      rootCertificate: () => this.root,
      trustDomains: inbound.trustDomains,
      minTlsVersion: inbound.minTlsVersion,
    };
  }

  /** A tunnel to a workload: its ztunnel when it is ambient, its sidecar when that terminates HBONE. */
  private terminateTunnel(key: string, tunnel: InboundTunnel): void {
    const workload = this.workloadsByKey.get(key);
    const app = this.apps.get(key);
    if (!workload || !app || !this.engineValue.takesHbone(workload.workload)) {
      tunnel.refuse(503);
      return;
    }
    if (workload.workload.dataplane === 'ambient') {
      terminateAtZtunnel(tunnel, workload, app, this.ztunnelEnvironment());
      return;
    }
    const target = parseAuthority(tunnel.authority);
    const port = workload.ports.find((p) => p.targetPort === target?.port);
    const running = port && this.listeners.get(listenerKey(workload, port));
    if (!port || !running || !(running.listener instanceof InboundListener)) {
      tunnel.refuse(503);
      return;
    }
    running.listener.acceptTunnelled(tunnel.accept(), tunnel.peerPrincipal, parseBaggage(tunnel.headers.baggage));
  }

  private waypointEnvironment(): WaypointEnvironment {
    return {
      route: (authority, host, client) => this.waypointRoute(authority, host, client),
      clientContext: (spiffeId) => this.certificates.clientContext(spiffeId),
      externalClientContext: this.externalClientContext,
      telemetry: this.telemetry,
    };
  }

  /**
   * The waypoint's hop for a tunnel: the endpoint at `authority`, the service the client asked for (`host`, else
   * the first the port serves), and what the engine says the waypoint sends it for that client.
   */
  private waypointRoute(authority: string, host: string | undefined, client: PeerMetadata | undefined): WaypointRoute | undefined {
    const target = parseAuthority(authority);
    const workload = target && this.workloads().find((w) => w.address === target.host);
    const port = workload?.ports.find((p) => p.targetPort === target?.port);
    const source = client && this.workloadsByKey.get(`${client.namespace}/${client.workload}`);
    if (!workload || !port || !source) return undefined;
    const [hostname, servicePort] = host ? [host.replace(/:\d+$/, ''), Number(/:(\d+)$/.exec(host)?.[1])] : [port.services[0], undefined];
    const found = hostname ? this.engineValue.services.find(hostname, workload.workload.namespace) : undefined;
    if (!found) return undefined;
    const destination = this.engineValue.services
      .destinations(found.hostname, found.object)
      .find((d) => (servicePort === undefined || d.servicePort.port === servicePort) && d.endpoints.some((e) => e.workload && workloadKey(e.workload) === workload.key && e.targetPort === port.targetPort));
    const endpoint = destination?.endpoints.find((e) => e.workload && workloadKey(e.workload) === workload.key);
    if (!destination || !endpoint) return undefined;
    const decision = this.engineValue.decide({ type: 'workload', workload: source.workload }, destination, endpoint);
    const upstream = this.upstreamFor(destination, workload.key);
    return { service: destination.hostname, workload, port, sends: decision.sends, hbone: decision.hbone, to: decision.hbone ? upstream.hbone : upstream.address };
  }

  private inboundEnvironment(): InboundEnvironment {
    return {
      mode: (workload, port) => this.serverMode(workload, port),
      trustDomains: () => [this.engineValue.meshConfig.trustDomain],
      minTlsVersion: (): TlsMinVersion => (this.engineValue.meshConfig.minProtocolVersion === 'TLSV1_3' ? 'TLSv1.3' : 'TLSv1.2'),
      certificates: this.certificates,
      rootCertificate: () => this.root,
      telemetry: this.telemetry,
    };
  }

  // ---- lifecycle -------------------------------------------------------------------------

  /** Brings listeners, apps and certificates in line with the configuration; runs one at a time. */
  reconcile(): Promise<void> {
    // A failed run (a port that cannot be bound) fails its caller but must not block the next one.
    const run = this.reconciling.catch(() => undefined).then(() => this.reconcileNow());
    this.reconciling = run;
    return run;
  }

  private async reconcileNow(): Promise<void> {
    if (this.stopped) return;
    const planned = planWorkloads(this.engineValue, this.addresses);
    const ports = planned.reduce((n, w) => n + w.ports.length, 0);
    if (ports > MAX_LISTENERS) throw new LabInputError(`the configuration has ${ports} workload ports; the lab runs at most ${MAX_LISTENERS}`);
    for (const w of planned) this.addresses.set(w.key, w.address);
    const waypoints = this.plannedWaypoints(planned);
    await this.certificates.ensure([...planned.filter((w) => inMesh(w.workload)).map((w) => w.spiffeId), ...waypoints.map((w) => w.spiffeId)]);
    // Listeners that go away are closed first, so a port a workload keeps (moved from its sidecar to ztunnel)
    // is free again for the listener that replaces it.
    const wanted = new Set(planned.flatMap((w) => w.ports.map((port) => listenerKey(w, port))));
    for (const [key, running] of this.listeners) {
      if (wanted.has(key)) continue;
      this.listeners.delete(key);
      await running.listener.close();
    }
    const environment = this.inboundEnvironment();
    const ztunnel = this.ztunnelEnvironment();
    for (const w of planned) {
      let app = this.apps.get(w.key);
      if (!app) this.apps.set(w.key, (app = new WorkloadApp({ workload: w.workload.name, namespace: w.workload.namespace }, this.appContext)));
      for (const port of w.ports) {
        const key = listenerKey(w, port);
        const running = this.listeners.get(key);
        if (running) {
          running.listener.update(w, port);
          continue;
        }
        const listener = w.workload.dataplane === 'ambient' ? new ZtunnelPortListener(w, port, app, ztunnel) : new InboundListener(w, port, app, environment);
        this.listeners.set(key, { listener, port: await this.bind(listener, w.address, port.targetPort) });
      }
    }
    await this.reconcileHbone(planned);
    await this.reconcileWaypoints(waypoints);
    const keys = new Set(planned.map((w) => w.key));
    for (const [key, app] of this.apps) {
      if (keys.has(key)) continue;
      app.close();
      this.apps.delete(key);
    }
    this.workloadsByKey = new Map(planned.map((w) => [w.key, w]));
  }

  /** An HBONE listener for each workload that takes HBONE (ambient, or a sidecar that terminates it). */
  private async reconcileHbone(planned: readonly LabWorkload[]): Promise<void> {
    const wanted = new Set(planned.filter((w) => this.engineValue.takesHbone(w.workload)).map((w) => w.key));
    for (const [key, running] of this.hboneListeners) {
      if (wanted.has(key)) continue;
      this.hboneListeners.delete(key);
      await running.listener.close();
    }
    for (const w of planned) {
      if (!wanted.has(w.key) || this.hboneListeners.has(w.key)) continue;
      const listener = new HboneListener(this.hboneIdentity(w.spiffeId), (tunnel) => this.terminateTunnel(w.key, tunnel));
      this.hboneListeners.set(w.key, { listener, port: await this.bind(listener, w.address, HBONE_PORT) });
    }
  }

  /**
   * The waypoints some workload or service is bound to, each with an address of its own (127.1.0.1 upward, kept
   * across reconfigurations) and the identity of its Gateway's service account (Istio names it after the Gateway).
   */
  private plannedWaypoints(planned: readonly LabWorkload[]): { key: string; ref: WaypointRef; address: string; spiffeId: string }[] {
    const engine = this.engineValue;
    const refs = new Map<string, WaypointRef>();
    for (const w of planned) {
      const ref = engine.waypointOf(w.workload).waypoint;
      if (ref) refs.set(waypointKey(ref), ref);
    }
    for (const { object } of engine.services.all()) {
      const ref = engine.waypoints.forService(object).waypoint;
      if (ref) refs.set(waypointKey(ref), ref);
    }
    const used = new Set(this.waypointAddresses.values());
    return [...refs.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, ref]) => {
      let address = this.waypointAddresses.get(key);
      for (let n = 1; !address; n++) {
        const candidate = `127.1.${n >> 8}.${n & 255}`;
        if (!used.has(candidate)) address = candidate;
      }
      this.waypointAddresses.set(key, address);
      used.add(address);
      return { key, ref, address, spiffeId: spiffeId(engine.meshConfig.trustDomain, ref.namespace, ref.name) };
    });
  }

  private async reconcileWaypoints(planned: readonly { key: string; ref: WaypointRef; address: string; spiffeId: string }[]): Promise<void> {
    const wanted = new Set(planned.map((w) => w.key));
    for (const [key, running] of this.waypoints) {
      if (wanted.has(key)) continue;
      this.waypoints.delete(key);
      await running.listener.close();
    }
    for (const w of planned) {
      if (this.waypoints.has(w.key)) continue;
      const listener = new HboneListener(this.hboneIdentity(w.spiffeId), (tunnel) => this.waypoints.get(w.key)?.proxy.handle(tunnel));
      const port = await this.bind(listener, w.address, HBONE_PORT);
      const proxy = new WaypointProxy({ key: w.key, namespace: w.ref.namespace, name: w.ref.name, address: w.address, spiffeId: w.spiffeId, hbone: { host: w.address, port } }, this.waypointEnvironment());
      this.waypoints.set(w.key, { proxy, listener });
    }
  }

  private async bind(listener: PortListener | HboneListener, address: string, targetPort: number): Promise<number> {
    if (this.declaredPorts) {
      try {
        return await listener.listen(address, targetPort);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EADDRINUSE' && code !== 'EACCES') throw error;
      }
    }
    return listener.listen(address, 0);
  }

  private startTimers(): void {
    const rotation = setInterval(() => void this.certificates.rotateDue(), Math.max(1_000, Math.min(this.certificates.lifetimeMs / 20, 30_000)));
    const checkpoint = setInterval(() => this.telemetry.checkpoint(Date.now()), CHECKPOINT_MS);
    this.telemetry.checkpoint(Date.now());
    for (const timer of [rotation, checkpoint]) {
      timer.unref();
      this.timers.push(timer);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.reconciling.catch(() => undefined);
    await Promise.all([...this.listeners.values(), ...this.hboneListeners.values(), ...this.waypoints.values()].map((running) => running.listener.close()));
    this.listeners.clear();
    this.hboneListeners.clear();
    this.waypoints.clear();
    for (const app of this.apps.values()) app.close();
    this.apps.clear();
  }
}

/** The data plane is part of the key: a workload moved to ambient gets ztunnel's listener in place of its sidecar's. */
function listenerKey(workload: LabWorkload, port: LabPort): string {
  return `${workload.key}:${port.targetPort}:${workload.workload.dataplane === 'ambient' ? 'ztunnel' : 'sidecar'}`;
}

const waypointKey = (ref: WaypointRef): string => `${ref.namespace}/${ref.name}`;
