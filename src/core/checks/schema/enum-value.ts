import type { Checker } from '../checker.js';
import { findingsOf } from './issues.js';
import { SCHEMA_KINDS } from './kinds.js';

// The API server rejects a value outside the enum, so the object never takes effect (the loader leaves
// such PeerAuthentications and DestinationRules out of the engine; this says where and why).
export const enumValue: Checker = {
  code: 'MSL103',
  kinds: SCHEMA_KINDS,
  severity: 'error',
  message: 'Value not allowed',
  invalidates: true,
  check(object, ctx) {
    return findingsOf(object, ctx, 'enum', (issue) => ({ path: issue.path, message: `${JSON.stringify(issue.value)} is not allowed; use one of ${issue.allowed.join(', ')}` }));
  },
};
