// Callers or callees of a workload or service: what the client sends, what the server accepts, the
// predicted outcome, and the observed mTLS share when telemetry exists ("no data" otherwise, never 0 %).
import { Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { EdgeOutcome, Traffic } from '../../../src/api/schemas.js';

export const OUTCOMES: Record<EdgeOutcome, { label: string; color: 'green' | 'orange' | 'blue' | 'red' }> = {
  mtls: { label: 'mTLS', color: 'green' },
  plaintext: { label: 'Plaintext', color: 'orange' },
  tls: { label: 'TLS (not mutual)', color: 'blue' },
  fail: { label: 'Fails', color: 'red' },
};

export function TrafficTable({ traffic, direction }: { traffic: Traffic; direction: 'inbound' | 'outbound' }) {
  const title = direction === 'inbound' ? 'Inbound' : 'Outbound';
  const counts = (Object.keys(OUTCOMES) as EdgeOutcome[]).filter((o) => traffic.outcomes[o] > 0).map((o) => `${traffic.outcomes[o]} ${OUTCOMES[o].label}`);
  if (traffic.total === 0) return <p className="ml-subtle">No {direction} edges.</p>;
  return (
    <>
      <p className="ml-subtle">
        {traffic.total} predicted {direction} edge{traffic.total === 1 ? '' : 's'}: {counts.join(', ')}.{' '}
        {traffic.telemetry ? '' : 'No telemetry: observed mTLS shares are not known.'}
        {traffic.edges.length < traffic.total ? ` Showing the first ${traffic.edges.length}, those without mTLS first.` : ''}
      </p>
      <Table aria-label={`${title} traffic`} variant="compact">
        <Thead>
          <Tr>
            <Th modifier="wrap">{direction === 'inbound' ? 'Source' : 'Destination'}</Th>
            {direction === 'inbound' ? <Th modifier="wrap">Port</Th> : null}
            <Th modifier="wrap">Client sends</Th>
            <Th modifier="wrap">Server accepts</Th>
            <Th modifier="wrap">Outcome</Th>
            <Th modifier="wrap">mTLS share</Th>
            <Th modifier="wrap">Why</Th>
          </Tr>
        </Thead>
        <Tbody>
          {traffic.edges.map((e, i) => (
            <Tr key={i}>
              <Td dataLabel={direction === 'inbound' ? 'Source' : 'Destination'}>
                {direction === 'inbound' ? (e.source === 'outside' ? 'outside the mesh (no sidecar)' : e.source) : `${e.destination.host}:${e.destination.port}${e.destination.workload ? ` → ${e.destination.workload}` : ''}`}
              </Td>
              {direction === 'inbound' ? <Td dataLabel="Port">{e.destination.port}</Td> : null}
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
              <Td dataLabel="mTLS share">{e.mtlsPercent === null ? <span className="ml-subtle">no data</span> : `${e.mtlsPercent.toFixed(0)} %`}</Td>
              <Td dataLabel="Why">
                <span className="ml-explanation">{e.reason}</span>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </>
  );
}
