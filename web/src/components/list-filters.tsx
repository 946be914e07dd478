// The filter bar of the Workloads and Services lists: namespace, name, "Not STRICT", and paging.
import { Checkbox, FormSelect, FormSelectOption, Pagination, SearchInput, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import { useState } from 'react';
import { useApi } from '../hooks/use-api.js';

export interface ListFilter {
  readonly namespace: string;
  readonly q: string;
  readonly notStrict: boolean;
  readonly page: number;
  readonly perPage: number;
}

/** The filter as the list routes take it. */
export function listQuery(filter: ListFilter) {
  return {
    namespace: filter.namespace || undefined,
    q: filter.q.trim() || undefined,
    notStrict: filter.notStrict ? ('true' as const) : undefined,
    offset: (filter.page - 1) * filter.perPage,
    limit: filter.perPage,
  };
}

export function useListFilter(): [ListFilter, (change: Partial<ListFilter>) => void] {
  const [filter, setFilter] = useState<ListFilter>({ namespace: '', q: '', notStrict: false, page: 1, perPage: 50 });
  // Any filter change starts again at the first page.
  return [filter, (change) => setFilter((f) => ({ ...f, page: 1, ...change }))];
}

export function ListFilters({ filter, onChange, total, what }: { filter: ListFilter; onChange: (change: Partial<ListFilter>) => void; total: number | undefined; what: string }) {
  const namespaces = useApi('namespaces', {});
  return (
    <Toolbar>
      <ToolbarContent>
        <ToolbarItem>
          <FormSelect aria-label="Namespace" value={filter.namespace} onChange={(_e, v) => onChange({ namespace: v })}>
            <FormSelectOption value="" label="All namespaces" />
            {(namespaces.data ?? []).map((n) => (
              <FormSelectOption key={n.name} value={n.name} label={n.name} />
            ))}
          </FormSelect>
        </ToolbarItem>
        <ToolbarItem>
          <SearchInput aria-label={`Filter ${what} by name`} placeholder="Filter by name" value={filter.q} onChange={(_e, v) => onChange({ q: v })} onClear={() => onChange({ q: '' })} />
        </ToolbarItem>
        <ToolbarItem>
          <Checkbox id={`${what}-not-strict`} label="Not STRICT only" isChecked={filter.notStrict} onChange={(_e, v) => onChange({ notStrict: v })} />
        </ToolbarItem>
        <ToolbarItem variant="pagination" align={{ default: 'alignEnd' }}>
          <Pagination
            itemCount={total ?? 0}
            page={filter.page}
            perPage={filter.perPage}
            onSetPage={(_e, page) => onChange({ page })}
            onPerPageSelect={(_e, perPage) => onChange({ perPage })}
            isCompact
          />
        </ToolbarItem>
      </ToolbarContent>
    </Toolbar>
  );
}
