// Services (Kiali's Services list): every Service with the lock and mode of the workload ports behind it
// (Mixed when they differ), its ports and workload count, each linking to its page.
import { PageSection, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { DecidedBy } from '../../components/decided-by.js';
import { Link } from '../../components/link.js';
import { ListFilters, listQuery, useListFilter } from '../../components/list-filters.js';
import { LoadState } from '../../components/load-state.js';
import { InlineMode } from '../../components/mode-label.js';
import { useApi } from '../../hooks/use-api.js';
import { paths } from '../../routes.js';

export function ServicesPage() {
  const [filter, setFilter] = useListFilter();
  const state = useApi('services', { query: listQuery(filter) });
  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Services</Title>
        <p className="ml-subtle">Every Service with the mode of the workload ports it sends to: Mixed when they differ, No sidecar when nothing behind it enforces mTLS.</p>
      </PageSection>
      <PageSection>
        <ListFilters filter={filter} onChange={setFilter} total={state.data?.total} what="services" />
        <LoadState state={state} what="services">
          {(data) => (
            <Table aria-label="Services" variant="compact">
              <Thead>
                <Tr>
                  <Th>Name</Th>
                  <Th>Namespace</Th>
                  <Th>mTLS</Th>
                  <Th>Ports</Th>
                  <Th>Workloads</Th>
                  <Th>Decided by</Th>
                </Tr>
              </Thead>
              <Tbody>
                {data.rows.map((r) => (
                  <Tr key={`${r.namespace}/${r.name}`} data-service={`${r.namespace}/${r.name}`}>
                    <Td dataLabel="Name">
                      <Link to={paths.service(r.namespace, r.name)}>{r.name}</Link>
                    </Td>
                    <Td dataLabel="Namespace">
                      <Link to={paths.namespace(r.namespace)}>{r.namespace}</Link>
                    </Td>
                    <Td dataLabel="mTLS">
                      <InlineMode lock={r.lock} mode={r.mode} />
                    </Td>
                    <Td dataLabel="Ports">{r.ports.map((p) => `${p.name ?? p.protocol} ${p.port}`).join(', ')}</Td>
                    <Td dataLabel="Workloads">{r.workloads}</Td>
                    <Td dataLabel="Decided by">
                      <DecidedBy decidedBy={r.decidedBy} />
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </LoadState>
      </PageSection>
    </>
  );
}
