// MSL005; istio-mtls-semantics §2.2 (tls without mode is DISABLE).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { tlsWithoutMode as checker } from './tls-without-mode.js';

const dr = (tls: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: rule, namespace: bookinfo}
spec:
  host: reviews
  trafficPolicy:
    tls: ${tls}
`;

describe('MSL005 tls without mode', () => {
  it('flags spec/trafficPolicy/tls', () => {
    expect(placed(checker, dr('{sni: reviews.example.com}'), 'DestinationRule/bookinfo/rule')).toEqual([{ path: 'spec/trafficPolicy/tls', line: 7, column: 10 }]);
  });

  it('is quiet with a mode', () => {
    expect(placed(checker, dr('{mode: SIMPLE, sni: reviews.example.com}'), 'DestinationRule/bookinfo/rule')).toEqual([]);
  });
});
