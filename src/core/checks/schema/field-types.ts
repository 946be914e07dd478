// A small description language for the fields of Istio kinds, and the walk that compares a document with
// it. The API server (CRD structural schema) and istiod reject or silently drop what does not fit.
import { isRecord } from '../../model/read.js';
import type { ObjectPath } from '../checker.js';

export type FieldType =
  | { readonly type: 'string' | 'boolean' | 'integer' | 'number' | 'any' | 'duration' }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'object'; readonly fields: Readonly<Record<string, FieldType>>; readonly required?: readonly string[] }
  | { readonly type: 'list'; readonly items: FieldType }
  | { readonly type: 'map'; readonly values: FieldType; readonly keys?: 'port' };

export const string: FieldType = { type: 'string' };
export const boolean: FieldType = { type: 'boolean' };
export const integer: FieldType = { type: 'integer' };
export const number: FieldType = { type: 'number' };
export const any: FieldType = { type: 'any' };
export const duration: FieldType = { type: 'duration' };
export const oneOf = (...values: string[]): FieldType => ({ type: 'enum', values });
export const object = (fields: Record<string, FieldType>, required: string[] = []): FieldType => ({ type: 'object', fields, required });
export const listOf = (items: FieldType): FieldType => ({ type: 'list', items });
export const mapOf = (values: FieldType, keys?: 'port'): FieldType => ({ type: 'map', values, ...(keys ? { keys } : {}) });
export const strings = listOf(string);
export const labels = mapOf(string);

export type SchemaIssue =
  | { readonly kind: 'unknown-field'; readonly path: ObjectPath; readonly field: string; readonly suggestion: string | undefined }
  | { readonly kind: 'wrong-type'; readonly path: ObjectPath; readonly expected: string; readonly actual: string }
  | { readonly kind: 'enum'; readonly path: ObjectPath; readonly value: unknown; readonly allowed: readonly string[] }
  | { readonly kind: 'required'; readonly path: ObjectPath; readonly field: string };

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Date) return 'timestamp';
  if (isRecord(value)) return 'map';
  return typeof value;
}

/** Levenshtein distance, for "did you mean" on unknown fields. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min(current + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

function suggest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(name.length / 4)) + 1 ? best : undefined;
}

const DURATION = /^(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+$/;

function describe(type: FieldType): string {
  switch (type.type) {
    case 'enum':
      return 'string';
    case 'object':
    case 'map':
      return 'map';
    case 'duration':
      return 'duration string (e.g. 10s)';
    default:
      return type.type;
  }
}

function wrongType(value: unknown, type: FieldType, path: readonly (string | number)[], issues: SchemaIssue[]): void {
  issues.push({ kind: 'wrong-type', path: [...path], expected: describe(type), actual: typeName(value) });
}

/** Every place where `value` does not fit `type`, depth first in document order. */
export function compare(value: unknown, type: FieldType, path: ObjectPath, issues: SchemaIssue[]): void {
  walk(value, type, [...path], issues);
}

/**
 * `path` is one stack shared by the whole walk, copied only into an issue: most fields fit, and a copy per
 * visited field was most of the walk's garbage.
 */
function walk(value: unknown, type: FieldType, path: (string | number)[], issues: SchemaIssue[]): void {
  if (value === null || value === undefined || type.type === 'any') return;
  // The walk runs over every field of every Istio object: no closure or entry array per visited field.
  switch (type.type) {
    case 'string':
      if (typeof value !== 'string') wrongType(value, type, path, issues);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') wrongType(value, type, path, issues);
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) wrongType(value, type, path, issues);
      return;
    case 'number':
      if (typeof value !== 'number') wrongType(value, type, path, issues);
      return;
    case 'duration':
      if (typeof value !== 'string' || !DURATION.test(value)) wrongType(value, type, path, issues);
      return;
    case 'enum':
      if (typeof value !== 'string' || !type.values.includes(value)) issues.push({ kind: 'enum', path: [...path], value, allowed: type.values });
      return;
    case 'list':
      if (!Array.isArray(value)) return wrongType(value, type, path, issues);
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        walk(value[i], type.items, path, issues);
        path.pop();
      }
      return;
    case 'map':
      if (!isRecord(value)) return wrongType(value, type, path, issues);
      for (const key in value) {
        path.push(key);
        if (type.keys === 'port' && !/^\d+$/.test(key)) issues.push({ kind: 'wrong-type', path: [...path], expected: 'port number key', actual: 'string' });
        walk(value[key], type.values, path, issues);
        path.pop();
      }
      return;
    case 'object': {
      if (!isRecord(value)) return wrongType(value, type, path, issues);
      for (const key in value) {
        const fieldType = type.fields[key];
        path.push(key);
        if (fieldType) walk(value[key], fieldType, path, issues);
        else issues.push({ kind: 'unknown-field', path: [...path], field: key, suggestion: suggest(key, Object.keys(type.fields)) });
        path.pop();
      }
      for (const name of type.required ?? []) {
        if (value[name] === undefined || value[name] === null) issues.push({ kind: 'required', path: [...path, name], field: name });
      }
    }
  }
}
