// The schema issues of one object, computed from its raw document and the field table of its kind.
import type { MeshObject } from '../../model/types.js';
import type { Finding } from '../checker.js';
import type { CheckContext } from '../context.js';
import { compare, type SchemaIssue } from './field-types.js';
import { SCHEMAS } from './kinds.js';

/** The four schema checkers share one walk per object and context. */
function schemaIssues(object: MeshObject, ctx: CheckContext): SchemaIssue[] {
  const cache = ctx.cached('schema-issues', () => new WeakMap<MeshObject, SchemaIssue[]>());
  let issues = cache.get(object);
  if (!issues) {
    issues = compute(object);
    cache.set(object, issues);
  }
  return issues;
}

/** The object's issues of one kind, each as a finding; a loop, as each of the four checkers runs on every object. */
export function findingsOf<K extends SchemaIssue['kind']>(object: MeshObject, ctx: CheckContext, kind: K, finding: (issue: Extract<SchemaIssue, { kind: K }>) => Finding): Finding[] {
  const found: Finding[] = [];
  for (const issue of schemaIssues(object, ctx)) if (issue.kind === kind) found.push(finding(issue as Extract<SchemaIssue, { kind: K }>));
  return found;
}

function compute(object: MeshObject): SchemaIssue[] {
  const group = object.apiVersion.split('/')[0] ?? '';
  const schema = SCHEMAS.get(`${group}/${object.kind}`);
  if (!schema) return [];
  const issues: SchemaIssue[] = [];
  compare(object.raw, schema, [], issues);
  return issues;
}
