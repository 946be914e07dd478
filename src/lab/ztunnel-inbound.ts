// The inbound half of ztunnel for an ambient workload. Two ways in, as on a node with ambient enabled:
//   HBONE (port 15008)   a tunnel from any mesh identity is accepted whatever the PeerAuthentication says, and
//                        its bytes go to the application's port: `connection_security_policy="mutual_tls"`.
//   the workload port    plaintext (anything outside HBONE, TLS included) has no peer identity: where the mode
//                        ztunnel enforces is STRICT it is denied (closed, reported with `response_flags="DENY"`),
//                        under PERMISSIVE it goes to the application as it came (`unknown` policy).
// ztunnel is L4: it reports `istio_tcp_*` only, never requests, with its own label set (no response code).
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WorkloadApp } from './apps.js';
import { ConnectionListener } from './connection-listener.js';
import { parseAuthority, parseBaggage, type InboundTunnel } from './hbone.js';
import type { PeerMetadata } from './peer-metadata.js';
import { canonicalRevision, istioLabels, type IstioLabels, type TelemetryStore } from '../telemetry/embedded/store.js';
import type { LabPort, LabWorkload } from './topology.js';

export type ZtunnelMode = 'STRICT' | 'PERMISSIVE';

export interface ZtunnelEnvironment {
  mode(workload: LabWorkload, port: LabPort): ZtunnelMode;
  /** The workload (or waypoint) at an address, as ztunnel's workload index finds a connection's source. */
  peerAt(address: string): PeerMetadata | undefined;
  readonly telemetry: TelemetryStore;
}

/** What ztunnel knows about one connection it reports. */
export interface ZtunnelConnection {
  readonly reporter: 'source' | 'destination';
  readonly source: PeerMetadata | undefined;
  /** The client's SPIFFE ID from the HBONE handshake (ztunnel sets it only from mutual TLS). */
  readonly sourcePrincipal: string | undefined;
  readonly destination: LabWorkload | undefined;
  readonly destinationPrincipal: string | undefined;
  readonly service: string | undefined;
  readonly mtls: boolean;
  /** `-`, `DENY` (policy) or `CONNECT` (no upstream connection). */
  readonly flags: '-' | 'DENY' | 'CONNECT';
}

/** ztunnel's label set: Istio's standard labels without response code or gRPC status (left empty, so not written). */
export function ztunnelLabels(connection: ZtunnelConnection): IstioLabels {
  const { source, destination, service } = connection;
  return istioLabels({
    reporter: connection.reporter,
    ...(source && {
      source_workload: source.workload,
      source_workload_namespace: source.namespace,
      source_canonical_service: source.app,
      source_canonical_revision: canonicalRevision(source.version),
      source_app: source.app,
      source_version: canonicalRevision(source.version),
      source_cluster: 'Kubernetes',
    }),
    source_principal: connection.sourcePrincipal ?? 'unknown',
    ...(destination && {
      destination_workload: destination.workload.name,
      destination_workload_namespace: destination.workload.namespace,
      destination_canonical_service: destination.app,
      destination_canonical_revision: canonicalRevision(destination.version),
      destination_app: destination.app,
      destination_version: canonicalRevision(destination.version),
      destination_cluster: 'Kubernetes',
    }),
    destination_principal: connection.destinationPrincipal ?? 'unknown',
    ...(service && { destination_service: service, destination_service_name: service.split('.')[0], destination_service_namespace: service.split('.')[1] }),
    request_protocol: 'tcp',
    response_code: '',
    response_flags: connection.flags,
    connection_security_policy: connection.mtls ? 'mutual_tls' : 'unknown',
  });
}

/** Opened now; closed, with the bytes both ways, when the stream closes (sent = towards the downstream). */
export function reportConnection(telemetry: TelemetryStore, labels: IstioLabels, stream: Duplex & { bytesRead?: number; bytesWritten?: number }): void {
  telemetry.add('istio_tcp_connections_opened_total', labels);
  stream.once('close', () => {
    telemetry.add('istio_tcp_connections_closed_total', labels);
    telemetry.add('istio_tcp_received_bytes_total', labels, stream.bytesRead ?? 0);
    telemetry.add('istio_tcp_sent_bytes_total', labels, stream.bytesWritten ?? 0);
  });
}

/** A connection that ended before carrying anything: opened and closed at once. */
export function reportRefused(telemetry: TelemetryStore, labels: IstioLabels): void {
  telemetry.add('istio_tcp_connections_opened_total', labels);
  telemetry.add('istio_tcp_connections_closed_total', labels);
}

/** The captured workload port: plaintext meets the mode ztunnel enforces. */
export class ZtunnelPortListener {
  private readonly server: ConnectionListener;
  private workload: LabWorkload;
  private port: LabPort;
  private readonly app: WorkloadApp;
  private readonly env: ZtunnelEnvironment;

  constructor(workload: LabWorkload, port: LabPort, app: WorkloadApp, env: ZtunnelEnvironment) {
    this.workload = workload;
    this.port = port;
    this.app = app;
    this.env = env;
    this.server = new ConnectionListener((socket) => this.accept(socket));
  }

  listen(address: string, port: number): Promise<number> {
    return this.server.listen(address, port);
  }

  update(workload: LabWorkload, port: LabPort): void {
    this.workload = workload;
    this.port = port;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private accept(socket: Socket): void {
    const { workload, port } = this;
    const connection: ZtunnelConnection = {
      reporter: 'destination',
      source: this.env.peerAt(socket.remoteAddress ?? ''),
      sourcePrincipal: undefined,
      destination: workload,
      destinationPrincipal: workload.spiffeId,
      service: port.services[0],
      mtls: false,
      flags: '-',
    };
    if (this.env.mode(workload, port) === 'STRICT') {
      // No peer identity: the "deny without identity" policy closes the connection before any byte reaches the app.
      reportRefused(this.env.telemetry, ztunnelLabels({ ...connection, flags: 'DENY' }));
      socket.resetAndDestroy();
      return;
    }
    reportConnection(this.env.telemetry, ztunnelLabels(connection), socket);
    void this.app.acceptRaw(socket, port.app);
  }
}

/** A tunnel to an ambient workload: any mesh identity is let in, and the bytes go to the app's port. */
export function terminateAtZtunnel(tunnel: InboundTunnel, workload: LabWorkload, app: WorkloadApp, env: ZtunnelEnvironment): void {
  const target = parseAuthority(tunnel.authority);
  const port = target && target.host === workload.address ? workload.ports.find((p) => p.targetPort === target.port) : undefined;
  if (!port) {
    // Nothing listens on that port of the pod: ztunnel cannot connect and answers the CONNECT with 503.
    tunnel.refuse(503);
    return;
  }
  const stream = tunnel.accept();
  reportConnection(
    env.telemetry,
    ztunnelLabels({
      reporter: 'destination',
      source: env.peerAt(tunnel.sourceAddress) ?? parseBaggage(tunnel.headers.baggage),
      sourcePrincipal: tunnel.peerPrincipal,
      destination: workload,
      destinationPrincipal: workload.spiffeId,
      service: port.services[0],
      mtls: true,
      flags: '-',
    }),
    stream,
  );
  void app.acceptRaw(stream, port.app);
}
