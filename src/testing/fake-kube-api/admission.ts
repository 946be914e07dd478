// What the API server rejects with 422 before storing: names that are not DNS subdomains, and the Istio enum
// values and required fields its CRD schemas enforce. The enum rules come from the engine's own reader, so
// the fake rejects exactly what the engine would refuse to use.
import { field, isRecord, normalizeObject } from '../../core/index.js';
import type { FakeResource } from './resources.js';
import { invalid, type StatusCause } from './status.js';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function admit(resource: FakeResource, object: Record<string, unknown>): void {
  const name = String(field(object, 'metadata', 'name') ?? '');
  const causes: StatusCause[] = [];
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    causes.push({ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'` });
  }
  if (resource.kind === 'DestinationRule' && typeof field(object, 'spec', 'host') !== 'string') {
    causes.push({ reason: 'FieldValueRequired', field: 'spec.host', message: 'Required value' });
  }
  if (resource.custom && object.spec !== undefined && !isRecord(object.spec)) {
    causes.push({ reason: 'FieldValueTypeInvalid', field: 'spec', message: `Invalid value: "${typeof object.spec}": spec in body must be of type object` });
  }
  const normalized = normalizeObject(object, undefined);
  if (normalized.type === 'problem' && normalized.problem.code === 'invalid-value' && normalized.problem.path) {
    const path = normalized.problem.path.join('.');
    causes.push({ reason: 'FieldValueNotSupported', field: path, message: normalized.problem.message.replace(/^.* is ignored: /, 'Unsupported value: ') });
  }
  if (causes.length > 0) throw invalid(resource, name, causes);
}
