// Small readers for untrusted parsed YAML. They never throw: a wrong type reads as absent,
// and the schema checks (not the engine) report it.
import { EMPTY } from './lists.js';

export type Json = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function field(value: unknown, ...path: string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Numbers, and strings made of digits (YAML map keys such as portLevelMtls "8080"). */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

export function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : EMPTY;
}

/** The strings of a list; an absent or empty one is the shared empty list (objects keep it). */
export function stringList(value: unknown): readonly string[] {
  if (!Array.isArray(value) || value.length === 0) return EMPTY;
  return value.every((v) => typeof v === 'string') ? (value as string[]) : value.filter((v): v is string => typeof v === 'string');
}

/**
 * A string map (labels, matchLabels); non-string values are dropped. A map of strings only (nearly every
 * one) is returned as it is, not copied: parsed documents are never changed, and thousands of objects
 * each keep their labels and annotations.
 */
export function stringMap(value: unknown): Readonly<Record<string, string>> {
  if (!isRecord(value)) return NO_STRINGS;
  if (Object.getPrototypeOf(value) === Object.prototype && onlyStrings(value)) return value as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}

/** The one map of every object without labels or annotations, as EMPTY is for lists. */
const NO_STRINGS: Readonly<Record<string, string>> = Object.freeze({});

function onlyStrings(record: Json): boolean {
  for (const key in record) if (typeof record[key] !== 'string') return false;
  return true;
}

export function nonEmpty<T extends object>(labels: T): T | undefined {
  return Object.keys(labels).length > 0 ? labels : undefined;
}
