// STRICT readiness: may this namespace (or workload) go STRICT without breaking its callers? The verdict
// with its reasons, callers seen without mTLS over the look-back window, callers predicted to fail, and,
// when ready, the STRICT PeerAuthentication to preview and apply. Evidence export for audits.
import { Alert, AlertActionCloseButton, Button, Card, CardBody, CardTitle, FormSelect, FormSelectOption, Label, PageSection, Title, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import { DownloadIcon } from '@patternfly/react-icons';
import { useState } from 'react';
import type { Readiness } from '../../../../src/api/schemas.js';
import { api } from '../../api.js';
import { formatRate, formatWindow } from '../../components/format.js';
import { LoadState } from '../../components/load-state.js';
import { useApi } from '../../hooks/use-api.js';
import { navigate, useLocation } from '../../hooks/use-location.js';
import { useReadOnlyReason } from '../../hooks/use-session.js';
import { paths } from '../../routes.js';
import { ObservedCallers, PortVerdicts, PredictedFailures } from './readiness-tables.js';
import { StrictPolicyModal } from './strict-policy-modal.js';

const WINDOWS = ['30s', '1m', '5m', '10m', '1h', '6h', '1d', '7d'] as const;
const DEFAULT_WINDOW = '10m';

function telemetryText(r: Readiness): string {
  if (!r.telemetry) return 'No telemetry source: the verdict rests on the configuration alone.';
  if (r.telemetry.error) return `${r.telemetry.source} did not answer (${r.telemetry.error}); the verdict rests on the configuration alone.`;
  const rate = r.summary.observedRequestRate;
  return `Traffic of the last ${formatWindow(r.windowSeconds)} from ${r.telemetry.source}${rate ? `: ${formatRate(rate)} without mTLS` : ''}.`;
}

function Verdict({ readiness, onGenerate, readOnly }: { readiness: Readiness; onGenerate: () => void; readOnly: string | undefined }) {
  const ready = readiness.verdict === 'ready';
  const scope = readiness.workload ? `${readiness.namespace}/${readiness.workload}` : readiness.meshWide ? 'The mesh' : readiness.namespace;
  return (
    <Card>
      <CardTitle>
        <span data-verdict={readiness.verdict}>
          <Label color={ready ? 'green' : 'red'}>{ready ? 'Ready for STRICT' : 'Not ready for STRICT'}</Label> {scope}
        </span>
      </CardTitle>
      <CardBody>
        <ul className="ml-reasons" aria-label="Reasons">
          {readiness.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
        <p className="ml-subtle">{telemetryText(readiness)}</p>
        <div className="ml-editor-actions">
          <Button variant="primary" onClick={onGenerate} isDisabled={!ready || readiness.alreadyStrict || readOnly !== undefined}>
            Generate STRICT policy
          </Button>
          <span className="ml-subtle">
            {!ready
              ? 'Resolve the callers that block it first.'
              : readiness.alreadyStrict
                ? 'Already STRICT: nothing to apply.'
                : readOnly !== undefined
                  ? `Read-only: ${readOnly}`
                  : `${readiness.policy.replaces ? 'Replaces' : 'Creates'} ${readiness.policy.replaces ?? readiness.policy.ref}.`}
          </span>
        </div>
      </CardBody>
    </Card>
  );
}

/** The namespace to show first: one with sidecars that is not STRICT yet, where readiness matters. */
function firstCandidate(namespaces: readonly { name: string; mode: string; sidecarCount: number }[]): string | undefined {
  return (namespaces.find((n) => n.sidecarCount > 0 && n.mode !== 'STRICT') ?? namespaces[0])?.name;
}

export function ReadinessPage() {
  const { search } = useLocation();
  const namespaces = useApi('namespaces', {});
  const namespace = search.get('namespace') ?? firstCandidate(namespaces.data ?? []);
  return (
    <>
      <PageSection>
        <Title headingLevel="h1">STRICT readiness</Title>
        <p className="ml-subtle">Can this namespace require mutual TLS without breaking its callers? Callers seen without mTLS over the window, callers the engine predicts will be refused, and the policy to apply once none blocks.</p>
      </PageSection>
      {namespace === undefined ? (
        <PageSection>
          <LoadState state={namespaces} what="the namespaces">
            {() => <p className="ml-subtle">There is no namespace to judge.</p>}
          </LoadState>
        </PageSection>
      ) : (
        <ReadinessView namespaces={(namespaces.data ?? []).map((n) => n.name)} namespace={namespace} workload={search.get('workload') ?? undefined} />
      )}
    </>
  );
}

function ReadinessView({ namespaces, namespace, workload }: { namespaces: readonly string[]; namespace: string; workload: string | undefined }) {
  const [window, setWindow] = useState<string>(DEFAULT_WINDOW);
  const [generating, setGenerating] = useState(false);
  const [applied, setApplied] = useState<string | undefined>();
  const readOnly = useReadOnlyReason();
  const detail = useApi('namespace', { params: { namespace } });
  const readiness = useApi('readiness', { query: { namespace, workload, window } });
  const go = (scope: { namespace?: string; workload?: string }) => navigate(paths.readiness(scope), { replace: true });

  return (
    <>
      <PageSection>
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <FormSelect aria-label="Namespace" value={namespace} onChange={(_e, v) => go({ namespace: v })}>
                {namespaces.map((n) => (
                  <FormSelectOption key={n} value={n} label={n} />
                ))}
              </FormSelect>
            </ToolbarItem>
            <ToolbarItem>
              <FormSelect aria-label="Workload" value={workload ?? ''} onChange={(_e, v) => go({ namespace, workload: v })}>
                <FormSelectOption value="" label="The whole namespace" />
                {(detail.data?.workloads ?? []).map((w) => (
                  <FormSelectOption key={w.name} value={w.name} label={w.name} />
                ))}
              </FormSelect>
            </ToolbarItem>
            <ToolbarItem>
              <FormSelect aria-label="Look-back window" value={window} onChange={(_e, v) => setWindow(v)}>
                {WINDOWS.map((w) => (
                  <FormSelectOption key={w} value={w} label={`Last ${w}`} />
                ))}
              </FormSelect>
            </ToolbarItem>
            <ToolbarItem align={{ default: 'alignEnd' }}>
              <span className="ml-subtle">mTLS coverage evidence:</span>
            </ToolbarItem>
            <ToolbarItem>
              <Button variant="secondary" component="a" href={api.url('evidence', undefined, { format: 'csv', window })} icon={<DownloadIcon />}>
                CSV
              </Button>
            </ToolbarItem>
            <ToolbarItem>
              <Button variant="secondary" component="a" href={api.url('evidence', undefined, { format: 'json', window })} icon={<DownloadIcon />}>
                JSON
              </Button>
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        {applied ? (
          <Alert variant="success" isInline title={`Applied ${applied}`} actionClose={<AlertActionCloseButton onClose={() => setApplied(undefined)} />} className="ml-hidden-alert">
            The verdict below is checked again against the new configuration.
          </Alert>
        ) : null}
      </PageSection>
      <PageSection>
        <LoadState state={readiness} what={`readiness of ${workload ? `${namespace}/${workload}` : namespace}`}>
          {(r) => (
            <div className="ml-stack">
              <Verdict readiness={r} onGenerate={() => setGenerating(true)} readOnly={readOnly} />
              <Card>
                <CardTitle>Callers seen without mTLS</CardTitle>
                <CardBody>
                  <ObservedCallers readiness={r} />
                </CardBody>
              </Card>
              <Card>
                <CardTitle>Callers predicted to be refused</CardTitle>
                <CardBody>
                  <PredictedFailures readiness={r} />
                </CardBody>
              </Card>
              <Card>
                <CardTitle>Ports</CardTitle>
                <CardBody>
                  <PortVerdicts readiness={r} />
                </CardBody>
              </Card>
              {generating ? (
                <StrictPolicyModal
                  policy={r.policy}
                  onClose={() => setGenerating(false)}
                  onApplied={() => {
                    setGenerating(false);
                    setApplied(r.policy.ref);
                    readiness.reload();
                  }}
                />
              ) : null}
            </div>
          )}
        </LoadState>
      </PageSection>
    </>
  );
}
