import { field, isRecord, list, str } from '../../model/read.js';
import type { MeshObject } from '../../model/types.js';
import type { Checker, Finding, ObjectPath } from '../checker.js';

/** PeerAuthentication rules enforced by the CRD's CEL rules and istiod's webhook (istio-mtls-semantics §1.8). */
function peerAuthenticationRules(pa: MeshObject): Finding[] {
  const findings: Finding[] = [];
  const spec = field(pa.raw, 'spec');
  const matchLabels = field(spec, 'selector', 'matchLabels');
  const ports = field(spec, 'portLevelMtls');
  if (isRecord(ports)) {
    if (!isRecord(matchLabels) || Object.keys(matchLabels).length === 0) {
      findings.push({ path: ['spec', 'portLevelMtls'], message: 'portLevelMtls requires a selector: mesh/namespace peer authentication cannot have port level mTLS' });
    }
    if (Object.keys(ports).length === 0) findings.push({ path: ['spec', 'portLevelMtls'], message: 'port level mTLS, if defined, must have at least one element' });
    for (const key of Object.keys(ports)) {
      const port = Number(key);
      if (!Number.isInteger(port) || port < 1 || port > 65535) findings.push({ path: ['spec', 'portLevelMtls', key], message: 'port must be between 1-65535' });
    }
  }
  if (isRecord(matchLabels)) {
    for (const [key, value] of Object.entries(matchLabels)) {
      if (key === '') findings.push({ path: ['spec', 'selector', 'matchLabels'], message: 'empty key is not supported in selector' });
      if (key.includes('*') || (typeof value === 'string' && value.includes('*'))) findings.push({ path: ['spec', 'selector', 'matchLabels', key], message: 'wildcard is not supported in selector' });
    }
  }
  return findings;
}

/** ClientTLSSettings rules of istiod's ValidateTLS (istio-mtls-semantics §2.8). */
function tlsRules(tls: unknown, path: ObjectPath): Finding[] {
  if (!isRecord(tls)) return [];
  const mode = str(tls.mode);
  const has = (key: string) => tls[key] !== undefined && tls[key] !== null && tls[key] !== '' && !(Array.isArray(tls[key]) && (tls[key] as unknown[]).length === 0);
  const findings: Finding[] = [];
  if ((mode === 'SIMPLE' || mode === 'MUTUAL') && has('credentialName')) {
    for (const key of ['clientCertificate', 'privateKey', 'caCertificates', 'caCrl']) {
      if (has(key)) findings.push({ path: [...path, key], message: `cannot specify ${key} with credentialName` });
    }
  }
  if (mode === 'MUTUAL' && !has('credentialName')) {
    for (const key of ['clientCertificate', 'privateKey']) {
      if (!has(key)) findings.push({ path: [...path, 'mode'], message: `${key} is required for mutual TLS without credentialName` });
    }
  }
  if (tls.insecureSkipVerify === true) {
    const forbidden = mode === 'SIMPLE' ? ['caCertificates', 'credentialName', 'subjectAltNames'] : mode === 'MUTUAL' ? ['caCertificates', 'subjectAltNames'] : [];
    for (const key of forbidden) if (has(key)) findings.push({ path: [...path, key], message: `cannot set ${key} with insecureSkipVerify` });
  }
  return findings;
}

function trafficPolicyRules(policy: unknown, path: ObjectPath): Finding[] {
  if (!isRecord(policy)) return [];
  const findings: Finding[] = [];
  if (Object.keys(policy).length === 0) findings.push({ path, message: 'traffic policy must have at least one field' });
  findings.push(...tlsRules(policy.tls, [...path, 'tls']));
  list(policy.portLevelSettings).forEach((entry, i) => {
    const at: ObjectPath = [...path, 'portLevelSettings', i];
    if (!isRecord(entry)) return;
    if (!['outlierDetection', 'connectionPool', 'loadBalancer', 'tls'].some((key) => entry[key] !== undefined)) findings.push({ path: at, message: 'port traffic policy must have at least one field' });
    findings.push(...tlsRules(entry.tls, [...at, 'tls']));
  });
  return findings;
}

/** DestinationRule rules of istiod's webhook (istio-mtls-semantics §2.8). */
function destinationRuleRules(dr: MeshObject): Finding[] {
  const spec = field(dr.raw, 'spec');
  const findings = trafficPolicyRules(field(spec, 'trafficPolicy'), ['spec', 'trafficPolicy']);
  const names = new Set<string>();
  list(field(spec, 'subsets')).forEach((subset, i) => {
    const name = str(field(subset, 'name'));
    if (name !== undefined && names.has(name)) findings.push({ path: ['spec', 'subsets', i, 'name'], message: 'duplicate subset names' });
    if (name !== undefined) names.add(name);
    findings.push(...trafficPolicyRules(field(subset, 'trafficPolicy'), ['spec', 'subsets', i, 'trafficPolicy']));
  });
  const exportTo = list(field(spec, 'exportTo'));
  const seen = new Set<string>();
  exportTo.forEach((entry, i) => {
    if (typeof entry !== 'string') return;
    const normalised = entry === '.' ? dr.namespace : entry;
    if (entry === '~') findings.push({ path: ['spec', 'exportTo', i], message: 'exportTo "~" is not allowed for DestinationRules' });
    else if (seen.has(normalised)) findings.push({ path: ['spec', 'exportTo', i], message: `duplicate exportTo entry ${entry}` });
    seen.add(normalised);
  });
  if (exportTo.includes('*') && exportTo.length > 1) findings.push({ path: ['spec', 'exportTo'], message: 'exportTo "*" cannot be combined with other entries' });
  if (field(spec, 'workloadSelector') !== undefined && exportTo.some((e) => e !== '.' && e !== dr.namespace)) {
    findings.push({ path: ['spec', 'exportTo'], message: 'a DestinationRule with workloadSelector can only be exported to its own namespace' });
  }
  return findings;
}

// Objects that pass the schema but that Istio's validation webhook (or the CRD's CEL rules) rejects, for the
// rules that concern mTLS settings; `istioctl analyze` reports them as IST0106.
export const rejectedByIstio: Checker = {
  code: 'MSL105',
  kinds: ['PeerAuthentication', 'DestinationRule'],
  severity: 'error',
  message: 'Rejected by Istio validation',
  invalidates: true,
  check(object) {
    if (object.kind === 'PeerAuthentication') return peerAuthenticationRules(object);
    return destinationRuleRules(object);
  },
};
