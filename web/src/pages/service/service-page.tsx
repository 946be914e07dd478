// One service: its ports with the lock and mode behind each, a mini graph of its callers and workloads, the
// workloads with the mode each port enforces, and its callers (seen in telemetry apart from merely possible).
import { Card, CardBody, CardTitle, DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm, PageSection, Title } from '@patternfly/react-core';
import { useMemo } from 'react';
import type { ServiceDetail } from '../../../../src/api/schemas.js';
import { ConfigTable } from '../../components/config-table.js';
import { DecidedBy } from '../../components/decided-by.js';
import { InlineMode } from '../../components/mode-label.js';
import { Link } from '../../components/link.js';
import { LoadState } from '../../components/load-state.js';
import { PortTable } from '../../components/port-table.js';
import { TrafficTable } from '../../components/traffic-table.js';
import { useApi } from '../../hooks/use-api.js';
import { paths } from '../../routes.js';
import { ServiceGraph } from './service-graph.js';

/** Each service port with the lock and mode of the workload ports behind it, as the server combined them. */
function PortModes({ service }: { service: ServiceDetail }) {
  return (
    <ul className="ml-plain-list" aria-label="Ports">
      {service.ports.map((p) => {
        const mode = service.portModes.find((m) => m.port === p.port);
        return (
          <li key={p.port} data-testid="service-port" data-port={p.port} data-mode={mode?.mode ?? ''}>
            {`${p.name ?? ''} ${p.port} → ${p.targetPort} (${p.protocol})`.trim()}
            {mode ? (
              <>
                {' '}
                <InlineMode lock={mode.lock} mode={mode.mode} /> <span className="ml-subtle">{mode.mode === 'NONE' ? 'no workload port enforces mTLS' : <>decided by <DecidedBy decidedBy={mode.decidedBy} /></>}</span>
              </>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function Traffic({ service }: { service: ServiceDetail }) {
  const scope = useMemo(() => ({ hostname: service.hostname, namespace: service.namespace, workloads: service.workloads.map((w) => w.name) }), [service]);
  return <ServiceGraph scope={scope} />;
}

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
                      <DescriptionListDescription>
                        <PortModes service={s} />
                      </DescriptionListDescription>
                    </DescriptionListGroup>
                  </DescriptionList>
                </CardBody>
              </Card>
              <Card>
                <CardTitle>Traffic</CardTitle>
                <CardBody>
                  <Traffic service={s} />
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
