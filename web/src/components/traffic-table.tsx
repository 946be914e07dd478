// Callers or callees of a workload or service: what the client sends, what the server accepts, the
// predicted outcome, and the observed mTLS share when telemetry exists ("no data" otherwise, never 0 %; the
// number and its % never part at a line end).
// Edges telemetry saw come first, in a table of their own; the callers the configuration merely allows are
// listed apart, so a possible caller never reads as one that called.
import { Label, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { EdgeOutcome, Traffic, TrafficEdge } from '../../../src/api/schemas.js';

export const OUTCOMES: Record<EdgeOutcome, { label: string; color: 'green' | 'orange' | 'blue' | 'red' }> = {
  mtls: { label: 'mTLS', color: 'green' },
  plaintext: { label: 'Plaintext', color: 'orange' },
  tls: { label: 'TLS (not mutual)', color: 'blue' },
  fail: { label: 'Fails', color: 'red' },
};

type Direction = 'inbound' | 'outbound';

const wasSeen = (e: TrafficEdge) => e.requestRate !== null;

function peer(e: TrafficEdge, direction: Direction): string {
  if (direction === 'outbound') return `${e.destination.host}:${e.destination.port}${e.destination.workload ? ` → ${e.destination.workload}` : ''}`;
  return e.source === 'outside' ? 'outside the mesh (no sidecar)' : e.source;
}

function EdgeTable({ edges, direction, label, seen }: { edges: readonly TrafficEdge[]; direction: Direction; label: string; seen: boolean }) {
  const who = direction === 'inbound' ? 'Source' : 'Destination';
  return (
    <Table aria-label={label} variant="compact" data-testid={`${direction}-${seen ? 'seen' : 'possible'}`}>
      <Thead>
        <Tr>
          <Th modifier="wrap">{who}</Th>
          {direction === 'inbound' ? <Th modifier="wrap">Port</Th> : null}
          {seen ? <Th modifier="wrap">Rate/s</Th> : null}
          {seen ? <Th modifier="wrap">mTLS share</Th> : null}
          <Th modifier="wrap">Client sends</Th>
          <Th modifier="wrap">Server accepts</Th>
          <Th modifier="wrap">Outcome</Th>
          <Th modifier="wrap">Why</Th>
        </Tr>
      </Thead>
      <Tbody>
        {edges.map((e, i) => (
          <Tr key={i} data-peer={direction === 'inbound' ? e.source : e.destination.host}>
            <Td dataLabel={who}>
              {peer(e, direction)}
              {seen && e.observedAs === 'outside' && e.source !== 'outside' ? <div className="ml-subtle">seen only as a caller without identity</div> : null}
            </Td>
            {direction === 'inbound' ? <Td dataLabel="Port">{e.destination.port}</Td> : null}
            {seen ? <Td dataLabel="Rate/s">{(e.requestRate ?? 0).toFixed(2)}</Td> : null}
            {seen ? <Td dataLabel="mTLS share">{e.mtlsPercent === null ? <span className="ml-subtle">no data</span> : `${e.mtlsPercent.toFixed(0)}\u00a0%`}</Td> : null}
            <Td dataLabel="Client sends">
              {e.clientSends}
              {e.clientDecidedBy ? <div className="ml-subtle">{e.clientDecidedBy}</div> : null}
            </Td>
            <Td dataLabel="Server accepts">{e.serverMode}</Td>
            <Td dataLabel="Outcome">
              <Label color={OUTCOMES[e.outcome].color} isCompact>
                {OUTCOMES[e.outcome].label}
              </Label>
            </Td>
            <Td dataLabel="Why">
              <span className="ml-explanation">{e.reason}</span>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

export function TrafficTable({ traffic, direction }: { traffic: Traffic; direction: Direction }) {
  const title = direction === 'inbound' ? 'Inbound' : 'Outbound';
  const callers = direction === 'inbound' ? 'callers' : 'destinations';
  const counts = (Object.keys(OUTCOMES) as EdgeOutcome[]).filter((o) => traffic.outcomes[o] > 0).map((o) => `${traffic.outcomes[o]} ${OUTCOMES[o].label}`);
  if (traffic.total === 0) return <p className="ml-subtle">No {direction} edges.</p>;
  const seen = traffic.edges.filter(wasSeen);
  const possible = traffic.edges.filter((e) => !wasSeen(e));
  return (
    <div className="ml-stack">
      <p className="ml-subtle">
        {traffic.total} {direction} edge{traffic.total === 1 ? '' : 's'} the configuration allows for ({counts.join(', ')}), {traffic.telemetry ? `${traffic.seen} seen in telemetry.` : 'no telemetry: which ones carry traffic is not known.'}
        {traffic.edges.length < traffic.total ? ` Showing the first ${traffic.edges.length}: those seen, then those without mTLS.` : ''}
      </p>
      {traffic.telemetry ? (
        <section>
          <Title headingLevel="h3" size="md">
            {title} {callers} seen in telemetry ({traffic.seen})
          </Title>
          {seen.length > 0 ? <EdgeTable edges={seen} direction={direction} label={`${title} ${callers} seen`} seen /> : <p className="ml-subtle">None seen recently.</p>}
        </section>
      ) : null}
      {possible.length > 0 ? (
        <section>
          <Title headingLevel="h3" size="md">
            Possible by configuration{traffic.telemetry ? ', not seen' : ''} ({traffic.total - traffic.seen})
          </Title>
          <EdgeTable edges={possible} direction={direction} label={`${title} ${callers} possible by configuration`} seen={false} />
        </section>
      ) : null}
    </div>
  );
}
