// The compatibility matrix (istio-mtls-semantics §4.2) as scenarios: every cell the model can express, as
// client → api.prod:8080. src/core/mtls/scenarios-matrix.test.ts checks them against `meshlock edges`; the
// lab runs the same worlds.
import type { EdgeExpectation } from '../scenario-runner.js';
import { destinationRule as dr, peerAuthentication as pa, workload, world } from '../world-yaml.js';
import type { Scenario } from './scenario.js';

type Server = 'no sidecar' | 'DISABLE' | 'PERMISSIVE' | 'STRICT';
type Port = 'http' | 'tcp';

/** prod/api as the column's server, on an HTTP- or TCP-declared Service port 8080. */
function server(column: Server, port: Port): string {
  const api = workload('prod', 'api', { portName: port, sidecar: column !== 'no sidecar' });
  if (column === 'DISABLE') return world(api, pa('prod/api', '{selector: {matchLabels: {app: api}}, mtls: {mode: DISABLE}}'));
  if (column === 'STRICT') return world(api, pa('prod/default', '{mtls: {mode: STRICT}}'));
  return api;
}

/** How each row's client comes to send what it sends. */
const ROWS = {
  /** A client without sidecar. */
  PLAIN: { from: 'web/legacy', yaml: workload('web', 'legacy', { sidecar: false }), decidedBy: null },
  /** A sidecar whose DR says DISABLE. */
  'PLAIN (DR DISABLE)': { from: 'web/client', yaml: dr('prod/api', '{host: api, trafficPolicy: {tls: {mode: DISABLE}}}'), decidedBy: 'DestinationRule/prod/api' },
  /** A sidecar left to auto mTLS. */
  'ISTIO (auto)': { from: 'web/client', yaml: '', decidedBy: null },
  'ISTIO (DR)': { from: 'web/client', yaml: dr('prod/api', '{host: api, trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}}'), decidedBy: 'DestinationRule/prod/api' },
  SIMPLE: { from: 'web/client', yaml: dr('prod/api', '{host: api, trafficPolicy: {tls: {mode: SIMPLE}}}'), decidedBy: 'DestinationRule/prod/api' },
  MUTUAL: {
    from: 'web/client',
    yaml: dr('prod/api', '{host: api, trafficPolicy: {tls: {mode: MUTUAL, clientCertificate: /etc/certs/cert.pem, privateKey: /etc/certs/key.pem}}}'),
    decidedBy: 'DestinationRule/prod/api',
  },
  outside: { from: 'outside', yaml: '', decidedBy: null },
} as const;

type Row = keyof typeof ROWS;
const SENDS: Record<Row, EdgeExpectation['clientSends']> = {
  PLAIN: 'PLAINTEXT',
  'PLAIN (DR DISABLE)': 'PLAINTEXT',
  'ISTIO (auto)': 'ISTIO_MUTUAL',
  'ISTIO (DR)': 'ISTIO_MUTUAL',
  SIMPLE: 'SIMPLE',
  MUTUAL: 'MUTUAL',
  outside: 'PLAINTEXT',
};

interface Cell {
  readonly row: Row;
  readonly column: Server;
  readonly port?: Port;
  readonly outcome: EdgeExpectation['outcome'];
  /** The matrix's words for the cell. */
  readonly rule: string;
}

const CELLS: Cell[] = [
  { row: 'PLAIN', column: 'no sidecar', outcome: 'plaintext', rule: 'works, plaintext' },
  { row: 'PLAIN', column: 'DISABLE', outcome: 'plaintext', rule: 'works, plaintext' },
  { row: 'PLAIN', column: 'PERMISSIVE', outcome: 'plaintext', rule: 'works, plaintext' },
  { row: 'PLAIN', column: 'STRICT', outcome: 'fail', rule: 'no filter chain for plaintext, connection reset' },
  { row: 'PLAIN (DR DISABLE)', column: 'STRICT', outcome: 'fail', rule: 'a sidecar sending plaintext fails like any plaintext client' },
  { row: 'ISTIO (DR)', column: 'no sidecar', outcome: 'fail', rule: 'the app receives a TLS handshake (503 UF)' },
  { row: 'ISTIO (DR)', column: 'DISABLE', outcome: 'fail', rule: 'the DISABLE sidecar expects plaintext (WRONG_VERSION_NUMBER)' },
  { row: 'ISTIO (auto)', column: 'PERMISSIVE', outcome: 'mtls', rule: 'works, mTLS' },
  { row: 'ISTIO (auto)', column: 'STRICT', outcome: 'mtls', rule: 'works, mTLS' },
  { row: 'SIMPLE', column: 'no sidecar', port: 'http', outcome: 'tls', rule: 'TLS origination straight to the app' },
  { row: 'SIMPLE', column: 'DISABLE', port: 'tcp', outcome: 'tls', rule: 'TLS bytes reach the app on a TCP port' },
  { row: 'SIMPLE', column: 'DISABLE', port: 'http', outcome: 'fail', rule: 'the HTTP codec rejects TLS bytes (400 DPE)' },
  { row: 'SIMPLE', column: 'PERMISSIVE', port: 'tcp', outcome: 'tls', rule: 'plain TLS is passed through to the app' },
  { row: 'SIMPLE', column: 'PERMISSIVE', port: 'http', outcome: 'fail', rule: 'no passthrough chain on HTTP ports, closed' },
  { row: 'SIMPLE', column: 'STRICT', outcome: 'fail', rule: 'no client certificate, handshake failure' },
  { row: 'MUTUAL', column: 'no sidecar', port: 'http', outcome: 'tls', rule: 'mTLS with own certs straight to the app' },
  { row: 'MUTUAL', column: 'DISABLE', port: 'tcp', outcome: 'tls', rule: 'TLS bytes reach the app on a TCP port' },
  { row: 'MUTUAL', column: 'DISABLE', port: 'http', outcome: 'fail', rule: 'the HTTP codec rejects TLS bytes (400 DPE)' },
  { row: 'MUTUAL', column: 'PERMISSIVE', port: 'tcp', outcome: 'tls', rule: 'no Istio ALPN, passed through to the app' },
  { row: 'MUTUAL', column: 'PERMISSIVE', port: 'http', outcome: 'fail', rule: 'no passthrough chain on HTTP ports, closed' },
  { row: 'MUTUAL', column: 'STRICT', outcome: 'fail', rule: 'non-mesh certificate rejected' },
  { row: 'outside', column: 'STRICT', outcome: 'fail', rule: 'a client outside the mesh is reset by STRICT (§4.3)' },
  { row: 'outside', column: 'PERMISSIVE', outcome: 'plaintext', rule: 'PERMISSIVE accepts a client outside the mesh (§4.3)' },
  { row: 'outside', column: 'no sidecar', outcome: 'plaintext', rule: 'nothing enforces mTLS without a sidecar (§4.3)' },
];

export const MATRIX_SCENARIOS: readonly Scenario<EdgeExpectation>[] = CELLS.map((cell) => {
  const row = ROWS[cell.row];
  const port = cell.port ?? 'http';
  return {
    name: `§4.2 ${cell.row} × ${cell.column}${cell.port ? ` (${cell.port} port)` : ''}: ${cell.rule} → ${cell.outcome}`,
    world: world(workload('web', 'client'), server(cell.column, port), row.yaml),
    want: {
      from: row.from,
      to: 'api.prod.svc.cluster.local:8080',
      clientSends: SENDS[cell.row],
      clientDecidedBy: row.decidedBy,
      serverMode: cell.column === 'no sidecar' ? 'NONE' : cell.column,
      outcome: cell.outcome,
    } satisfies EdgeExpectation,
  };
});
