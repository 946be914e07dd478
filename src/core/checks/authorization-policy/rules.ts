// Walks an AuthorizationPolicy's rules as written, with the path of every value a check may point at.
import { field, isRecord, list } from '../../model/read.js';
import type { MeshObject } from '../../model/types.js';
import type { ObjectPath } from '../checker.js';

export interface ListEntry {
  readonly path: ObjectPath;
  readonly value: string;
}

/** `spec.rules` entries that are maps, with their index. */
export function rulesOf(ap: MeshObject): { rule: Readonly<Record<string, unknown>>; i: number }[] {
  return list(field(ap.raw, 'spec', 'rules')).flatMap((rule, i) => (isRecord(rule) ? [{ rule, i }] : []));
}

/** Every string of `rules[i].from[j].source.<key>[k]`. */
export function sourceEntries(ap: MeshObject, key: string): ListEntry[] {
  return rulesOf(ap).flatMap(({ rule, i }) =>
    list(rule.from).flatMap((from, j) =>
      list(field(from, 'source', key)).flatMap((value, k) =>
        typeof value === 'string' ? [{ path: ['spec', 'rules', i, 'from', j, 'source', key, k], value }] : [],
      ),
    ),
  );
}

/** Every string of `rules[i].to[j].operation.<key>[k]`. */
export function operationEntries(ap: MeshObject, key: string): ListEntry[] {
  return rulesOf(ap).flatMap(({ rule, i }) =>
    list(rule.to).flatMap((to, j) =>
      list(field(to, 'operation', key)).flatMap((value, k) =>
        typeof value === 'string' ? [{ path: ['spec', 'rules', i, 'to', j, 'operation', key, k], value }] : [],
      ),
    ),
  );
}

/** `*` alone, `prefix*` and `*suffix`, as Istio's string matchers read them. */
export function wildcardMatches(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}
