import type { Checker } from '../checker.js';
import { findingsOf } from './issues.js';
import { SCHEMA_KINDS } from './kinds.js';

// The API server or istiod rejects an object without a required field (a DestinationRule without host,
// a subset without name, a portLevelSettings entry without port).
export const requiredField: Checker = {
  code: 'MSL104',
  kinds: SCHEMA_KINDS,
  severity: 'error',
  message: 'Required field is missing',
  invalidates: true,
  check(object, ctx) {
    return findingsOf(object, ctx, 'required', (issue) => ({ path: issue.path, message: `Required field "${issue.field}" is missing` }));
  },
};
