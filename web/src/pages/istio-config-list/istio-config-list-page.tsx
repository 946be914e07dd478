// Istio config: every object with its validation icon, filtered by namespace, kind, name and validation,
// a Create menu for every kind (a form for the security kinds, YAML from a template for the others, and
// "Paste YAML"), the notice of a Delete that brought us here, and the files that did not load.
import {
  Alert,
  AlertActionCloseButton,
  Divider,
  ExpandableSection,
  FormSelect,
  FormSelectOption,
  MenuToggle,
  PageSection,
  Pagination,
  SearchInput,
  Select,
  SelectList,
  SelectOption,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { useState } from 'react';
import { ConfigTable } from '../../components/config-table.js';
import { LoadState } from '../../components/load-state.js';
import { useApi } from '../../hooks/use-api.js';
import { navigate, useLocation } from '../../hooks/use-location.js';
import { useReadOnlyReason } from '../../hooks/use-session.js';
import { paths } from '../../routes.js';
import { flashNotice } from '../../hooks/use-flash.js';
import { FORM_KINDS, TEMPLATE_KINDS } from '../istio-config-new/kinds.js';

const PASTE = '\u0000paste';

/** Kiali's Actions → Create: every kind, then the YAML paste. Kinds the list shows that have no template come last. */
function CreateMenu({ listed, disabled }: { listed: readonly string[]; disabled: boolean }) {
  const [open, setOpen] = useState(false);
  const kinds = [...new Set([...FORM_KINDS, ...TEMPLATE_KINDS, ...listed.filter((k) => k !== 'ConfigMap')])];
  return (
    <Select
      isOpen={open}
      onOpenChange={setOpen}
      isScrollable
      maxMenuHeight="24rem"
      onSelect={(_e, value) => {
        setOpen(false);
        navigate(value === PASTE ? paths.istioNew() : paths.istioNew(String(value)));
      }}
      toggle={(ref) => (
        <MenuToggle ref={ref} onClick={() => setOpen(!open)} isExpanded={open} isDisabled={disabled} variant="primary">
          Create
        </MenuToggle>
      )}
    >
      <SelectList aria-label="Create">
        {kinds.map((k) => (
          <SelectOption key={k} value={k} description={(FORM_KINDS as readonly string[]).includes(k) ? 'form' : 'YAML'}>
            {k}
          </SelectOption>
        ))}
        <Divider component="li" />
        <SelectOption value={PASTE} description="Paste or write any object">
          Paste YAML
        </SelectOption>
      </SelectList>
    </Select>
  );
}

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
  const [notice, setNotice] = useState(flashNotice);
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
            <ToolbarItem>
              <CreateMenu listed={state.data?.kinds ?? []} disabled={readOnly !== undefined} />
            </ToolbarItem>
            <ToolbarItem variant="pagination" align={{ default: 'alignEnd' }}>
              <Pagination itemCount={state.data?.total ?? 0} page={page} perPage={perPage} onSetPage={(_e, p) => setPage(p)} onPerPageSelect={(_e, n) => (setPerPage(n), setPage(1))} isCompact />
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        {notice ? <Alert variant={notice.variant} isInline title={notice.title} className="ml-graph-alert" actionClose={<AlertActionCloseButton onClose={() => setNotice(undefined)} />} /> : null}
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
