// kiali-backend-reference §2.4.1, §5.6 (KIA0203, NoDestinationChecker fixtures).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { subsetLabelsNotFound as checker } from './subset-labels-not-found.js';

const WORLD = `apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: bookinfo}
spec:
  selector: {app: reviews}
  ports: [{name: http, port: 9080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-v1, namespace: bookinfo}
spec:
  template:
    metadata: {labels: {app: reviews, version: v1}}
    spec: {containers: [{name: app}]}
---
`;
const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: testrule, namespace: bookinfo}
spec:
  host: reviews
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v9
    labels: {version: v9}
---
`;
const vs = (subset: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews.bookinfo, subset: ${subset}}
`;
const found = (yaml: string) => runChecker(checker, yaml, 'DestinationRule/bookinfo/testrule').map(({ path, severity, invalidates, line, column }) => ({ path, severity, invalidates, line, column }));

describe('KIA0203 subset labels select no endpoint of the host', () => {
  it('is info (Kiali unknown) and keeps the rule valid when no route uses the subset', () => {
    expect(found(WORLD + DR)).toEqual([{ path: 'spec/subsets[1]', severity: 'info', invalidates: false, line: 24, column: 5 }]);
  });

  it('is an error when a VirtualService routes to the subset', () => {
    expect(found(WORLD + DR + vs('v9'))).toEqual([{ path: 'spec/subsets[1]', severity: 'error', invalidates: true, line: 24, column: 5 }]);
  });

  it('is quiet for subsets whose labels match', () => {
    expect(found(WORLD + DR.replace('version: v9', 'version: v1'))).toEqual([]);
  });
});
