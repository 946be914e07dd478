import { field, list } from '../../model/read.js';
import type { Checker, Finding } from '../checker.js';
import { isGatewayApi } from './gateway-api.js';

// A grant to a namespace that does not exist grants nothing; usually a typo in the namespace name.
export const gatewayApiReferenceGrantNamespaceNotFound: Checker = {
  code: 'KIA1601',
  kinds: ['ReferenceGrant'],
  severity: 'error',
  message: 'Namespace is not found or is not accessible',
  invalidates: true,
  check(grant, ctx) {
    // Namespace existence is only known when the files declare Namespaces.
    if (!isGatewayApi(grant) || !ctx.declaresNamespaces) return [];
    const findings: Finding[] = [];
    list(field(grant.raw, 'spec', 'from')).forEach((from, i) => {
      const namespace = field(from, 'namespace');
      if (typeof namespace === 'string' && !ctx.namespaceExists(namespace)) findings.push({ path: ['spec', 'from', i, 'namespace'] });
    });
    return findings;
  },
};
