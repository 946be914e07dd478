// MSL001; istio-mtls-semantics §1.2 (root-namespace selector policies are ignored).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { rootSelectorIgnored as checker } from './root-selector-ignored.js';

const pa = (namespace: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: grafana, namespace: ${namespace}}
spec:
  selector:
    matchLabels: {app: grafana}
  mtls: {mode: STRICT}
`;

describe('MSL001 selector PeerAuthentication in the root namespace', () => {
  it('flags spec/selector in istio-system', () => {
    expect(placed(checker, pa('istio-system'), 'PeerAuthentication/istio-system/grafana')).toEqual([{ path: 'spec/selector', line: 6, column: 5 }]);
  });

  it('is quiet in any other namespace', () => {
    expect(placed(checker, pa('monitoring'), 'PeerAuthentication/monitoring/grafana')).toEqual([]);
  });
});
