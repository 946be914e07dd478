// The security posture: every namespace, workload and port with its effective mode, filtered on the server
// and exported with the same filters.
import { Button, Checkbox, FormSelect, FormSelectOption, PageSection, Pagination, SearchInput, Title, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import { DownloadIcon } from '@patternfly/react-icons';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import type { PostureRow } from '../../../../src/api/schemas.js';
import { api } from '../../api.js';
import { DataplaneBadge } from '../../components/dataplane-badge.js';
import { DecidedBy } from '../../components/decided-by.js';
import { Link } from '../../components/link.js';
import { LoadState } from '../../components/load-state.js';
import { InlineMode } from '../../components/mode-label.js';
import { useApi } from '../../hooks/use-api.js';
import { paths } from '../../routes.js';

type Level = PostureRow['level'] | 'all';
const LEVELS: readonly Level[] = ['all', 'mesh', 'namespace', 'workload', 'port'];

function Subject({ row }: { row: PostureRow }) {
  if (row.level === 'mesh') return <strong>the mesh</strong>;
  if (row.namespace === null) return null;
  if (row.workload === null) return <Link to={paths.namespace(row.namespace)}>{row.namespace}</Link>;
  return (
    <>
      <Link to={paths.workload(row.namespace, row.workload)}>
        {row.namespace}/{row.workload}
      </Link>
      {row.port !== null ? `:${row.port}` : ''}
    </>
  );
}

export function SecurityPage() {
  const [level, setLevel] = useState<Level>('all');
  const [q, setQ] = useState('');
  const [notStrict, setNotStrict] = useState(false);
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState(50);
  const filter = { level: level === 'all' ? undefined : level, q: q.trim() || undefined, notStrict: notStrict ? 'true' : undefined };
  const state = useApi('posture', { query: { ...filter, offset: (page - 1) * perPage, limit: perPage } });
  const exportUrl = (format: 'csv' | 'json') => api.url('postureExport', undefined, { ...filter, format });
  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Security posture</Title>
        <p className="ml-subtle">The mode Istio enforces at every level, and the object that decided it.</p>
      </PageSection>
      <PageSection>
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <SearchInput aria-label="Filter by namespace or workload" placeholder="Namespace or workload" value={q} onChange={(_e, v) => (setQ(v), setPage(1))} onClear={() => (setQ(''), setPage(1))} />
            </ToolbarItem>
            <ToolbarItem>
              <FormSelect aria-label="Level" value={level} onChange={(_e, v) => (setLevel(v as Level), setPage(1))}>
                {LEVELS.map((l) => (
                  <FormSelectOption key={l} value={l} label={l === 'all' ? 'Every level' : l} />
                ))}
              </FormSelect>
            </ToolbarItem>
            <ToolbarItem>
              <Checkbox id="posture-not-strict" label="Not STRICT" isChecked={notStrict} onChange={(_e, v) => (setNotStrict(v), setPage(1))} />
            </ToolbarItem>
            <ToolbarItem>
              <Button variant="secondary" component="a" href={exportUrl('csv')} icon={<DownloadIcon />}>
                CSV
              </Button>
            </ToolbarItem>
            <ToolbarItem>
              <Button variant="secondary" component="a" href={exportUrl('json')} icon={<DownloadIcon />}>
                JSON
              </Button>
            </ToolbarItem>
            <ToolbarItem variant="pagination" align={{ default: 'alignEnd' }}>
              <Pagination itemCount={state.data?.total ?? 0} page={page} perPage={perPage} onSetPage={(_e, p) => setPage(p)} onPerPageSelect={(_e, n) => (setPerPage(n), setPage(1))} isCompact />
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        <LoadState state={state} what="the security posture">
          {(data) => (
            <Table aria-label="Security posture" variant="compact">
              <Thead>
                <Tr>
                  <Th modifier="wrap">Level</Th>
                  <Th modifier="wrap">Subject</Th>
                  <Th modifier="wrap">mTLS</Th>
                  <Th modifier="wrap">Data plane</Th>
                  <Th modifier="wrap">Decided by</Th>
                </Tr>
              </Thead>
              <Tbody>
                {data.rows.map((r, i) => (
                  <Tr key={`${r.level}/${r.namespace}/${r.workload}/${r.port}/${i}`}>
                    <Td dataLabel="Level">{r.level}</Td>
                    <Td dataLabel="Subject">
                      <Subject row={r} />
                    </Td>
                    <Td dataLabel="mTLS">
                      <InlineMode lock={r.lock} mode={r.mode} />
                    </Td>
                    <Td dataLabel="Data plane">{r.dataplane ? <DataplaneBadge dataplane={r.dataplane} reason={null} /> : null}</Td>
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
