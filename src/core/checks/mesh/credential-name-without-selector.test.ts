// MSL010; istio-mtls-semantics §2.2 (credentialName on sidecars needs a workloadSelector).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { credentialNameWithoutSelector as checker } from './credential-name-without-selector.js';

const dr = (extra: string, credential = 'payments-client') => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: payments, namespace: shop}
spec:
  host: payments.example.com${extra}
  trafficPolicy:
    tls:
      mode: MUTUAL
      credentialName: ${credential}
`;

describe('MSL010 SIMPLE/MUTUAL credentialName without workloadSelector', () => {
  it('flags the credentialName', () => {
    expect(placed(checker, dr(''), 'DestinationRule/shop/payments')).toEqual([{ path: 'spec/trafficPolicy/tls/credentialName', line: 9, column: 23 }]);
  });

  it('is quiet with a workloadSelector', () => {
    expect(placed(checker, dr('\n  workloadSelector: {matchLabels: {app: egress}}'), 'DestinationRule/shop/payments')).toEqual([]);
  });

  it('is quiet for configmap:// credentials', () => {
    expect(placed(checker, dr('', 'configmap://payments-ca'), 'DestinationRule/shop/payments')).toEqual([]);
  });
});
