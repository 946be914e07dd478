// Every namespace with its lock and mode, the inherited marker, its workloads per data plane, its traffic health
// (error rates over the last 10 minutes, as the graph judges them), validation counts and links.
import { Alert, Checkbox, FormSelect, FormSelectOption, PageSection, SearchInput, Title, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import { useEffect, useMemo, useState } from 'react';
import type { Lock } from '../../../../src/api/schemas.js';
import { LoadState } from '../../components/load-state.js';
import { LOCKS } from '../../components/lock-icon.js';
import { useApi } from '../../hooks/use-api.js';
import { NamespaceTable } from './namespace-table.js';

type LockFilter = Lock | 'all';

const HEALTH_WINDOW = '10m';
const HEALTH_REFRESH_MS = 30_000;

export function OverviewPage() {
  const namespaces = useApi('namespaces', {});
  const mesh = useApi('mesh', {});
  // Traffic changes without a config change: the Health column asks again every half minute while shown.
  const health = useApi('health', { query: { duration: HEALTH_WINDOW } });
  const reloadHealth = health.reload;
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reloadHealth();
    }, HEALTH_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reloadHealth]);
  // Namespaces this identity may not read are left out of every answer; the API server's reason says why.
  const hidden = useApi('connection', {}).data?.forbiddenNamespaces ?? [];
  const [text, setText] = useState('');
  const [lock, setLock] = useState<LockFilter>('all');
  const [notStrict, setNotStrict] = useState(false);
  const rows = useMemo(() => {
    const q = text.trim().toLowerCase();
    return (namespaces.data ?? []).filter((n) => (q === '' || n.name.includes(q)) && (lock === 'all' || n.lock === lock) && (!notStrict || n.mode !== 'STRICT'));
  }, [namespaces.data, text, lock, notStrict]);
  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Overview</Title>
        <p className="ml-subtle">{namespaces.data ? `${namespaces.data.length.toLocaleString('en')} namespaces` : 'Namespaces'}: the lock is full only when every port a sidecar or ztunnel enforces is STRICT and in-mesh clients send mTLS.</p>
        {hidden.length > 0 ? (
          <Alert variant="info" isInline className="ml-hidden-alert" title={`${hidden.length} ${hidden.length === 1 ? 'namespace is' : 'namespaces are'} not shown: your identity may not read ${hidden.length === 1 ? 'it' : 'them'}`}>
            <ul className="ml-hidden-namespaces" aria-label="Namespaces not shown">
              {hidden.map((h) => (
                <li key={h.namespace} data-hidden-namespace={h.namespace}>
                  <strong>{h.namespace}</strong>: {h.reason}
                </li>
              ))}
            </ul>
          </Alert>
        ) : null}
      </PageSection>
      <PageSection>
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <SearchInput aria-label="Filter namespaces by name" placeholder="Filter by name" value={text} onChange={(_e, v) => setText(v)} onClear={() => setText('')} />
            </ToolbarItem>
            <ToolbarItem>
              <FormSelect aria-label="Filter by lock" value={lock} onChange={(_e, v) => setLock(v as LockFilter)}>
                <FormSelectOption value="all" label="Any lock" />
                {(Object.keys(LOCKS) as Lock[]).map((l) => (
                  <FormSelectOption key={l} value={l} label={LOCKS[l].label} />
                ))}
              </FormSelect>
            </ToolbarItem>
            <ToolbarItem>
              <Checkbox id="overview-not-strict" label="Not STRICT only" isChecked={notStrict} onChange={(_e, v) => setNotStrict(v)} />
            </ToolbarItem>
            <ToolbarItem align={{ default: 'alignEnd' }}>
              <span className="ml-subtle" aria-live="polite">
                {namespaces.data ? `${rows.length.toLocaleString('en')} of ${namespaces.data.length.toLocaleString('en')}` : ''}
              </span>
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        <LoadState state={namespaces} what="namespaces">
          {() => <NamespaceTable rows={rows} mesh={mesh.data} health={health.data} healthWindow={HEALTH_WINDOW} />}
        </LoadState>
      </PageSection>
    </>
  );
}
