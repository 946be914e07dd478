import type { Checker } from '../checker.js';
import { findingsOf } from './issues.js';
import { SCHEMA_KINDS } from './kinds.js';

// The API server rejects a value of the wrong type (a string where a list is expected, a quoted number).
export const wrongType: Checker = {
  code: 'MSL102',
  kinds: SCHEMA_KINDS,
  severity: 'error',
  message: 'Wrong type',
  invalidates: true,
  check(object, ctx) {
    return findingsOf(object, ctx, 'wrong-type', (issue) => ({ path: issue.path, message: `Expected ${issue.expected}, found ${issue.actual}` }));
  },
};
