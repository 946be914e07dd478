// The side panel: the selected edge (rates, codes, mTLS share with its lock, principals, the predicted
// outcome and its reason, any mismatch), the selected node (its mTLS facts from the workload, service or
// namespace endpoint: enforced mode, deciding object, ports, identity; the share of mTLS it received; health
// in and out), or, with nothing selected, the graph's security summary with one-click Find presets.
import { Alert, Button, Label, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { Graph, GraphEdge, GraphNode } from '../../../../src/api/graph-schemas.js';
import type { Lock } from '../../../../src/api/schemas.js';
import { DataplaneBadge, dataplaneCounts, WaypointBadge } from '../../components/dataplane-badge.js';
import { DecidedBy } from '../../components/decided-by.js';
import { Link } from '../../components/link.js';
import { LOCKS, LockIcon } from '../../components/lock-icon.js';
import { MODE_LABELS } from '../../components/modes.js';
import { useApi } from '../../hooks/use-api.js';
import { OUTCOMES } from '../../components/traffic-table.js';
import { paths } from '../../routes.js';
import type { Selection } from './graph-canvas.js';
import { nodeLabel, outOfMesh } from './graph-style.js';

const HEALTH_LABELS: Record<GraphNode['health']['status'], { text: string; color: 'green' | 'orange' | 'red' | 'grey' }> = {
  healthy: { text: 'Healthy', color: 'green' },
  degraded: { text: 'Degraded', color: 'orange' },
  failure: { text: 'Failure', color: 'red' },
  idle: { text: 'Idle', color: 'grey' },
};

const KIND_LABELS: Record<GraphNode['kind'], string> = { workload: 'Workload', app: 'App', service: 'Service', outside: 'Unknown caller (no identity)' };

const perSecond = (value: number) => (value === 0 ? '0' : value < 0.01 ? value.toExponential(1) : value.toFixed(2));
const percentText = (value: number | null) => (value === null ? '–' : `${value}%`);

function HealthLabel({ status }: { status: GraphNode['health']['status'] }) {
  const h = HEALTH_LABELS[status];
  return (
    <Label color={h.color} isCompact>
      {h.text}
    </Label>
  );
}

function NodeLink({ node, id }: { node: GraphNode | undefined; id: string }) {
  if (!node) return <span>{id}</span>;
  const text = `${nodeLabel(node)}${node.kind === 'outside' ? '' : ` (${node.namespace})`}`;
  if (node.kind === 'workload' && node.workload) return <Link to={paths.workload(node.namespace, node.workload)}>{text}</Link>;
  if (node.kind === 'service' && node.service) return <Link to={paths.service(node.namespace, node.service)}>{text}</Link>;
  if (node.kind === 'app') return <Link to={paths.namespace(node.namespace)}>{text}</Link>;
  return <span>{text}</span>;
}

const LOCK_LABEL: Readonly<Record<Lock, string>> = { full: 'mTLS', hollow: 'Partly mTLS', none: 'Plaintext' };

/** The edge's security, stated with its unit and window; "no data" is never shown as 0 %. */
function Security({ edge, window }: { edge: GraphEdge; window: string }) {
  const unit = edge.protocol === 'tcp' ? 'of the bytes' : 'of the requests';
  let body;
  if (edge.mtlsPercent === null) {
    body = (
      <p>
        <strong>No mTLS data.</strong> The destination reported nothing on this edge in the last {window}
        {edge.errorRate > 0 ? ': the client’s sidecar failed its requests before they arrived' : ''}.
      </p>
    );
  } else {
    const lock = edge.lock ?? 'none';
    body = (
      <p className="ml-graph-security" data-testid="edge-mtls-share">
        <LockIcon lock={lock} label={LOCK_LABEL[lock]} />{' '}
        <strong>{edge.mtlsPercent}% mTLS</strong> {unit} the destination received in the last {window}
        {edge.plaintextPercent ? `; ${edge.plaintextPercent}% plaintext` : ''}.
      </p>
    );
  }
  return (
    <section className="ml-graph-section">
      <Title headingLevel="h3" size="md">
        Security
      </Title>
      {body}
      {edge.sourcePrincipals.length + edge.destinationPrincipals.length > 0 ? (
        <dl className="ml-graph-principals">
          <dt>Source principal{edge.sourcePrincipals.length > 1 ? 's' : ''}</dt>
          {edge.sourcePrincipals.length > 0 ? edge.sourcePrincipals.map((p) => <dd key={p}>{p}</dd>) : <dd className="ml-subtle">unknown</dd>}
          <dt>Destination principal{edge.destinationPrincipals.length > 1 ? 's' : ''}</dt>
          {edge.destinationPrincipals.length > 0 ? edge.destinationPrincipals.map((p) => <dd key={p}>{p}</dd>) : <dd className="ml-subtle">unknown</dd>}
        </dl>
      ) : null}
    </section>
  );
}

/**
 * The configuration refuses this edge: what causes it (the server's mode and the object that set it, what the
 * client sends), from the engine's predictions, and whether traffic in the window still shows the caller.
 */
function PredictedFailure({ edge, window }: { edge: GraphEdge; window: string }) {
  const failing = edge.predictions.filter((p) => p.outcome === 'fail');
  return (
    <Alert variant="danger" isInline title="Predicted to fail: the configuration refuses this caller" data-testid="edge-predicted-failure" data-observed={String(edge.observed)}>
      {failing.map((p) => (
        <p key={`${p.port}-${p.clientSends}-${p.serverMode}`} data-testid="edge-failure-cause">
          Port {p.port} is {p.serverMode}, set by <DecidedBy decidedBy={p.serverDecidedBy} />; the client sends {p.clientSends} (<DecidedBy decidedBy={p.clientDecidedBy} />).
        </p>
      ))}
      <p className="ml-subtle">
        {edge.observed
          ? `Traffic seen in the last ${window} was sent before the configuration changed, or by proxies that do not run it yet.`
          : `No traffic in the last ${window}: the caller was seen earlier, and a refused client without sidecar reports nothing, so the edge is kept from the callers of the last day.`}
      </p>
    </Alert>
  );
}

function Prediction({ edge }: { edge: GraphEdge }) {
  return (
    <section className="ml-graph-section">
      <Title headingLevel="h3" size="md">
        Configured
      </Title>
      {edge.predictions.length === 0 ? (
        <p className="ml-subtle">The configuration does not know this client or destination, so it predicts nothing.</p>
      ) : (
        edge.predictions.map((p) => (
          <div key={`${p.outcome}-${p.clientSends}-${p.serverMode}`} className="ml-graph-prediction" data-testid="edge-prediction">
            <Label color={OUTCOMES[p.outcome].color} isCompact>
              {OUTCOMES[p.outcome].label}
            </Label>{' '}
            port {p.port}: the client sends {p.clientSends} (<DecidedBy decidedBy={p.clientDecidedBy} />){p.waypoint ? ` through waypoint ${p.waypoint}` : ''}, the server is {p.serverMode} (<DecidedBy decidedBy={p.serverDecidedBy} />).
            <div className="ml-explanation">{p.reason}</div>
          </div>
        ))
      )}
      {edge.predictions.length > 1 ? <p className="ml-subtle">The workloads behind this edge are configured differently.</p> : null}
      {edge.mismatch ? (
        <Alert variant="warning" isInline isPlain title="Configuration and traffic disagree" data-testid="edge-mismatch">
          {edge.mismatch.message}
        </Alert>
      ) : null}
    </section>
  );
}

function EdgePanel({ edge, nodes, window }: { edge: GraphEdge; nodes: ReadonlyMap<string, GraphNode>; window: string }) {
  const total = edge.requestRate;
  return (
    <>
      <Title headingLevel="h2" size="lg">
        Edge ({edge.protocol.toUpperCase()})
      </Title>
      <p>
        From <NodeLink node={nodes.get(edge.source)} id={edge.source} />
        <br />
        To <NodeLink node={nodes.get(edge.target)} id={edge.target} />
      </p>
      {edge.predictedOutcome === 'fail' ? <PredictedFailure edge={edge} window={window} /> : null}
      {edge.source === 'outside' && edge.protocol === 'tcp' ? (
        <p className="ml-subtle" data-testid="edge-unknown-tcp-caller">
          Plaintext TCP carries no caller identity: this may be an in-mesh workload whose sidecar sends plaintext, not only a client outside the mesh.
        </p>
      ) : null}
      {edge.waypoint ? (
        <div data-testid="edge-waypoint">
          <WaypointBadge waypoint={edge.waypoint} reason={`the configuration sends this traffic through waypoint ${edge.waypoint}, which forwards it to the destination over HBONE`} />{' '}
          <span className="ml-subtle">Traffic passes through the waypoint proxy (L7 policy applies there).</span>
        </div>
      ) : null}
      <Security edge={edge} window={window} />
      <section className="ml-graph-section">
        <Title headingLevel="h3" size="md">
          Traffic <HealthLabel status={edge.health} />
        </Title>
        <p>
          {perSecond(total)} {edge.protocol === 'tcp' ? 'connections' : 'requests'}/s, {percentText(edge.errorPercent)} errors
          {edge.protocol === 'tcp' ? `; ${perSecond(edge.tcpSentBytesRate)} B/s sent, ${perSecond(edge.tcpReceivedBytesRate)} B/s received` : ''}
        </p>
        {edge.responses.length > 0 ? (
          <Table aria-label="Responses" variant="compact" borders={false}>
            <Thead>
              <Tr>
                <Th>Code</Th>
                <Th>Flags</Th>
                <Th>Rate/s</Th>
                <Th>Share</Th>
              </Tr>
            </Thead>
            <Tbody>
              {edge.responses.map((r) => (
                <Tr key={`${r.code} ${r.flags}`} className={r.error ? 'ml-graph-error-row' : undefined}>
                  <Td>{r.code === '-' ? 'TCP' : r.code === '0' ? 'no response' : r.code}</Td>
                  <Td>{r.flags}</Td>
                  <Td>{perSecond(r.rate)}</Td>
                  <Td>{total > 0 ? `${Math.round((r.rate / total) * 1000) / 10}%` : '–'}</Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        ) : null}
        {edge.services.length > 0 ? <p className="ml-subtle">Through {edge.services.join(', ')}</p> : null}
      </section>
      <Prediction edge={edge} />
    </>
  );
}

/** The share of what the node received over mTLS, weighted by each edge's rate; null without data. */
function inboundShare(node: GraphNode, graph: Graph): { percent: number; edges: number } | null {
  let weight = 0;
  let mtls = 0;
  let edges = 0;
  for (const e of graph.edges) {
    if (e.target !== node.id || e.mtlsPercent === null) continue;
    const rate = e.requestRate > 0 ? e.requestRate : 1e-9;
    weight += rate;
    mtls += (rate * e.mtlsPercent) / 100;
    edges++;
  }
  return edges === 0 ? null : { percent: Math.round((1000 * mtls) / weight) / 10, edges };
}

function ModeLine({ lock, mode, decidedBy }: { lock: Lock; mode: keyof typeof MODE_LABELS; decidedBy: string | null }) {
  return (
    <p className="ml-graph-security">
      <LockIcon lock={lock} label={`${LOCKS[lock].label}: ${mode}`} /> <strong>{MODE_LABELS[mode]}</strong>, decided by <DecidedBy decidedBy={decidedBy} />
    </p>
  );
}

function WorkloadFacts({ namespace, name }: { namespace: string; name: string }) {
  const { data, error } = useApi('workload', { params: { namespace, name } });
  if (error) return <p className="ml-subtle">No mTLS facts: {error.message}</p>;
  if (!data) return <p className="ml-subtle">Loading the mTLS facts…</p>;
  return (
    <>
      <ModeLine lock={data.workloadMode.lock} mode={data.workloadMode.mode} decidedBy={data.workloadMode.decidedBy} />
      {data.ports.length > 0 ? (
        <ul className="ml-plain-list" aria-label="Ports">
          {data.ports.map((p) => (
            <li key={p.port} className="ml-port-mode">
              <LockIcon lock={p.lock} label={`${LOCKS[p.lock].label}: ${p.mode}`} /> port {p.port}: {MODE_LABELS[p.mode]}
            </li>
          ))}
        </ul>
      ) : null}
      <dl className="ml-graph-principals">
        <dt>Identity</dt>
        <dd>{data.identity ?? <span className="ml-subtle">none: {data.sidecarReason}</span>}</dd>
      </dl>
    </>
  );
}

function ServiceFacts({ namespace, name }: { namespace: string; name: string }) {
  const { data, error } = useApi('service', { params: { namespace, name } });
  if (error) return <p className="ml-subtle">No mTLS facts: {error.message}</p>;
  if (!data) return <p className="ml-subtle">Loading the mTLS facts…</p>;
  if (data.workloads.length === 0) return <p className="ml-subtle">No workload behind this service enforces anything.</p>;
  return (
    <ul className="ml-plain-list" aria-label="Workloads behind the service">
      {data.workloads.map((w) => (
        <li key={w.name}>
          <Link to={paths.workload(w.namespace, w.name)}>{w.name}</Link>:{' '}
          {w.ports.map((p) => (
            <span key={p.port} className="ml-port-mode">
              <LockIcon lock={p.lock} label={`${LOCKS[p.lock].label}: ${p.mode}`} /> {p.port} {MODE_LABELS[p.mode]}
            </span>
          ))}
        </li>
      ))}
    </ul>
  );
}

function NamespaceFacts({ namespace }: { namespace: string }) {
  const { data, error } = useApi('namespace', { params: { namespace } });
  if (error) return <p className="ml-subtle">No mTLS facts: {error.message}</p>;
  if (!data) return <p className="ml-subtle">Loading the mTLS facts…</p>;
  return (
    <>
      <ModeLine lock={data.lock} mode={data.mode} decidedBy={data.decidedBy} />
      <p className="ml-subtle">The namespace&apos;s mode; its workloads: {dataplaneCounts(data.dataplanes)}.</p>
    </>
  );
}

function NodeSecurity({ node, graph }: { node: GraphNode; graph: Graph }) {
  const share = inboundShare(node, graph);
  return (
    <section className="ml-graph-section" data-testid="node-mtls">
      <Title headingLevel="h3" size="md">
        mTLS
      </Title>
      {node.kind === 'workload' && node.workload ? <WorkloadFacts namespace={node.namespace} name={node.workload} /> : null}
      {node.kind === 'service' && node.service ? <ServiceFacts namespace={node.namespace} name={node.service} /> : null}
      {node.kind === 'app' ? <NamespaceFacts namespace={node.namespace} /> : null}
      {node.kind === 'outside' ? <p className="ml-subtle">Callers that presented no identity: clients without sidecar or outside the mesh, and in-mesh clients sending plaintext TCP (TCP names its caller only inside mTLS). Under STRICT they are refused.</p> : null}
      {node.kind !== 'outside' ? (
        <p data-testid="node-mtls-share">
          {share === null ? <span className="ml-subtle">No mTLS data on its inbound edges.</span> : `Received ${share.percent}% over mTLS (${share.edges} inbound edge${share.edges === 1 ? '' : 's'}, by request rate).`}
        </p>
      ) : null}
    </section>
  );
}

function NodePanel({ node, graph }: { node: GraphNode; graph: Graph }) {
  const inbound = graph.edges.filter((e) => e.target === node.id).length;
  const outbound = graph.edges.filter((e) => e.source === node.id).length;
  const h = node.health;
  return (
    <>
      <Title headingLevel="h2" size="lg">
        {KIND_LABELS[node.kind]}
      </Title>
      <p>
        <NodeLink node={node} id={node.id} /> <HealthLabel status={h.status} />
      </p>
      {outOfMesh(node) ? (
        <Alert variant="danger" isInline isPlain title="Missing sidecar">
          Nothing enforces mTLS in front of this workload, and its calls leave in plaintext.
        </Alert>
      ) : null}
      <NodeSecurity node={node} graph={graph} />
      <section className="ml-graph-section">
        <Title headingLevel="h3" size="md">
          Traffic
        </Title>
        <Table aria-label="Node traffic" variant="compact" borders={false} className="ml-graph-node-traffic">
          <Thead>
            <Tr>
              <Th />
              <Th>Edges</Th>
              <Th>Rate/s</Th>
              <Th>Errors</Th>
              <Th>Health</Th>
            </Tr>
          </Thead>
          <Tbody>
            {(
              [
                ['In', inbound, h.inbound],
                ['Out', outbound, h.outbound],
              ] as const
            ).map(([label, count, t]) => (
              <Tr key={label}>
                <Td>{label}</Td>
                <Td>{count}</Td>
                <Td>{perSecond(t.requestRate)}</Td>
                <Td>{percentText(t.errorPercent)}</Td>
                <Td>
                  <HealthLabel status={t.status} />
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </section>
      {node.dataplane ? (
        <div data-testid="node-dataplane">
          Data plane: <DataplaneBadge dataplane={node.dataplane} reason={null} />
          {node.waypoint ? (
            <>
              {' '}
              <WaypointBadge waypoint={node.waypoint} reason={null} />
            </>
          ) : null}
        </div>
      ) : node.sidecar !== null ? (
        <p className="ml-subtle">Sidecar: {node.sidecar ? 'yes' : 'no'}</p>
      ) : null}
    </>
  );
}

function Summary({ graph, onFind }: { graph: Graph; onFind: (expression: string) => void }) {
  const count = (security: GraphEdge['security']) => graph.edges.filter((e) => e.security === security).length;
  const rows: readonly [string, number, string][] = [
    ['All mTLS', count('mtls'), 'mtls = 100'],
    ['Partly mTLS', count('partial'), 'security = partial'],
    ['Plaintext', count('plaintext'), 'security = plaintext'],
    ['No data', count('no-data'), 'nodata'],
  ];
  const mismatches = graph.edges.filter((e) => e.mismatch).length;
  const failing = graph.edges.filter((e) => e.predictedOutcome === 'fail').length;
  return (
    <>
      <Title headingLevel="h2" size="lg">
        Current graph
      </Title>
      <p>
        {graph.nodes.length} node{graph.nodes.length === 1 ? '' : 's'}, {graph.edges.length} edge{graph.edges.length === 1 ? '' : 's'}
        {graph.telemetry.source ? ` from ${graph.telemetry.source} (${graph.telemetry.queries} ${graph.telemetry.queries === 1 ? 'query' : 'queries'})` : ''}.
      </p>
      <section className="ml-graph-section">
        <Title headingLevel="h3" size="md">
          Edges by security
        </Title>
        <ul className="ml-plain-list">
          {rows.map(([label, n, expression]) => (
            <li key={label}>
              <Button variant="link" isInline isDisabled={n === 0} onClick={() => onFind(expression)}>
                {label}: {n}
              </Button>
            </li>
          ))}
          <li>
            <Button variant="link" isInline isDisabled={mismatches === 0} onClick={() => onFind('mismatch')}>
              Configuration vs traffic mismatches: {mismatches}
            </Button>
          </li>
          <li>
            <Button variant="link" isInline isDisabled={failing === 0} onClick={() => onFind('predicted = fail')}>
              Predicted to fail: {failing}
            </Button>
          </li>
        </ul>
      </section>
      <section className="ml-graph-section">
        <Title headingLevel="h3" size="md">
          Namespaces
        </Title>
        <ul className="ml-plain-list">
          {graph.namespaces.map((n) => (
            <li key={n.namespace}>
              <Link to={paths.namespace(n.namespace)}>{n.namespace}</Link> <HealthLabel status={n.status} />
            </li>
          ))}
        </ul>
      </section>
      <p className="ml-subtle">Click a node or an edge for its details.</p>
    </>
  );
}

export function SidePanel({ graph, selected, window, onFind }: { graph: Graph; selected: Selection | null; window: string; onFind: (expression: string) => void }) {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const edge = selected?.kind === 'edge' ? graph.edges.find((e) => e.id === selected.id) : undefined;
  const node = selected?.kind === 'node' ? nodes.get(selected.id) : undefined;
  return (
    <aside className="ml-graph-panel" aria-label="Details" data-testid="graph-side-panel">
      {edge ? <EdgePanel edge={edge} nodes={nodes} window={window} /> : node ? <NodePanel node={node} graph={graph} /> : <Summary graph={graph} onFind={onFind} />}
    </aside>
  );
}
