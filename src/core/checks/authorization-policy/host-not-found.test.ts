// KIA0104 follows Istio (docs/validations.md): hosts are Host-header matchers, so the check is a warning,
// strips ports and accepts a short name served in any namespace (users-and-peers §1.2, kiali#10188).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { operationHostNotFound as checker } from './host-not-found.js';

const ap = (hosts: string) => `apiVersion: v1
kind: Service
metadata: {name: ratings, namespace: other}
spec: {selector: {app: ratings}, ports: [{port: 9080}]}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: policy, namespace: bookinfo}
spec:
  rules:
  - to:
    - operation:
        hosts: ${hosts}
`;
const found = (hosts: string) => runChecker(checker, ap(hosts), 'AuthorizationPolicy/bookinfo/policy').map(({ path, severity, invalidates, line, column }) => ({ path, severity, invalidates, line, column }));

describe('KIA0104 operation host nobody addresses', () => {
  it('warns without invalidating at spec/rules[i]/to[j]/operation/hosts[k]', () => {
    expect(found('[ratings, reviews]')).toEqual([{ path: 'spec/rules[0]/to[0]/operation/hosts[1]', severity: 'warning', invalidates: false, line: 13, column: 26 }]);
  });

  it.each(['[ratings]', '["ratings:9080"]', '[ratings.other]', '["*.example.com"]', '[api.example.com]', '[www.example]'])('is quiet for %s', (hosts) => {
    expect(found(hosts)).toEqual([]);
  });
});
