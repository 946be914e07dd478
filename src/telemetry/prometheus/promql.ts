// The graph's PromQL: three instant queries whatever the namespace count (users-and-peers §3.5), where Kiali
// sends two per namespace (kiali-backend-reference §3.2). Namespaces are one regex on the selector, and
// `or` joins the variants, which is exact because every variant groups by every label it filters on: a
// group either matches a filter as a whole or not at all, and `or` keeps one copy of a group found twice.
//
// Who reports what, so that each edge is counted once: a sidecar reports the requests and connections it
// serves (`reporter="destination"`); ztunnel reports connections only, on both ends (`istio_tcp_*`,
// `destination` where it serves, `mutual_tls` for HBONE); a waypoint reports what it carries from the client
// to the endpoint (`reporter="waypoint"`). So every query takes destination- and waypoint-reported series: a
// client → endpoint edge through a waypoint has only the waypoint's report (a waypoint is not captured by
// ztunnel, so nobody reports the client's hop as its destination), and the waypoint's own hop is the endpoint
// ztunnel's connection from the waypoint, an edge of its own that starts at the waypoint.
import { PEER_LABELS } from '../istio-row.js';

export interface GraphQueries {
  /** istio_requests_total by peers, code and flags: destination- and waypoint-reported, plus client failures if asked. */
  readonly requests: string;
  /** istio_tcp_{sent,received}_bytes_total, destination- and waypoint-reported, told apart by the label `meshlock_metric`. */
  readonly tcpBytes: string;
  /** istio_tcp_connections_opened_total, like requests. */
  readonly tcpConnections: string;
}

/** The label `tcpBytes` marks its series with: `sent` or `received`. */
export const METRIC_LABEL = 'meshlock_metric';

/** The label that marks the earlier callers' series (value `earlier`) in the requests and connections queries. */
export const WINDOW_LABEL = 'meshlock_window';

/** Namespaces are DNS labels; anything else would be an injection, not a namespace. */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function invalidNamespaces(namespaces: readonly string[]): string[] {
  return namespaces.filter((n) => !NAMESPACE.test(n));
}

/** The reports of whoever served the client: the endpoint's sidecar or ztunnel, or the waypoint in between. */
const SERVER_SIDE = 'reporter=~"destination|waypoint"';

const REQUEST_GROUP = [...PEER_LABELS, 'response_code', 'grpc_response_status', 'response_flags', 'reporter'].join(',');
const TCP_GROUP = [...PEER_LABELS, 'response_flags', 'reporter'].join(',');
/** Who called whom, and how: the earlier callers need nothing else. */
const CALLER_GROUP = [...PEER_LABELS, 'reporter'].join(',');

/**
 * Selector variants for "source or destination in one of the namespaces": the source's namespace, the
 * destination service's (what a client names) or the destination workload's (passthrough has no service).
 */
function namespaceFilters(namespaces: readonly string[] | undefined): string[] {
  if (!namespaces) return [''];
  const regex = namespaces.join('|');
  return ['source_workload_namespace', 'destination_service_namespace', 'destination_workload_namespace'].map((label) => `,${label}=~"${regex}"`);
}

function sumRate(metric: string, group: string, selector: string, seconds: number): string {
  return `(sum by (${group}) (rate(${metric}{${selector}}[${seconds}s])) > 0)`;
}

/**
 * `clientFailures` adds the client sidecar's reports of requests it failed itself (response flags set: UC,
 * UF, URX, NR…; ztunnel's CONNECT when it could not reach the upstream): the destination never reports those
 * (istio-mtls-semantics §5.4), and a successful request has flag `-`, so nothing is counted twice.
 */
export function graphQueries(seconds: number, namespaces: readonly string[] | undefined, clientFailures: boolean, earlierSeconds?: number): GraphQueries {
  const filters = namespaceFilters(namespaces);
  const reported = (metric: string, group: string) => {
    const parts = filters.map((f) => sumRate(metric, group, `${SERVER_SIDE}${f}`, seconds));
    if (clientFailures) parts.push(...filters.map((f) => sumRate(metric, group, `reporter="source",response_flags!="-"${f}`, seconds)));
    // The earlier callers ride in the same query: their extra label keeps `or` from merging them with the window's.
    if (earlierSeconds !== undefined) parts.push(...filters.map((f) => `label_replace(${sumRate(metric, CALLER_GROUP, `${SERVER_SIDE}${f}`, earlierSeconds)}, "${WINDOW_LABEL}", "earlier", "", "")`));
    return parts.join(' or ');
  };
  const bytes = (metric: string, name: string) =>
    filters.map((f) => `label_replace(${sumRate(metric, TCP_GROUP, `${SERVER_SIDE}${f}`, seconds)}, "${METRIC_LABEL}", "${name}", "", "")`);
  return {
    requests: reported('istio_requests_total', REQUEST_GROUP),
    tcpBytes: [...bytes('istio_tcp_sent_bytes_total', 'sent'), ...bytes('istio_tcp_received_bytes_total', 'received')].join(' or '),
    tcpConnections: reported('istio_tcp_connections_opened_total', TCP_GROUP),
  };
}
