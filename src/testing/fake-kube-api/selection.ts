// Field selectors as kube-apiserver accepts them for every resource: metadata.name and metadata.namespace
// with =, == or !=, comma-separated (all must hold). Anything else is a 400, as it is for most kinds.
import { badRequest } from './status.js';

export interface FieldRequirement {
  readonly field: 'metadata.name' | 'metadata.namespace';
  readonly equals: boolean;
  readonly value: string;
}

export function parseFieldSelector(text: string | undefined): FieldRequirement[] {
  if (!text) return [];
  return text.split(',').map((part) => {
    const match = /^([^!=]+)(==|=|!=)(.*)$/.exec(part.trim());
    if (!match) throw badRequest(`invalid field selector: ${part}`);
    const field = match[1]!.trim();
    if (field !== 'metadata.name' && field !== 'metadata.namespace') throw badRequest(`field label not supported: ${field}`);
    return { field, equals: match[2] !== '!=', value: match[3]!.trim() };
  });
}

export function fieldsMatch(requirements: readonly FieldRequirement[], namespace: string, name: string): boolean {
  return requirements.every((r) => ((r.field === 'metadata.name' ? name : namespace) === r.value) === r.equals);
}
