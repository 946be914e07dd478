// Effective mode per workload port: the lock, the mode and the object that decided it, with the engine's steps.
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { PortMode } from '../../../src/api/schemas.js';
import { DecidedBy } from './decided-by.js';
import { LOCKS, LockIcon } from './lock-icon.js';
import { MODE_LABELS } from './modes.js';

export function PortTable({ ports, caption }: { ports: readonly PortMode[]; caption: string }) {
  if (ports.length === 0) return <p className="ml-subtle">No ports declared.</p>;
  return (
    <Table aria-label={caption} variant="compact">
      <Thead>
        <Tr>
          <Th modifier="wrap">Port</Th>
          <Th modifier="wrap">mTLS</Th>
          <Th modifier="wrap">Decided by</Th>
          <Th modifier="wrap">Why</Th>
        </Tr>
      </Thead>
      <Tbody>
        {ports.map((p) => (
          <Tr key={p.port} data-port={p.port}>
            <Td dataLabel="Port">{p.port}</Td>
            <Td dataLabel="mTLS">
              <span className="ml-port-mode">
                <LockIcon lock={p.lock} label={`${LOCKS[p.lock].label}: port ${p.port} is ${p.mode}`} /> {MODE_LABELS[p.mode]}
              </span>
            </Td>
            <Td dataLabel="Decided by">
              <DecidedBy decidedBy={p.decidedBy} />
            </Td>
            <Td dataLabel="Why">
              <span className="ml-explanation">
                {p.mode}, {p.decidedBy ? `decided by ${p.decidedBy}` : "Istio's default"}: {p.explanation.join('; ')}
              </span>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
