// Walks an AuthorizationPolicy's rules as written, with the path of every value a check may point at.
import { field, isRecord, list } from '../../model/read.js';
import type { MeshObject } from '../../model/types.js';
import type { ObjectPath } from '../checker.js';

export interface ListEntry {
  readonly path: ObjectPath;
  readonly value: string;
}

// Loops, not nested flatMaps: several checkers walk every policy's rules, and flatMap is slow in V8.

/** `spec.rules` entries that are maps, with their index. */
export function rulesOf(ap: MeshObject): { rule: Readonly<Record<string, unknown>>; i: number }[] {
  const rules: { rule: Readonly<Record<string, unknown>>; i: number }[] = [];
  list(field(ap.raw, 'spec', 'rules')).forEach((rule, i) => {
    if (isRecord(rule)) rules.push({ rule, i });
  });
  return rules;
}

/** Every string of `rules[i].<side>[j].<block>.<key>[k]`. */
function entries(ap: MeshObject, side: 'from' | 'to', block: 'source' | 'operation', key: string): ListEntry[] {
  const found: ListEntry[] = [];
  for (const { rule, i } of rulesOf(ap)) {
    list(rule[side]).forEach((clause, j) => {
      list(field(clause, block, key)).forEach((value, k) => {
        if (typeof value === 'string') found.push({ path: ['spec', 'rules', i, side, j, block, key, k], value });
      });
    });
  }
  return found;
}

/** Every string of `rules[i].from[j].source.<key>[k]`. */
export function sourceEntries(ap: MeshObject, key: string): ListEntry[] {
  return entries(ap, 'from', 'source', key);
}

/** Every string of `rules[i].to[j].operation.<key>[k]`. */
export function operationEntries(ap: MeshObject, key: string): ListEntry[] {
  return entries(ap, 'to', 'operation', key);
}

/** `*` alone, `prefix*` and `*suffix`, as Istio's string matchers read them. */
export function wildcardMatches(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}
