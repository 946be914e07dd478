// kiali-backend-reference §2.4.2 (KIA0003); istio-mtls-semantics §1.3 (oldest matching workload policy wins whole).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { multipleWorkloadMatch as checker } from './multiple-workload-match.js';

const pa = (name: string, labels: string, namespace = 'bookinfo') => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    matchLabels: ${labels}
---
`;
const workload = (namespace: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews, namespace: ${namespace}}
spec:
  template:
    metadata: {labels: {app: reviews, version: v1}}
    spec: {containers: [{name: app}]}
---
`;

describe('KIA0003 two selector PeerAuthentications apply to one workload', () => {
  it('flags both at spec/selector', () => {
    const yaml = pa('by-app', '{app: reviews}') + pa('by-version', '{version: v1}') + workload('bookinfo');
    expect(placed(checker, yaml, 'PeerAuthentication/bookinfo/by-app')).toEqual([{ path: 'spec/selector', line: 8, column: 5 }]);
    expect(placed(checker, yaml, 'PeerAuthentication/bookinfo/by-version')).toEqual([{ path: 'spec/selector', line: 17, column: 5 }]);
  });

  it('is quiet when the matched workload lives in another namespace (selectors only reach their own namespace)', () => {
    const yaml = pa('by-app', '{app: reviews}') + pa('by-version', '{version: v1}') + workload('other');
    expect(placed(checker, yaml, 'PeerAuthentication/bookinfo/by-app')).toEqual([]);
  });

  it('is quiet when the selectors match different workloads', () => {
    const yaml = pa('by-app', '{app: reviews}') + pa('by-version', '{version: v2}') + workload('bookinfo');
    expect(placed(checker, yaml, 'PeerAuthentication/bookinfo/by-app')).toEqual([]);
  });
});
