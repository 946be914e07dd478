// Observed traffic as plain data: what the graph builder, readiness and what-if read. Sources (Prometheus,
// the lab's embedded store) produce these rows; core never queries anything itself.

/** Where a request came from. `outside` = no peer identity: a caller without sidecar or outside the mesh. */
export type TrafficPeer =
  | { readonly type: 'outside' }
  | {
      readonly type: 'workload';
      readonly namespace: string;
      readonly workload: string;
      readonly app: string | undefined;
      readonly version: string | undefined;
      /** SPIFFE principal as reported, e.g. spiffe://cluster.local/ns/a/sa/b; undefined when unknown. */
      readonly principal: string | undefined;
    };

export interface TrafficDestination {
  readonly namespace: string;
  readonly workload: string;
  readonly app: string | undefined;
  readonly version: string | undefined;
  /** destination_service FQDN, undefined when unknown. */
  readonly service: string | undefined;
  readonly principal: string | undefined;
}

export type TrafficProtocol = 'http' | 'grpc' | 'tcp';

/**
 * One series aggregated over a window: rates are per second. For HTTP/gRPC the request rate is from
 * istio_requests_total; for TCP the connection rate is from istio_tcp_connections_opened_total and the byte
 * rates from istio_tcp_{sent,received}_bytes_total.
 */
export interface TrafficRow {
  /**
   * Absent or `destination`: reported by the server's sidecar, the only side whose security policy is
   * reliable. `source`: reported by the client's sidecar for a request or connection it failed locally
   * (response flags set) that the destination never reported, such as plaintext reset by STRICT
   * (istio-mtls-semantics §5.4, §5.7); its security policy is always `unknown`. Sources return these
   * only when asked (`clientFailures`).
   */
  readonly reporter?: 'destination' | 'source';
  readonly source: TrafficPeer;
  readonly destination: TrafficDestination;
  readonly protocol: TrafficProtocol;
  /** HTTP status or gRPC status as a string; '-' for TCP. */
  readonly responseCode: string;
  readonly responseFlags: string;
  /** connection_security_policy of the destination reporter. */
  readonly securityPolicy: 'mutual_tls' | 'none' | 'unknown';
  readonly requestsPerSecond: number;
  readonly tcpSentBytesPerSecond: number;
  readonly tcpReceivedBytesPerSecond: number;
}

export interface TrafficWindow {
  /** Seconds of look-back (Prometheus range); 60 for 1m, 86400 for 1d. */
  readonly durationSeconds: number;
  /** End of the window, in seconds since the epoch; undefined = now (the source's clock). */
  readonly endSeconds?: number;
}
