import { field, isRecord, list, str } from '../../model/read.js';
import type { Checker, Finding } from '../checker.js';
import { matchLabelsOf } from '../selectors.js';
import { receivesMtls } from './mtls-received.js';
import { rulesOf } from './rules.js';

/** Source fields that only carry values over mTLS (istio-mtls-semantics §8.1). */
const IDENTITY_FIELDS = ['principals', 'notPrincipals', 'namespaces', 'notNamespaces', 'serviceAccounts', 'notServiceAccounts'];
const IDENTITY_KEYS = new Set(['source.namespace', 'source.principal', 'connection.sni']);

// For plaintext requests these fields compare against an empty value: positive matches never match and
// `not…` matches always do, so ALLOW rules shut out plaintext callers and DENY rules let them through.
export const mtlsRequired: Checker = {
  code: 'KIA0105',
  kinds: ['AuthorizationPolicy'],
  severity: 'error',
  message: 'This field requires mTLS to be enabled',
  invalidates: true,
  check(ap, ctx) {
    const findings: Finding[] = [];
    for (const { rule, i } of rulesOf(ap)) {
      list(rule.from).forEach((from, j) => {
        const source = field(from, 'source');
        for (const key of IDENTITY_FIELDS) {
          if (list(field(source, key)).length > 0) findings.push({ path: ['spec', 'rules', i, 'from', j, 'source', key] });
        }
      });
      list(rule.when).forEach((when, k) => {
        if (isRecord(when) && IDENTITY_KEYS.has(str(when.key) ?? '')) findings.push({ path: ['spec', 'rules', i, 'when', k] });
      });
    }
    if (findings.length === 0 || receivesMtls(ap.namespace, matchLabelsOf(ap), ctx)) return [];
    return findings;
  },
};
