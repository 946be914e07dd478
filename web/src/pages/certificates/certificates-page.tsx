// Certificates: the mesh roots and intermediates and the workload certificates, with their issuer, SPIFFE
// ID, validity and next rotation, and a warning when a CA expires within 60 days or has less life left than
// the workload certificate lifetime (istio #18990).
import { Alert, Card, CardBody, CardTitle, Label, PageSection, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { Certificates } from '../../../../src/api/schemas.js';
import { formatWindow } from '../../components/format.js';
import { LoadState } from '../../components/load-state.js';
import { SeverityIcon } from '../../components/validation-summary.js';
import { useApi } from '../../hooks/use-api.js';

type Certificate = Certificates['certificates'][number];

const date = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

function Expiry({ certificate }: { certificate: Certificate }) {
  const d = certificate.daysLeft;
  const left = d < 0 ? 'expired' : d === 0 ? 'less than a day left' : `${d} day${d === 1 ? '' : 's'} left`;
  const worst = certificate.warnings.some((w) => w.severity === 'error') ? 'error' : certificate.warnings.length > 0 ? 'warning' : undefined;
  return (
    <>
      {date(certificate.notAfter)}
      <div className={worst ? `ml-sev--${worst}` : 'ml-subtle'}>{left}</div>
    </>
  );
}

function CertificateTable({ certificates, label }: { certificates: readonly Certificate[]; label: string }) {
  return (
    <Table aria-label={label} variant="compact">
      <Thead>
        <Tr>
          <Th modifier="wrap">Role</Th>
          <Th modifier="wrap">Name</Th>
          <Th modifier="wrap">Issuer</Th>
          <Th modifier="wrap">Valid from</Th>
          <Th modifier="wrap">Expires</Th>
          <Th modifier="wrap">Next rotation</Th>
          <Th modifier="wrap">Source</Th>
        </Tr>
      </Thead>
      <Tbody>
        {certificates.map((c) => (
          <Tr key={`${c.role}/${c.fingerprint256 ?? c.serialNumber ?? c.spiffeId}/${c.source}`} data-certificate={c.spiffeId ?? c.subject}>
            <Td dataLabel="Role">
              <Label isCompact color={c.role === 'root' ? 'purple' : c.role === 'intermediate' ? 'blue' : 'grey'}>
                {c.role}
              </Label>
            </Td>
            <Td dataLabel="Name">
              {c.spiffeId ?? c.subject}
              {c.workloads.length > 0 ? <div className="ml-subtle">{c.workloads.join(', ')}</div> : null}
              {c.warnings.map((w) => (
                <div key={w.code} className="ml-validation">
                  <SeverityIcon severity={w.severity} /> <span className="ml-explanation">{w.message}</span>
                </div>
              ))}
            </Td>
            <Td dataLabel="Issuer">{c.issuer}</Td>
            <Td dataLabel="Valid from">{date(c.notBefore)}</Td>
            <Td dataLabel="Expires">
              <Expiry certificate={c} />
            </Td>
            <Td dataLabel="Next rotation">{c.rotatesAt ? date(c.rotatesAt) : <span className="ml-subtle">-</span>}</Td>
            <Td dataLabel="Source">{c.source}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

export function CertificatesPage() {
  const state = useApi('certificates', {});
  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Certificates</Title>
        <p className="ml-subtle">The mesh roots and intermediates clients and servers trust, and the workload certificates they present, with expiry and rotation.</p>
      </PageSection>
      <PageSection>
        <LoadState state={state} what="the certificates">
          {(report) => {
            const cas = report.certificates.filter((c) => c.role !== 'workload');
            const workloads = report.certificates.filter((c) => c.role === 'workload');
            return (
              <div className="ml-stack">
                {report.warnings.length === 0 ? (
                  <Alert variant="success" isInline isPlain title={report.certificates.length > 0 ? 'No certificate needs attention' : 'No certificate found'} />
                ) : (
                  report.warnings.map((w) => <Alert key={w.message} variant={w.severity === 'error' ? 'danger' : 'warning'} isInline title={w.message} data-warning={w.code} />)
                )}
                <Card>
                  <CardTitle>Certificate authorities</CardTitle>
                  <CardBody>{cas.length > 0 ? <CertificateTable certificates={cas} label="Certificate authorities" /> : <p className="ml-subtle">No CA certificate found.</p>}</CardBody>
                </Card>
                <Card>
                  <CardTitle>Workload certificates</CardTitle>
                  <CardBody>
                    {workloads.length > 0 ? <CertificateTable certificates={workloads} label="Workload certificates" /> : <p className="ml-subtle">No workload certificate is known: istiod does not publish them; the lab does.</p>}
                  </CardBody>
                </Card>
                <p className="ml-subtle">
                  Intermediates are measured against a workload certificate lifetime of {formatWindow(report.workloadLifetimeSeconds)} ({report.workloadLifetimeFrom}). Looked in: {report.sources.join('; ')}.
                </p>
                {report.problems.map((p) => (
                  <Alert key={p} variant="warning" isInline isPlain title={p} />
                ))}
              </div>
            );
          }}
        </LoadState>
      </PageSection>
    </>
  );
}
