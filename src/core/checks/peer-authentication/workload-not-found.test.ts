// kiali-backend-reference §2.4.2 (KIA0004).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { peerAuthenticationWorkloadNotFound as checker } from './workload-not-found.js';

const PA = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: ratings, namespace: bookinfo}
spec:
  selector:
    matchLabels:
      app: ratings
---
`;
const deployment = (app: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${app}, namespace: bookinfo}
spec:
  template:
    metadata: {labels: {app: ${app}}}
    spec: {containers: [{name: app}]}
`;

describe('KIA0004 PeerAuthentication selector matches no workload', () => {
  it('flags spec/selector/matchLabels when workloads are known and none matches', () => {
    expect(placed(checker, PA + deployment('reviews'), 'PeerAuthentication/bookinfo/ratings')).toEqual([
      { path: 'spec/selector/matchLabels', line: 7, column: 7 },
    ]);
  });

  it('is quiet when a workload matches', () => {
    expect(placed(checker, PA + deployment('ratings'), 'PeerAuthentication/bookinfo/ratings')).toEqual([]);
  });

  it('is quiet when the files hold no workloads at all (the inventory is unknown)', () => {
    expect(placed(checker, PA, 'PeerAuthentication/bookinfo/ratings')).toEqual([]);
  });
});
