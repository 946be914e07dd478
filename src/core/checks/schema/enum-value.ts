import type { Checker } from '../checker.js';
import { schemaIssues } from './issues.js';
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
    return schemaIssues(object, ctx).flatMap((issue) =>
      issue.kind === 'enum' ? [{ path: issue.path, message: `${JSON.stringify(issue.value)} is not allowed; use one of ${issue.allowed.join(', ')}` }] : [],
    );
  },
};
