// MSL009; istio-mtls-semantics §2.3 (a port-level entry replaces the policy wholesale).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { portSettingsDropTls as checker } from './port-settings-drop-tls.js';

const dr = (entry: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: rule, namespace: bookinfo}
spec:
  host: reviews
  trafficPolicy:
    tls: {mode: ISTIO_MUTUAL}
    portLevelSettings:
    - ${entry}
`;

describe('MSL009 portLevelSettings entry without tls', () => {
  it('flags the entry', () => {
    expect(placed(checker, dr('{port: {number: 9080}, connectionPool: {tcp: {maxConnections: 10}}}'), 'DestinationRule/bookinfo/rule')).toEqual([
      { path: 'spec/trafficPolicy/portLevelSettings[0]', line: 9, column: 7 },
    ]);
  });

  it('is quiet when the entry repeats tls', () => {
    expect(placed(checker, dr('{port: {number: 9080}, tls: {mode: ISTIO_MUTUAL}}'), 'DestinationRule/bookinfo/rule')).toEqual([]);
  });
});
