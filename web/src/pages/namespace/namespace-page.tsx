// One namespace: its lock and why, then its workloads with per-port modes, its services and its Istio config.
import { Card, CardBody, CardTitle, DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm, PageSection, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { NamespaceDetail } from '../../../../src/api/schemas.js';
import { ConfigTable } from '../../components/config-table.js';
import { DataplaneBadge, dataplaneCounts, WaypointBadge } from '../../components/dataplane-badge.js';
import { DecidedBy } from '../../components/decided-by.js';
import { Link } from '../../components/link.js';
import { LoadState } from '../../components/load-state.js';
import { LOCKS, LockIcon } from '../../components/lock-icon.js';
import { ModeLabel } from '../../components/mode-label.js';
import { inheritedMessage, MODE_LABELS, NAMESPACE_MESSAGES } from '../../components/modes.js';
import { ValidationSummary } from '../../components/validation-summary.js';
import { useApi } from '../../hooks/use-api.js';
import { paths } from '../../routes.js';

function Workloads({ ns }: { ns: NamespaceDetail }) {
  if (ns.workloads.length === 0) return <p className="ml-subtle">No workloads.</p>;
  return (
    <Table aria-label="Workloads" variant="compact">
      <Thead>
        <Tr>
          <Th modifier="wrap">Workload</Th>
          <Th modifier="wrap">Kind</Th>
          <Th modifier="wrap">Data plane</Th>
          <Th modifier="wrap">Ports</Th>
        </Tr>
      </Thead>
      <Tbody>
        {ns.workloads.map((w) => (
          <Tr key={w.name} data-workload={w.name} data-dataplane={w.dataplane}>
            <Td dataLabel="Workload">
              <Link to={paths.workload(w.namespace, w.name)}>{w.name}</Link>
            </Td>
            <Td dataLabel="Kind">{w.kind}</Td>
            <Td dataLabel="Data plane">
              <DataplaneBadge dataplane={w.dataplane} reason={w.dataplaneReason} /> {w.waypoint ? <WaypointBadge waypoint={w.waypoint} reason={null} /> : null}
            </Td>
            <Td dataLabel="Ports">
              {w.ports.map((p) => (
                <span key={p.port} className="ml-port-mode">
                  <LockIcon lock={p.lock} label={`${LOCKS[p.lock].label}: port ${p.port} is ${p.mode}`} /> {p.port} {MODE_LABELS[p.mode]}
                </span>
              ))}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

function Services({ ns }: { ns: NamespaceDetail }) {
  if (ns.services.length === 0) return <p className="ml-subtle">No services.</p>;
  return (
    <Table aria-label="Services" variant="compact">
      <Thead>
        <Tr>
          <Th modifier="wrap">Service</Th>
          <Th modifier="wrap">Host</Th>
          <Th modifier="wrap">Ports</Th>
        </Tr>
      </Thead>
      <Tbody>
        {ns.services.map((s) => (
          <Tr key={s.name}>
            <Td dataLabel="Service">
              <Link to={paths.service(s.namespace, s.name)}>{s.name}</Link>
            </Td>
            <Td dataLabel="Host">{s.hostname}</Td>
            <Td dataLabel="Ports">{s.ports.map((p) => `${p.name ?? ''} ${p.port}→${p.targetPort}`.trim()).join(', ')}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

export function NamespacePage({ namespace }: { namespace: string }) {
  const state = useApi('namespace', { params: { namespace } });
  const mesh = useApi('mesh', {});
  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Namespace {namespace}</Title>
      </PageSection>
      <PageSection>
        <LoadState state={state} what={`namespace ${namespace}`}>
          {(ns) => (
            <div className="ml-stack">
              <Card>
                <CardTitle>mTLS</CardTitle>
                <CardBody>
                  <DescriptionList isHorizontal>
                    <DescriptionListGroup>
                      <DescriptionListTerm>Effective mode</DescriptionListTerm>
                      <DescriptionListDescription>
                        <ModeLabel lock={ns.lock} mode={ns.mode} decidedBy={ns.decidedBy} inherited={ns.inherited} details={[ns.inherited && mesh.data ? inheritedMessage(mesh.data.mode) : NAMESPACE_MESSAGES[ns.lock], ...ns.explanation]} />
                      </DescriptionListDescription>
                    </DescriptionListGroup>
                    <DescriptionListGroup>
                      <DescriptionListTerm>Decided by</DescriptionListTerm>
                      <DescriptionListDescription>
                        <DecidedBy decidedBy={ns.decidedBy} />
                      </DescriptionListDescription>
                    </DescriptionListGroup>
                    <DescriptionListGroup>
                      <DescriptionListTerm>Why</DescriptionListTerm>
                      <DescriptionListDescription>
                        <ul className="ml-explanation-list">
                          {ns.explanation.map((line, i) => (
                            <li key={i}>{line}</li>
                          ))}
                        </ul>
                        <span className="ml-subtle">{LOCKS[ns.lock].label}: {LOCKS[ns.lock].description}</span>
                      </DescriptionListDescription>
                    </DescriptionListGroup>
                    <DescriptionListGroup>
                      <DescriptionListTerm>Data plane</DescriptionListTerm>
                      <DescriptionListDescription data-testid="namespace-dataplane">
                        {ns.ambientReason ? (
                          <>
                            <DataplaneBadge dataplane="ambient" reason={ns.ambientReason} /> <span data-testid="namespace-ambient-reason">ambient: {ns.ambientReason}</span> ·{' '}
                          </>
                        ) : null}
                        sidecar injection {ns.injection} · <span data-testid="namespace-dataplane-counts">{dataplaneCounts(ns.dataplanes)}</span>
                      </DescriptionListDescription>
                    </DescriptionListGroup>
                    {ns.waypointReason ? (
                      <DescriptionListGroup>
                        <DescriptionListTerm>Waypoint</DescriptionListTerm>
                        <DescriptionListDescription data-testid="namespace-waypoint">
                          {ns.waypoint ? <WaypointBadge waypoint={ns.waypoint} reason={ns.waypointReason} /> : <span>none</span>} <span className="ml-subtle">{ns.waypointReason}</span>
                        </DescriptionListDescription>
                      </DescriptionListGroup>
                    ) : null}
                    <DescriptionListGroup>
                      <DescriptionListTerm>Istio config</DescriptionListTerm>
                      <DescriptionListDescription>
                        <ValidationSummary counts={ns.validations} /> <Link to={paths.istioList({ namespace })}>list</Link>
                      </DescriptionListDescription>
                    </DescriptionListGroup>
                  </DescriptionList>
                </CardBody>
              </Card>
              <Card>
                <CardTitle>Workloads</CardTitle>
                <CardBody>
                  <Workloads ns={ns} />
                </CardBody>
              </Card>
              <Card>
                <CardTitle>Services</CardTitle>
                <CardBody>
                  <Services ns={ns} />
                </CardBody>
              </Card>
              <Card>
                <CardTitle>Istio config</CardTitle>
                <CardBody>
                  <ConfigTable items={ns.config} caption="Istio config in this namespace" showNamespace={false} />
                </CardBody>
              </Card>
            </div>
          )}
        </LoadState>
      </PageSection>
    </>
  );
}
