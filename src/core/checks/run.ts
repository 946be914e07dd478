// The runner: every checker over every object it concerns, with silencing and the `valid` flag.
import { isConfigObject } from '../model/kinds.js';
import { appended, EMPTY, pushTo } from '../model/lists.js';
import type { MeshObject } from '../model/types.js';
import type { Checker, ObjectPath, Severity } from './checker.js';
import type { CheckContext } from './context.js';
import { formatPath } from './path.js';

export interface CheckResult {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly path: ObjectPath;
}

export interface ObjectValidation {
  readonly object: MeshObject;
  readonly kind: string;
  readonly apiVersion: string;
  readonly namespace: string;
  readonly name: string;
  /** false when any remaining check invalidates the object. */
  readonly valid: boolean;
  readonly checks: readonly CheckResult[];
}

/** Annotations that silence checks on one object: empty value = every code, else a comma list of codes. */
export const IGNORE_ANNOTATIONS = ['meshlock.io/ignore-validations', 'kiali.io/ignore-validations'] as const;

/**
 * Findings one check reports on one object; beyond this, one more finding says how many were left out. A
 * document with 60,000 misspelt keys gets a readable report (and a linear one) instead of 60,000 lines.
 */
export const MAX_FINDINGS_PER_CHECK = 100;

/** Codes dropped unless asked for, as Kiali's `kiali_feature_flags.validations.ignore` default does. */
export const DEFAULT_IGNORED_CODES: ReadonlySet<string> = new Set(['KIA1301']);


/** The codes silenced on an object: 'all', a set, or undefined when nothing is silenced. */
export function silencedCodes(object: MeshObject): 'all' | ReadonlySet<string> | undefined {
  let codes: Set<string> | undefined;
  for (const annotation of IGNORE_ANNOTATIONS) {
    const value = object.annotations[annotation];
    if (value === undefined) continue;
    const listed = value.split(',').map((c) => c.trim()).filter(Boolean);
    if (listed.length === 0) return 'all';
    codes ??= new Set();
    for (const code of listed) codes.add(code);
  }
  return codes;
}

/**
 * Checkers grouped by the kind they look at, in registry order, without those whose code is `ignored`: the
 * runner asks once per kind instead of once per object and checker.
 */
export function checkersByKind(checkers: readonly Checker[], ignored: ReadonlySet<string> = DEFAULT_IGNORED_CODES): ReadonlyMap<string, readonly Checker[]> {
  const byKind = new Map<string, Checker[]>();
  for (const checker of checkers) {
    if (ignored.has(checker.code)) continue;
    for (const kind of checker.kinds) pushTo(byKind, kind, checker);
  }
  return byKind;
}

/**
 * Runs the checkers of the object's kind (`checkersByKind`). Silenced checks are dropped before `valid` is
 * computed, so a silenced finding no longer invalidates (Kiali keeps `valid` as it was: see
 * docs/validations.md). Returns undefined for objects that are neither config nor concerned by any check.
 */
export function validateObject(object: MeshObject, ctx: CheckContext, byKind: ReadonlyMap<string, readonly Checker[]>): ObjectValidation | undefined {
  const checkers = byKind.get(object.kind);
  let checks: CheckResult[] | undefined;
  let valid = true;
  if (checkers) {
    const silenced = silencedCodes(object);
    // Most objects have no finding: the set that merges repeated ones is made for the first.
    let seen: Set<string> | undefined;
    // Index loops: every checker returns an array of its own shape, and a for-of over them went through
    // the generic iterator; this loop runs for each checker of each of tens of thousands of objects.
    for (let c = 0; c < checkers.length; c++) {
      const checker = checkers[c]!;
      if (silenced !== undefined && (silenced === 'all' || silenced.has(checker.code))) continue;
      const found = checker.check(object, ctx);
      let listed = 0;
      let left: { count: number; first: CheckResult } | undefined;
      for (let f = 0; f < found.length; f++) {
        const finding = found[f]!;
        const result: CheckResult = {
          code: checker.code,
          severity: finding.severity ?? checker.severity,
          message: finding.message ?? checker.message,
          path: finding.path,
        };
        // Kiali merges checks with the same path, severity and message into one.
        const key = `${result.code}|${formatPath(result.path)}|${result.severity}|${result.message}`;
        seen ??= new Set();
        if (seen.has(key)) continue;
        seen.add(key);
        if (finding.invalidates ?? checker.invalidates) valid = false;
        if (listed < MAX_FINDINGS_PER_CHECK) {
          checks = appended(checks, result);
          listed++;
        } else if (left) left.count++;
        else left = { count: 1, first: result };
      }
      if (left) {
        const more = `${left.count} more ${checker.code} ${left.count === 1 ? 'finding' : 'findings'} on this object ${left.count === 1 ? 'is' : 'are'} not listed`;
        checks = appended(checks, { ...left.first, message: `${more}, the first: ${left.first.message}` });
      }
    }
  }
  if (!checks && !isConfigObject(object)) return undefined;
  return { object, kind: object.kind, apiVersion: object.apiVersion, namespace: object.namespace, name: object.name, valid, checks: checks ?? EMPTY };
}

/** Every object of the snapshot, in load order. */
export function checkSnapshot(ctx: CheckContext, checkers: readonly Checker[], ignored: ReadonlySet<string> = DEFAULT_IGNORED_CODES): ObjectValidation[] {
  const byKind = checkersByKind(checkers, ignored);
  const results: ObjectValidation[] = [];
  for (const object of ctx.snapshot.objects) {
    const result = validateObject(object, ctx, byKind);
    if (result) results.push(result);
  }
  return results;
}
