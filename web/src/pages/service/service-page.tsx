// One service: its ports, the workloads behind them with the mode each port enforces, and its callers.
import { Card, CardBody, CardTitle, DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm, PageSection, Title } from '@patternfly/react-core';
import { ConfigTable } from '../../components/config-table.js';
import { Link } from '../../components/link.js';
import { LoadState } from '../../components/load-state.js';
import { PortTable } from '../../components/port-table.js';
import { TrafficTable } from '../../components/traffic-table.js';
import { useApi } from '../../hooks/use-api.js';
import { paths } from '../../routes.js';

export function ServicePage({ namespace, name }: { namespace: string; name: string }) {
  const state = useApi('service', { params: { namespace, name } });
  return (
    <>
      <PageSection>
        <Title headingLevel="h1">
          Service {name} <span className="ml-subtle">in <Link to={paths.namespace(namespace)}>{namespace}</Link></span>
        </Title>
      </PageSection>
      <PageSection>
        <LoadState state={state} what={`service ${namespace}/${name}`}>
          {(s) => (
            <div className="ml-stack">
              <Card>
                <CardTitle>Network</CardTitle>
                <CardBody>
                  <DescriptionList isHorizontal>
                    <DescriptionListGroup>
                      <DescriptionListTerm>Host</DescriptionListTerm>
                      <DescriptionListDescription>
                        <code>{s.hostname}</code>
                      </DescriptionListDescription>
                    </DescriptionListGroup>
                    <DescriptionListGroup>
                      <DescriptionListTerm>Ports</DescriptionListTerm>
                      <DescriptionListDescription>{s.ports.map((p) => `${p.name ?? ''} ${p.port} → ${p.targetPort} (${p.protocol})`.trim()).join(', ')}</DescriptionListDescription>
                    </DescriptionListGroup>
                  </DescriptionList>
                </CardBody>
              </Card>
              {s.workloads.length === 0 ? (
                <Card>
                  <CardTitle>Workloads</CardTitle>
                  <CardBody>
                    <p className="ml-subtle">No workload matches this service&apos;s selector.</p>
                  </CardBody>
                </Card>
              ) : (
                s.workloads.map((w) => (
                  <Card key={w.name}>
                    <CardTitle>
                      Workload <Link to={paths.workload(w.namespace, w.name)}>{w.name}</Link>
                      {w.sidecar ? null : <span className="ml-warning-text"> · Missing Sidecar</span>}
                    </CardTitle>
                    <CardBody>
                      <PortTable ports={w.ports} caption={`Ports of ${w.name}`} />
                    </CardBody>
                  </Card>
                ))
              )}
              <Card>
                <CardTitle>Istio config for this host</CardTitle>
                <CardBody>
                  <ConfigTable items={s.config} caption="DestinationRules and VirtualServices for this host" />
                </CardBody>
              </Card>
              <Card>
                <CardTitle>Inbound</CardTitle>
                <CardBody>
                  <TrafficTable traffic={s.inbound} direction="inbound" />
                </CardBody>
              </Card>
            </div>
          )}
        </LoadState>
      </PageSection>
    </>
  );
}
