// Kiali's catalogue (kiali-backend-reference §2.3): code, severity, message and effect on `valid` of the
// PeerAuthentication, DestinationRule and AuthorizationPolicy checks, and the registry's shape.
import { describe, expect, it } from 'vitest';
import { checkers } from './registry.js';

const KIALI: [code: string, kind: string, severity: string, invalidates: boolean, message: string][] = [
  ['KIA0002', 'PeerAuthentication', 'error', true, 'More than one selector-less object in the same namespace'],
  ['KIA0003', 'PeerAuthentication', 'error', true, 'More than one object applied to the same workload'],
  ['KIA0004', 'PeerAuthentication', 'warning', false, 'No matching workload found for the selector in this namespace'],
  ['KIA0401', 'PeerAuthentication', 'error', true, 'Mesh-wide Destination Rule enabling mTLS is missing'],
  ['KIA0501', 'PeerAuthentication', 'error', true, 'Destination Rule enabling namespace-wide mTLS is missing'],
  ['KIA0505', 'PeerAuthentication', 'error', true, 'Destination Rule disabling namespace-wide mTLS is missing'],
  ['KIA0506', 'PeerAuthentication', 'error', true, 'Destination Rule disabling mesh-wide mTLS is missing'],
  ['KIA0005', 'DestinationRule', 'error', true, 'No matching namespace found or namespace is not accessible'],
  ['KIA0201', 'DestinationRule', 'warning', false, 'More than one DestinationRules for the same host subset combination'],
  ['KIA0202', 'DestinationRule', 'error', true, 'This host has no matching entry in the service registry (service, workload or service entries)'],
  ['KIA0203', 'DestinationRule', 'error', true, "This subset's labels are not found in any matching host"],
  ['KIA0204', 'DestinationRule', 'warning', false, 'mTLS settings of a non-local Destination Rule are overridden'],
  ['KIA0205', 'DestinationRule', 'error', true, 'PeerAuthentication enabling mTLS at mesh level is missing'],
  ['KIA0206', 'DestinationRule', 'error', true, 'PeerAuthentication enabling namespace-wide mTLS is missing'],
  ['KIA0207', 'DestinationRule', 'error', true, 'PeerAuthentication with TLS strict mode found, it should be permissive'],
  ['KIA0208', 'DestinationRule', 'error', true, 'PeerAuthentication enabling mTLS found, permissive mode needed'],
  ['KIA0209', 'DestinationRule', 'warning', false, 'This subset has not labels'],
  ['KIA0004', 'AuthorizationPolicy', 'warning', false, 'No matching workload found for the selector in this namespace'],
  ['KIA0101', 'AuthorizationPolicy', 'warning', false, 'Namespace not found for this rule'],
  ['KIA0102', 'AuthorizationPolicy', 'warning', false, 'Only HTTP methods and Istio wildcards are allowed'],
  // KIA0104 is a warning that keeps the policy valid: docs/validations.md, "Differences from Kiali".
  ['KIA0104', 'AuthorizationPolicy', 'warning', false, 'This host has no matching entry in the service registry'],
  ['KIA0105', 'AuthorizationPolicy', 'error', true, 'This field requires mTLS to be enabled'],
  ['KIA0106', 'AuthorizationPolicy', 'error', true, 'Service Account not found for this principal'],
  ['KIA0108', 'AuthorizationPolicy', 'warning', true, 'Unable to verify principal, trust domain is not known to Kiali'],
];

describe('registry', () => {
  it.each(KIALI)('%s on %s: %s, invalidates %s', (code, kind, severity, invalidates, message) => {
    const checker = checkers.find((c) => c.code === code && c.kinds.includes(kind));
    expect(checker).toMatchObject({ severity, invalidates, message });
  });

  it("numbers meshlock's own checks MSL001–MSL012 and MSL101–MSL105, once each", () => {
    const own = checkers.map((c) => c.code).filter((code) => code.startsWith('MSL'));
    expect(own.sort()).toEqual([...Array.from({ length: 12 }, (_, i) => `MSL${String(i + 1).padStart(3, '0')}`), 'MSL101', 'MSL102', 'MSL103', 'MSL104', 'MSL105']);
  });

  it('registers every checker object once', () => {
    expect(new Set(checkers).size).toBe(checkers.length);
  });
});
