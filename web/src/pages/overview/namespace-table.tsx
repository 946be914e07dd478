// The overview table. It holds every namespace but renders only the rows in view (2,000 namespaces load in
// well under two seconds); aria-rowcount and aria-rowindex tell assistive technology the whole size.
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { memo } from 'react';
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

/** Workloads by data plane; a namespace that injects sidecars yet has workloads without any is a warning. */
function Health({ ns }: { ns: NamespaceSummary }) {
  if (ns.workloadCount === 0) return <span className="ml-subtle">no workloads</span>;
  const outside = ns.dataplanes.none > 0 && ns.injection === 'enabled';
  return <span className={outside ? 'ml-warning-text' : undefined}>{dataplaneCounts(ns.dataplanes)}</span>;
}

const Row = memo(function Row({ ns, mesh, index }: { ns: NamespaceSummary; mesh: MeshSummary | undefined; index: number }) {
  const details = [ns.inherited && mesh ? inheritedMessage(mesh.mode) : NAMESPACE_MESSAGES[ns.lock], ...ns.explanation];
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
      aria-rowindex={index + 2}
    >
      <Td dataLabel="Namespace">
        <Link to={paths.namespace(ns.name)}>{ns.name}</Link>
        {ns.ambientReason ? (
          <>
            {' '}
            {/* The row stays one line: the waypoint goes in the badge's tooltip; the namespace page shows it in full. */}
            <DataplaneBadge dataplane="ambient" reason={ns.waypoint ? `${ns.ambientReason}; waypoint ${ns.waypoint}` : ns.ambientReason} />
          </>
        ) : null}
      </Td>
      <Td dataLabel="mTLS">
        <ModeLabel lock={ns.lock} mode={ns.mode} decidedBy={ns.decidedBy} inherited={ns.inherited} details={details} />
      </Td>
      <Td dataLabel="Decided by" className="ml-subtle">
        {ns.decidedBy ?? "Istio's default"}
      </Td>
      <Td dataLabel="Data plane">
        <Health ns={ns} />
      </Td>
      <Td dataLabel="Istio config">
        <ValidationSummary counts={ns.validations} />
      </Td>
      <Td dataLabel="Links">
        <Link to={paths.namespace(ns.name)} ariaLabel={`Workloads of ${ns.name}`}>
          Workloads
        </Link>{' '}
        ·{' '}
        <Link to={paths.istioList({ namespace: ns.name })} ariaLabel={`Istio config of ${ns.name}`}>
          Istio config
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

export function NamespaceTable({ rows, mesh }: { rows: readonly NamespaceSummary[]; mesh: MeshSummary | undefined }) {
  const { containerRef, start, end } = useVirtualRows(rows.length, ROW_HEIGHT);
  return (
    <div ref={containerRef} className="ml-virtual-scroll">
      <Table aria-label="Namespaces" variant="compact" isStickyHeader className="ml-virtual-table" data-testid="namespace-table" data-rows={rows.length} aria-rowcount={rows.length + 1}>
        <Thead>
          <Tr aria-rowindex={1}>
            <Th modifier="wrap" width={20}>Namespace</Th>
            <Th modifier="wrap" width={25}>mTLS</Th>
            <Th modifier="wrap" width={20}>Decided by</Th>
            <Th modifier="wrap" width={10}>Data plane</Th>
            <Th modifier="wrap" width={10}>Istio config</Th>
            <Th screenReaderText="Links" width={15} />
          </Tr>
        </Thead>
        <Tbody>
          <Spacer rows={start} />
          {rows.slice(start, end).map((ns, i) => (
            <Row key={ns.name} ns={ns} mesh={mesh} index={start + i} />
          ))}
          <Spacer rows={rows.length - end} />
        </Tbody>
      </Table>
    </div>
  );
}
