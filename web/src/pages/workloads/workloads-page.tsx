// Workloads (Kiali's Workloads list): every workload with its lock and mode, its data plane and the object
// that decided, each linking to its page. The rows are the security posture's workload rows.
import { PageSection, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { DataplaneBadge } from '../../components/dataplane-badge.js';
import { DecidedBy } from '../../components/decided-by.js';
import { Link } from '../../components/link.js';
import { ListFilters, listQuery, useListFilter } from '../../components/list-filters.js';
import { LoadState } from '../../components/load-state.js';
import { InlineMode } from '../../components/mode-label.js';
import { useApi } from '../../hooks/use-api.js';
import { paths } from '../../routes.js';

export function WorkloadsPage() {
  const [filter, setFilter] = useListFilter();
  const state = useApi('posture', { query: { ...listQuery(filter), level: 'workload' } });
  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Workloads</Title>
        <p className="ml-subtle">Every workload with the mode its sidecar or ztunnel enforces, and the object that decided it.</p>
      </PageSection>
      <PageSection>
        <ListFilters filter={filter} onChange={setFilter} total={state.data?.total} what="workloads" />
        <LoadState state={state} what="workloads">
          {(data) => (
            <Table aria-label="Workloads" variant="compact">
              <Thead>
                <Tr>
                  <Th>Name</Th>
                  <Th>Namespace</Th>
                  <Th>mTLS</Th>
                  <Th>Data plane</Th>
                  <Th>Decided by</Th>
                </Tr>
              </Thead>
              <Tbody>
                {data.rows.map((r) =>
                  r.namespace === null || r.workload === null ? null : (
                    <Tr key={`${r.namespace}/${r.workload}`} data-workload={`${r.namespace}/${r.workload}`}>
                      <Td dataLabel="Name">
                        <Link to={paths.workload(r.namespace, r.workload)}>{r.workload}</Link>
                      </Td>
                      <Td dataLabel="Namespace">
                        <Link to={paths.namespace(r.namespace)}>{r.namespace}</Link>
                      </Td>
                      <Td dataLabel="mTLS">
                        <InlineMode lock={r.lock} mode={r.mode} />
                      </Td>
                      <Td dataLabel="Data plane">{r.dataplane ? <DataplaneBadge dataplane={r.dataplane} reason={null} /> : null}</Td>
                      <Td dataLabel="Decided by">
                        <DecidedBy decidedBy={r.decidedBy} />
                      </Td>
                    </Tr>
                  ),
                )}
              </Tbody>
            </Table>
          )}
        </LoadState>
      </PageSection>
    </>
  );
}
