// One workload: effective mode per port and what decided it, its data plane (sidecar, ambient with its
// waypoint, or none) and SPIFFE identity, the policies that apply, and its callers and callees.
import { Card, CardBody, CardTitle, DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm, PageSection, Title } from '@patternfly/react-core';
import { ConfigTable } from '../../components/config-table.js';
import { DataplaneBadge, WaypointBadge } from '../../components/dataplane-badge.js';
import { DecidedBy } from '../../components/decided-by.js';
import { Link } from '../../components/link.js';
import { LoadState } from '../../components/load-state.js';
import { ModeLabel } from '../../components/mode-label.js';
import { PortTable } from '../../components/port-table.js';
import { TrafficTable } from '../../components/traffic-table.js';
import { useApi } from '../../hooks/use-api.js';
import { paths } from '../../routes.js';

export function WorkloadPage({ namespace, name }: { namespace: string; name: string }) {
  const state = useApi('workload', { params: { namespace, name } });
  return (
    <>
      <PageSection>
        <Title headingLevel="h1">
          Workload {name} <span className="ml-subtle">in <Link to={paths.namespace(namespace)}>{namespace}</Link></span>
        </Title>
      </PageSection>
      <PageSection>
        <LoadState state={state} what={`workload ${namespace}/${name}`}>
          {(w) => (
              <div className="ml-stack">
                <Card>
                  <CardTitle>Identity and mTLS</CardTitle>
                  <CardBody>
                    <DescriptionList isHorizontal>
                      <DescriptionListGroup>
                        <DescriptionListTerm>Workload mode</DescriptionListTerm>
                        <DescriptionListDescription>
                          <ModeLabel lock={w.workloadMode.lock} mode={w.workloadMode.mode} decidedBy={w.workloadMode.decidedBy} details={w.workloadMode.explanation} />{' '}
                          <DecidedBy decidedBy={w.workloadMode.decidedBy} />
                        </DescriptionListDescription>
                      </DescriptionListGroup>
                      <DescriptionListGroup>
                        <DescriptionListTerm>Data plane</DescriptionListTerm>
                        <DescriptionListDescription data-testid="workload-dataplane">
                          <DataplaneBadge dataplane={w.dataplane} reason={w.dataplaneReason} /> <span className="ml-subtle">{w.dataplaneReason}</span>
                        </DescriptionListDescription>
                      </DescriptionListGroup>
                      {w.dataplane === 'ambient' ? (
                        <DescriptionListGroup>
                          <DescriptionListTerm>Waypoint</DescriptionListTerm>
                          <DescriptionListDescription data-testid="workload-waypoint">
                            {w.waypoint ? <WaypointBadge waypoint={w.waypoint} reason={w.waypointReason} /> : <span>none</span>}{' '}
                            <span className="ml-subtle">{w.waypointReason}</span>
                          </DescriptionListDescription>
                        </DescriptionListGroup>
                      ) : null}
                      <DescriptionListGroup>
                        <DescriptionListTerm>SPIFFE identity</DescriptionListTerm>
                        <DescriptionListDescription>{w.identity ? <code>{w.identity}</code> : <span className="ml-subtle">none: not in the mesh, no certificate</span>}</DescriptionListDescription>
                      </DescriptionListGroup>
                      <DescriptionListGroup>
                        <DescriptionListTerm>Service account</DescriptionListTerm>
                        <DescriptionListDescription>{w.serviceAccount}</DescriptionListDescription>
                      </DescriptionListGroup>
                      <DescriptionListGroup>
                        <DescriptionListTerm>Labels</DescriptionListTerm>
                        <DescriptionListDescription>
                          {Object.entries(w.labels)
                            .map(([k, v]) => `${k}=${v}`)
                            .join(', ') || <span className="ml-subtle">none</span>}
                        </DescriptionListDescription>
                      </DescriptionListGroup>
                      <DescriptionListGroup>
                        <DescriptionListTerm>Services</DescriptionListTerm>
                        <DescriptionListDescription>
                          {w.services.length === 0 ? (
                            <span className="ml-subtle">none</span>
                          ) : (
                            w.services.map((s, i) => (
                              <span key={s.name}>
                                {i > 0 ? ', ' : ''}
                                <Link to={paths.service(s.namespace, s.name)}>{s.name}</Link>
                              </span>
                            ))
                          )}
                        </DescriptionListDescription>
                      </DescriptionListGroup>
                    </DescriptionList>
                  </CardBody>
                </Card>
                <Card>
                  <CardTitle>Ports</CardTitle>
                  <CardBody>
                    <PortTable ports={w.ports} caption="Effective mode per port" />
                  </CardBody>
                </Card>
                <Card>
                  <CardTitle>Istio config that applies</CardTitle>
                  <CardBody>
                    <ConfigTable items={w.config} caption="Istio config that applies to this workload" />
                  </CardBody>
                </Card>
                <Card>
                  <CardTitle>Inbound</CardTitle>
                  <CardBody>
                    <TrafficTable traffic={w.inbound} direction="inbound" />
                  </CardBody>
                </Card>
                <Card>
                  <CardTitle>Outbound</CardTitle>
                  <CardBody>
                    <TrafficTable traffic={w.outbound} direction="outbound" />
                  </CardBody>
                </Card>
              </div>
          )}
        </LoadState>
      </PageSection>
    </>
  );
}
