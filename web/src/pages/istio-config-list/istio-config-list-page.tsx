// Istio config: every object with its validation icon, filtered by namespace, kind, name and validation,
// with Create buttons for the kinds that have a form, and the files that did not load.
import { Alert, Button, ExpandableSection, FormSelect, FormSelectOption, PageSection, Pagination, SearchInput, Title, Toolbar, ToolbarContent, ToolbarGroup, ToolbarItem } from '@patternfly/react-core';
import { useState } from 'react';
import { ConfigTable } from '../../components/config-table.js';
import { LoadState } from '../../components/load-state.js';
import { useApi } from '../../hooks/use-api.js';
import { navigate, useLocation } from '../../hooks/use-location.js';
import { useReadOnlyReason } from '../../hooks/use-session.js';
import { paths } from '../../routes.js';
import { CREATABLE_KINDS } from '../istio-config-new/kinds.js';

type Validation = 'valid' | 'warning' | 'invalid' | 'unvalidated' | '';
const VALIDATIONS: readonly { value: Validation; label: string }[] = [
  { value: '', label: 'Any configuration' },
  { value: 'valid', label: 'Valid' },
  { value: 'warning', label: 'Warning' },
  { value: 'invalid', label: 'Not Valid' },
  { value: 'unvalidated', label: 'Not Validated' },
];

export function IstioConfigListPage() {
  const { search } = useLocation();
  const namespace = search.get('namespace') ?? '';
  const kind = search.get('kind') ?? '';
  const [q, setQ] = useState('');
  const [validation, setValidation] = useState<Validation>('');
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState(50);
  const readOnly = useReadOnlyReason();
  const state = useApi('configList', {
    query: { namespace: namespace || undefined, kind: kind || undefined, q: q.trim() || undefined, validation: validation || undefined, offset: (page - 1) * perPage, limit: perPage },
  });
  const setFilter = (next: { namespace?: string; kind?: string }) => {
    setPage(1);
    navigate(paths.istioList({ namespace, kind, ...next }), { replace: true });
  };
  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Istio config</Title>
      </PageSection>
      <PageSection>
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <FormSelect aria-label="Namespace" value={namespace} onChange={(_e, v) => setFilter({ namespace: v })}>
                <FormSelectOption value="" label="All namespaces" />
                {(state.data?.namespaces ?? (namespace ? [namespace] : [])).map((n) => (
                  <FormSelectOption key={n} value={n} label={n} />
                ))}
              </FormSelect>
            </ToolbarItem>
            <ToolbarItem>
              <FormSelect aria-label="Kind" value={kind} onChange={(_e, v) => setFilter({ kind: v })}>
                <FormSelectOption value="" label="All kinds" />
                {(state.data?.kinds ?? (kind ? [kind] : [])).map((k) => (
                  <FormSelectOption key={k} value={k} label={k} />
                ))}
              </FormSelect>
            </ToolbarItem>
            <ToolbarItem>
              <SearchInput aria-label="Filter by name" placeholder="Filter by name" value={q} onChange={(_e, v) => (setQ(v), setPage(1))} onClear={() => (setQ(''), setPage(1))} />
            </ToolbarItem>
            <ToolbarItem>
              <FormSelect aria-label="Configuration" value={validation} onChange={(_e, v) => (setValidation(v as Validation), setPage(1))}>
                {VALIDATIONS.map((v) => (
                  <FormSelectOption key={v.value} value={v.value} label={v.label} />
                ))}
              </FormSelect>
            </ToolbarItem>
            <ToolbarGroup>
              {CREATABLE_KINDS.map((k) => (
                <ToolbarItem key={k}>
                  <Button variant="secondary" isDisabled={readOnly !== undefined} onClick={() => navigate(paths.istioNew(k))}>
                    Create {k}
                  </Button>
                </ToolbarItem>
              ))}
            </ToolbarGroup>
            <ToolbarItem variant="pagination" align={{ default: 'alignEnd' }}>
              <Pagination itemCount={state.data?.total ?? 0} page={page} perPage={perPage} onSetPage={(_e, p) => setPage(p)} onPerPageSelect={(_e, n) => (setPerPage(n), setPage(1))} isCompact />
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        {state.data && state.data.problems.length > 0 ? (
          <Alert variant="warning" isInline title={`${state.data.problems.length} document${state.data.problems.length === 1 ? '' : 's'} did not load`}>
            <ExpandableSection toggleText="Show where">
              <ul>
                {state.data.problems.map((p, i) => (
                  <li key={i}>
                    <code>
                      {p.file ?? ''}
                      {p.line ? `:${p.line}:${p.column ?? 1}` : ''}
                    </code>{' '}
                    {p.message}
                  </li>
                ))}
              </ul>
            </ExpandableSection>
          </Alert>
        ) : null}
        <LoadState state={state} what="Istio config">
          {(data) => <ConfigTable items={data.items} caption="Istio config objects" />}
        </LoadState>
      </PageSection>
    </>
  );
}
