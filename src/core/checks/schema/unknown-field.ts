import type { Checker } from '../checker.js';
import { findingsOf } from './issues.js';
import { SCHEMA_KINDS } from './kinds.js';

// The API server prunes (or, with strict field validation, rejects) fields its schema does not know, so
// a misspelt `mtlss:` leaves the policy without the setting its author meant.
export const unknownField: Checker = {
  code: 'MSL101',
  kinds: SCHEMA_KINDS,
  severity: 'error',
  message: 'Unknown field',
  invalidates: true,
  check(object, ctx) {
    return findingsOf(object, ctx, 'unknown-field', (issue) => ({ path: issue.path, message: `Unknown field "${issue.field}"${issue.suggestion ? `; did you mean "${issue.suggestion}"?` : ''}` }));
  },
};
