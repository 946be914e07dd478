import type { Checker } from '../checker.js';
import { schemaIssues } from './issues.js';
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
    return schemaIssues(object, ctx).flatMap((issue) =>
      issue.kind === 'required' ? [{ path: issue.path, message: `Required field "${issue.field}" is missing` }] : [],
    );
  },
};
