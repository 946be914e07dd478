// MSL105 in the validate report: rules of the CRD's CEL and istiod's webhook (istio-mtls-semantics §1.8, §2.8). The loader
// rejects such objects, so only the report (src/reports) shows them, with the check at its line.
import { describe, expect, it } from 'vitest';
import { validateTexts } from './validation.js';
import { runChecker } from '../testing/checker-findings.js';
import { rejectedByIstio as checker } from '../core/checks/schema/rejected-by-istio.js';

const found = (yaml: string, target: string) => runChecker(checker, yaml, target).map(({ path, line, column, message }) => ({ path, line, column, message }));

describe('MSL105 rejected by Istio validation', () => {
  it('flags portLevelMtls without a selector', () => {
    const yaml = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: bookinfo}
spec:
  portLevelMtls:
    8080: {mode: DISABLE}
`;
    const report = validateTexts(new Map([['pa.yaml', yaml]]), { checkers: [checker] });
    expect(report.objects).toEqual([
      expect.objectContaining({
        kind: 'PeerAuthentication',
        valid: false,
        checks: [{ code: 'MSL105', severity: 'error', path: 'spec/portLevelMtls', line: 6, column: 5, message: 'portLevelMtls requires a selector: mesh/namespace peer authentication cannot have port level mTLS' }],
      }),
    ]);
  });

  it('flags MUTUAL without certificates and duplicate subset names', () => {
    const yaml = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: rule, namespace: bookinfo}
spec:
  host: reviews
  trafficPolicy:
    tls:
      mode: MUTUAL
      clientCertificate: /etc/certs/cert.pem
  subsets:
  - name: v1
  - name: v1
`;
    expect(found(yaml, 'DestinationRule/bookinfo/rule').map((f) => `${f.path}:${f.line}:${f.message}`)).toEqual([
      'spec/trafficPolicy/tls/mode:8:privateKey is required for mutual TLS without credentialName',
      'spec/subsets[1]/name:12:duplicate subset names',
    ]);
  });

  it('is quiet for valid objects', () => {
    const yaml = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: rule, namespace: bookinfo}
spec:
  host: reviews
  exportTo: ["."]
  trafficPolicy: {tls: {mode: SIMPLE, credentialName: reviews-ca}}
  subsets: [{name: v1}, {name: v2}]
`;
    expect(found(yaml, 'DestinationRule/bookinfo/rule')).toEqual([]);
  });
});
