// Validation of text that is not saved: the editor's unsaved YAML is checked in place of the object it
// stands for, against everything else in the revision, with positions in that text.
import { formatRef, type MeshRevision } from '../core/index.js';
import type { ObjectRef, ValidateResponse } from '../api/schemas.js';
import { parseFile } from '../documents/parse.js';
import { PositionResolver } from '../documents/positions.js';
import { boundSentText, SENT } from './sent-text.js';
import { loadProblem, placeChecks } from './validation.js';

export function validateText(revision: MeshRevision, yaml: string, replaces: ObjectRef | undefined): ValidateResponse {
  const parsed = parseFile(yaml, SENT);
  const problems = parsed.problems.map((p) => ({ ...loadProblem(p), file: null }));
  if (parsed.objects.length === 0) return { objects: [], problems };
  boundSentText(parsed.objects);
  const present = new Set(revision.snapshot.objects.map(formatRef));
  // The sent objects replace what they stand for; a renamed object (`replaces`) goes away.
  const changes = [
    ...(replaces && present.has(formatRef(replaces)) && !parsed.objects.some((o) => formatRef(o) === formatRef(replaces)) ? [{ type: 'delete' as const, ref: replaces }] : []),
    ...parsed.objects.map((object) => ({ type: 'upsert' as const, object })),
  ];
  const validator = revision.validator().with(revision.engine.with(changes), changes).validator;
  const positions = new PositionResolver(new Map([[SENT, yaml]]));
  return {
    objects: parsed.objects.flatMap((object) => {
      const v = validator.validationOf(object);
      return v ? [{ kind: v.kind, apiVersion: v.apiVersion, namespace: v.namespace, name: v.name, valid: v.valid, checks: placeChecks(v.checks, positions, object.source) }] : [];
    }),
    problems,
  };
}
