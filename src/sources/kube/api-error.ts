// A failed API call, with what kube-apiserver's Status said: the code, the reason and the message written
// for people ("peerauthentications.security.istio.io \"x\" is forbidden: User ...").
import { field, isRecord } from '../../core/index.js';
import type { FieldCause } from '../../documents/object-yaml.js';

export class KubeApiError extends Error {
  readonly status: number;
  /** Status.reason: Forbidden, Conflict, AlreadyExists, Invalid, NotFound, Expired, ... */
  readonly reason: string;
  readonly causes: readonly FieldCause[];

  constructor(status: number, reason: string, message: string, causes: readonly FieldCause[] = []) {
    super(message);
    this.name = 'KubeApiError';
    this.status = status;
    this.reason = reason;
    this.causes = causes;
  }
}

/** How kube-apiserver writes the field of a cause that concerns the whole object. */
const NO_FIELD = '<nil>';

/** The error for a non-2xx answer; the Status body when there is one, else the HTTP code in words. */
export function apiError(status: number, body: unknown, what: string): KubeApiError {
  if (isRecord(body) && body.kind === 'Status') {
    const causes: FieldCause[] = [];
    const listed = field(body, 'details', 'causes');
    if (Array.isArray(listed)) {
      for (const cause of listed) causes.push({ field: String(field(cause, 'field') ?? ''), message: String(field(cause, 'message') ?? '') });
    }
    // With a schema error, a CRD's CEL rules are skipped and kube-apiserver adds a cause without a field
    // ("<nil>: ... some validation rules were not checked"): it belongs to no line, and the message has it.
    const placed = causes.filter((c) => c.field !== NO_FIELD);
    if (placed.length > 0 && placed.length < causes.length) causes.splice(0, causes.length, ...placed);
    return new KubeApiError(status, String(body.reason ?? ''), String(body.message ?? `${what}: HTTP ${status}`), causes);
  }
  const text = typeof body === 'string' && body.trim() ? `: ${body.trim().slice(0, 200)}` : '';
  return new KubeApiError(status, '', `${what}: HTTP ${status}${text}`);
}

/** A short message for any thrown value (network errors carry their code: ECONNREFUSED, ENOTFOUND). */
export function describeError(error: unknown): string {
  if (error instanceof KubeApiError) return error.message;
  if (error instanceof Error) {
    const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
    return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
