// `Status` objects with the codes, reasons and message wording kube-apiserver uses, so a client tested here
// meets the same text it will meet in a cluster.
import { qualifiedResource, type FakeResource } from './resources.js';

export interface StatusCause {
  readonly reason: string;
  readonly message: string;
  readonly field: string;
}

export interface KubeStatus {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Failure' | 'Success';
  readonly message: string;
  readonly reason: string;
  readonly details?: { name?: string; group?: string; kind?: string; causes?: readonly StatusCause[] };
  readonly code: number;
}

/** Thrown by the store and caught by the routes, which send it with its code. */
export class StatusError extends Error {
  readonly status: KubeStatus;
  constructor(status: KubeStatus) {
    super(status.message);
    this.status = status;
  }
}

function failure(code: number, reason: string, message: string, details?: KubeStatus['details']): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code });
}

const detailsOf = (r: FakeResource, name?: string) => ({ ...(name ? { name } : {}), group: r.group, kind: r.plural });

export const notFound = (r: FakeResource, name: string) => failure(404, 'NotFound', `${qualifiedResource(r)} "${name}" not found`, detailsOf(r, name));

export const alreadyExists = (r: FakeResource, name: string) => failure(409, 'AlreadyExists', `${qualifiedResource(r)} "${name}" already exists`, detailsOf(r, name));

export const conflict = (r: FakeResource, name: string) =>
  failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(r)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    detailsOf(r, name),
  );

export const preconditionFailed = (r: FakeResource, name: string, wanted: string, actual: string) =>
  failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(r)} "${name}": Precondition failed: ResourceVersion in precondition: ${wanted}, ResourceVersion in object meta: ${actual}`, detailsOf(r, name));

export const invalid = (r: FakeResource, name: string, causes: readonly StatusCause[]) =>
  failure(
    422,
    'Invalid',
    `${r.kind}.${r.group || 'core'} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`,
    { ...detailsOf(r, name), kind: r.kind, causes },
  );

export const forbidden = (message: string, r: FakeResource | undefined, name?: string) => failure(403, 'Forbidden', message, r ? detailsOf(r, name) : undefined);

export const unauthorized = () => failure(401, 'Unauthorized', 'Unauthorized');

export const badRequest = (message: string) => failure(400, 'BadRequest', message);

export const gone = (message: string) => failure(410, 'Expired', message);

export const pathNotFound = (path: string) => failure(404, 'NotFound', `the server could not find the requested resource (${path})`);

export const methodNotAllowed = (message: string) => failure(405, 'MethodNotAllowed', message);

export const unsupportedMediaType = (type: string) => failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got ${type}); this fake server implements merge patch only`);

export function success(r: FakeResource, name: string): KubeStatus {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', message: '', reason: '', details: detailsOf(r, name), code: 200 };
}
