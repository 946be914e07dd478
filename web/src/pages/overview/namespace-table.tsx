// The overview table. It holds every namespace but renders only the rows in view (2,000 namespaces load in
// well under two seconds); aria-rowcount and aria-rowindex tell assistive technology the whole size.
import { Label, Tooltip } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { memo, useMemo } from 'react';
import type { NamespaceHealthReport } from '../../../../src/api/graph-schemas.js';
import type { MeshSummary, NamespaceSummary } from '../../../../src/api/schemas.js';
import { DataplaneBadge, dataplaneCounts } from '../../components/dataplane-badge.js';
import { Link } from '../../components/link.js';
import { ModeLabel } from '../../components/mode-label.js';
import { inheritedMessage, NAMESPACE_MESSAGES } from '../../components/modes.js';
import { ValidationSummary } from '../../components/validation-summary.js';
import { useVirtualRows } from '../../hooks/use-virtual-rows.js';
import { paths } from '../../routes.js';

/** Must match `.ml-virtual-table tbody tr` in styles.css. */
const ROW_HEIGHT = 44;

/**
 * Workloads by data plane; a namespace that puts its workloads in the mesh (sidecar injection or the ambient
 * label) yet has workloads nothing carries is a warning.
 */
function Dataplanes({ ns }: { ns: NamespaceSummary }) {
  if (ns.workloadCount === 0) return <span className="ml-subtle">no workloads</span>;
  const outside = ns.dataplanes.none > 0 && (ns.injection === 'enabled' || ns.ambientReason !== null);
  return <span className={outside ? 'ml-warning-text' : undefined}>{dataplaneCounts(ns.dataplanes)}</span>;
}

type NamespaceTraffic = NamespaceHealthReport['namespaces'][number];
type HealthStatus = NamespaceTraffic['status'];

const HEALTH: Record<HealthStatus, { text: string; color: 'green' | 'orange' | 'red' | 'grey' }> = {
  healthy: { text: 'Healthy', color: 'green' },
  degraded: { text: 'Degraded', color: 'orange' },
  failure: { text: 'Failure', color: 'red' },
  idle: { text: 'No traffic', color: 'grey' },
};

/** What the server judged from the error rates of the namespace's workloads (the graph's tolerances). */
interface TrafficHealth {
  readonly report: NamespaceHealthReport | undefined;
  readonly window: string;
}

function TrafficHealthCell({ name, traffic }: { name: string; traffic: TrafficHealth }) {
  const report = traffic.report;
  if (!report) return <span className="ml-subtle">…</span>;
  if (report.telemetry.source === null) return <span className="ml-subtle">no telemetry</span>;
  if (report.telemetry.error) {
    return (
      <Tooltip content={`Could not read traffic from ${report.telemetry.source}: ${report.telemetry.error}`}>
        <span className="ml-warning-text" tabIndex={0}>
          unknown
        </span>
      </Tooltip>
    );
  }
  const found = report.namespaces.find((n) => n.namespace === name);
  const status: HealthStatus = found?.status ?? 'idle';
  const counts = found ? (['failure', 'degraded', 'healthy', 'idle'] as const).filter((s) => found.nodes[s] > 0).map((s) => `${found.nodes[s]} ${s === 'idle' ? 'idle' : HEALTH[s].text.toLowerCase()}`) : [];
  const why = found ? `Last ${traffic.window}: ${counts.join(', ')} (workloads judged by their error rates: 5xx above 0 % degrades, above 10 % fails)` : `No traffic to or from ${name} in the last ${traffic.window}`;
  return (
    <Tooltip content={why}>
      <span tabIndex={0} aria-label={`${HEALTH[status].text}. ${why}`}>
        <Label color={HEALTH[status].color} isCompact>
          {HEALTH[status].text}
        </Label>
      </span>
    </Tooltip>
  );
}

const Row = memo(function Row({ ns, mesh, index, traffic }: { ns: NamespaceSummary; mesh: MeshSummary | undefined; index: number; traffic: TrafficHealth }) {
  const details = [ns.inherited && mesh ? inheritedMessage(mesh.mode) : NAMESPACE_MESSAGES[ns.lock], ...ns.explanation];
  const decidedBy = ns.decidedBy ?? "Istio's default";
  return (
    // The data attributes carry what the row shows, so tests can compare it with the server's state.
    <Tr
      data-namespace={ns.name}
      data-lock={ns.lock}
      data-mode={ns.mode}
      data-decided-by={ns.decidedBy ?? ''}
      data-workloads={`${ns.sidecarCount}/${ns.workloadCount}`}
      data-dataplanes={`${ns.dataplanes.sidecar}/${ns.dataplanes.ambient}/${ns.dataplanes.none}`}
      data-config={`${ns.validations.objects}/${ns.validations.errors}/${ns.validations.warnings}`}
      data-health={traffic.report?.namespaces.find((n) => n.namespace === ns.name)?.status ?? ''}
      aria-rowindex={index + 2}
    >
      <Td dataLabel="Namespace">
        {/* A long name gives way to the other columns, ending in an ellipsis (whole in its title); the badge stays whole. */}
        <span className="ml-fit">
          <span className="ml-fit__text" title={ns.name}>
            <Link to={paths.namespace(ns.name)}>{ns.name}</Link>
          </span>
          {/* The row stays one line: the waypoint goes in the badge's tooltip; the namespace page shows it in full. */}
          {ns.ambientReason ? <DataplaneBadge dataplane="ambient" reason={ns.waypoint ? `${ns.ambientReason}; waypoint ${ns.waypoint}` : ns.ambientReason} /> : null}
        </span>
      </Td>
      <Td dataLabel="mTLS">
        <ModeLabel lock={ns.lock} mode={ns.mode} decidedBy={ns.decidedBy} inherited={ns.inherited} details={details} />
      </Td>
      <Td dataLabel="Decided by" className="ml-subtle" title={decidedBy}>
        {/* A long object name ends in an ellipsis (the cell's title has it whole) rather than widening the table. */}
        <span className="ml-fit">
          <span className="ml-fit__text">{decidedBy}</span>
        </span>
      </Td>
      <Td dataLabel="Health">
        <TrafficHealthCell name={ns.name} traffic={traffic} />
      </Td>
      <Td dataLabel="Data plane">
        <Dataplanes ns={ns} />
      </Td>
      <Td dataLabel="Istio config">
        {/* The state and the way to the objects in one column, as Kiali's overview has them. */}
        <ValidationSummary counts={ns.validations} />{' '}
        <Link to={paths.istioList({ namespace: ns.name })} ariaLabel={`Istio config of ${ns.name}`}>
          list
        </Link>
      </Td>
    </Tr>
  );
});

/** An empty row that stands for the rows not rendered above or below the window. */
function Spacer({ rows }: { rows: number }) {
  if (rows === 0) return null;
  return <tr aria-hidden="true" className="ml-virtual-spacer" style={{ height: rows * ROW_HEIGHT }} />;
}

export function NamespaceTable({ rows, mesh, health, healthWindow }: { rows: readonly NamespaceSummary[]; mesh: MeshSummary | undefined; health: NamespaceHealthReport | undefined; healthWindow: string }) {
  const { containerRef, start, end } = useVirtualRows(rows.length, ROW_HEIGHT);
  // One object while the answer stands, so rows that did not change are not drawn again.
  const traffic = useMemo<TrafficHealth>(() => ({ report: health, window: healthWindow }), [health, healthWindow]);
  return (
    <div ref={containerRef} className="ml-virtual-scroll">
      <Table aria-label="Namespaces" variant="compact" isStickyHeader className="ml-virtual-table" data-testid="namespace-table" data-rows={rows.length} aria-rowcount={rows.length + 1}>
        <Thead>
          <Tr aria-rowindex={1}>
            {/* The two columns of names share the room left; the others are as wide as what they hold. */}
            <Th modifier="wrap" width={25}>Namespace</Th>
            <Th modifier="wrap">mTLS</Th>
            <Th modifier="wrap" width={15}>Decided by</Th>
            <Th modifier="wrap">Health</Th>
            <Th modifier="wrap">Data plane</Th>
            <Th modifier="wrap">Istio config</Th>
          </Tr>
        </Thead>
        <Tbody>
          <Spacer rows={start} />
          {rows.slice(start, end).map((ns, i) => (
            <Row key={ns.name} ns={ns} mesh={mesh} index={start + i} traffic={traffic} />
          ))}
          <Spacer rows={rows.length - end} />
        </Tbody>
      </Table>
    </div>
  );
}
