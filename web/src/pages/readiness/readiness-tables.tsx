// The evidence behind a readiness verdict: callers seen without mTLS, callers the engine predicts will be
// refused, and every port's mode now and once the policy applies. Plain data in, no fetching.
import { Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { Readiness } from '../../../../src/api/schemas.js';
import { DecidedBy } from '../../components/decided-by.js';
import { formatRate, formatTime } from '../../components/format.js';
import { Link } from '../../components/link.js';
import { MODE_LABELS } from '../../components/modes.js';
import { paths } from '../../routes.js';

type Workload = Readiness['workloads'][number];
type Predicted = Workload['ports'][number]['predicted'][number];

const CAUSES: Record<Predicted['cause'], string> = {
  outside: 'outside the mesh',
  'no-sidecar': 'no sidecar',
  'client-config': 'its TLS settings',
};

function Blocks({ blocking }: { blocking: boolean }) {
  return blocking ? (
    <Label color="red" isCompact>
      blocks STRICT
    </Label>
  ) : (
    <span className="ml-subtle">no</span>
  );
}

/** `outside` is a caller seen without identity in telemetry, and the engine's client outside the mesh in predictions. */
function Caller({ source, observed }: { source: string; observed: boolean }) {
  if (source === 'outside') return <span>{observed ? 'without identity (outside the mesh, no sidecar, or plaintext TCP)' : 'outside the mesh'}</span>;
  const [namespace, name] = source.split('/');
  return namespace && name ? <Link to={paths.workload(namespace, name)}>{source}</Link> : <span>{source}</span>;
}

export function ObservedCallers({ readiness }: { readiness: Readiness }) {
  const rows = readiness.workloads.flatMap((w) => w.observed.map((c) => ({ workload: w, caller: c })));
  if (!readiness.telemetry || readiness.telemetry.error) return <p className="ml-subtle">No telemetry: nothing was observed, so the verdict rests on the configuration.</p>;
  if (rows.length === 0) return <p className="ml-subtle">No caller sent traffic without mTLS in the window.</p>;
  return (
    <Table aria-label="Callers seen without mTLS" variant="compact">
      <Thead>
        <Tr>
          <Th modifier="wrap">Destination</Th>
          <Th modifier="wrap">Caller</Th>
          <Th modifier="wrap">Rate</Th>
          <Th modifier="wrap">First seen</Th>
          <Th modifier="wrap">Last seen</Th>
          <Th modifier="wrap">Blocks</Th>
        </Tr>
      </Thead>
      <Tbody>
        {rows.map(({ workload, caller }) => (
          <Tr key={`${workload.name}<${caller.source}`} data-observed={`${caller.source} > ${workload.name}`}>
            <Td dataLabel="Destination">
              <Link to={paths.workload(workload.namespace, workload.name)}>{workload.name}</Link>
            </Td>
            <Td dataLabel="Caller">
              <Caller source={caller.source} observed />
            </Td>
            <Td dataLabel="Rate">{formatRate(caller.requestRate)}</Td>
            <Td dataLabel="First seen">{caller.firstSeenSeconds === null ? <span className="ml-subtle">not known</span> : formatTime(caller.firstSeenSeconds)}</Td>
            <Td dataLabel="Last seen">{caller.lastSeenSeconds === null ? <span className="ml-subtle">not known</span> : formatTime(caller.lastSeenSeconds)}</Td>
            <Td dataLabel="Blocks">
              <Blocks blocking={caller.blocking} />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

export function PredictedFailures({ readiness }: { readiness: Readiness }) {
  // What blocks first, then the in-mesh callers that would fail if they called, then the callers outside the mesh.
  const rank = (f: Predicted) => (f.blocking ? 0 : f.cause === 'outside' ? 2 : 1);
  const rows = readiness.workloads
    .flatMap((w) => w.ports.flatMap((p) => p.predicted.map((f) => ({ workload: w, port: p.port, failure: f }))))
    .sort((a, b) => rank(a.failure) - rank(b.failure));
  if (rows.length === 0) return <p className="ml-subtle">Every known caller would keep working.</p>;
  return (
    <Table aria-label="Callers predicted to fail" variant="compact">
      <Thead>
        <Tr>
          <Th modifier="wrap">Destination</Th>
          <Th modifier="wrap">Caller</Th>
          <Th modifier="wrap">Because of</Th>
          <Th modifier="wrap">Observed</Th>
          <Th modifier="wrap">Blocks</Th>
          <Th modifier="wrap">Why it fails</Th>
        </Tr>
      </Thead>
      <Tbody>
        {rows.map(({ workload, port, failure }) => (
          <Tr key={`${workload.name}:${port}<${failure.source}>${failure.host}:${failure.port}`} data-predicted={`${failure.source} > ${workload.name}`}>
            <Td dataLabel="Destination">
              {workload.name}:{port}
            </Td>
            <Td dataLabel="Caller">
              <Caller source={failure.source} observed={false} />
            </Td>
            <Td dataLabel="Because of">
              {CAUSES[failure.cause]}
              {failure.decidedBy ? (
                <div>
                  <DecidedBy decidedBy={failure.decidedBy} />
                </div>
              ) : null}
            </Td>
            <Td dataLabel="Observed">{failure.requestRate === null ? <span className="ml-subtle">no data</span> : failure.requestRate > 0 ? <strong>{formatRate(failure.requestRate)}</strong> : <span className="ml-subtle">none</span>}</Td>
            <Td dataLabel="Blocks">
              <Blocks blocking={failure.blocking} />
            </Td>
            <Td dataLabel="Why it fails">
              <span className="ml-explanation">{failure.reason}</span>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

export function PortVerdicts({ readiness }: { readiness: Readiness }) {
  return (
    <Table aria-label="Ports" variant="compact">
      <Thead>
        <Tr>
          <Th modifier="wrap">Workload</Th>
          <Th modifier="wrap">Port</Th>
          <Th modifier="wrap">mTLS now</Th>
          <Th modifier="wrap">With the policy</Th>
          <Th modifier="wrap">Verdict</Th>
        </Tr>
      </Thead>
      <Tbody>
        {readiness.workloads.flatMap((w) =>
          (w.ports.length > 0 ? w.ports : [undefined]).map((p, i) => (
            <Tr key={`${w.name}:${p?.port ?? '-'}`} data-port={`${w.name}:${p?.port ?? '-'}`}>
              <Td dataLabel="Workload">{i === 0 ? <Link to={paths.workload(w.namespace, w.name)}>{w.name}</Link> : null}</Td>
              <Td dataLabel="Port">{p?.port ?? '-'}</Td>
              <Td dataLabel="mTLS now">{p ? MODE_LABELS[p.mode] : w.sidecar ? '-' : MODE_LABELS.NONE}</Td>
              <Td dataLabel="With the policy">
                {p ? MODE_LABELS[p.modeAfter] : '-'}
                {p && p.modeAfter !== 'STRICT' && w.sidecar ? (
                  <div className="ml-subtle">
                    decided by <DecidedBy decidedBy={p.decidedByAfter} />
                  </div>
                ) : null}
              </Td>
              <Td dataLabel="Verdict">
                <Label color={(p?.verdict ?? w.verdict) === 'ready' ? 'green' : 'red'} isCompact>
                  {(p?.verdict ?? w.verdict) === 'ready' ? 'ready' : 'not ready'}
                </Label>
              </Td>
            </Tr>
          )),
        )}
      </Tbody>
    </Table>
  );
}
