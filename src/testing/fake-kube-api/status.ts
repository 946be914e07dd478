// `Status` objects with the codes, reasons and message wording kube-apiserver uses, so a client tested here
// meets the same text it will meet in a cluster.
import { qualifiedResource, type FakeResource } from './resources.js';

export interface KubeStatus {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Failure' | 'Success';
  readonly message: string;
  readonly reason: string;
  readonly details?: { name?: string; group?: string; kind?: string };
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

export const unauthorized = () => failure(401, 'Unauthorized', 'Unauthorized');

export const badRequest = (message: string) => failure(400, 'BadRequest', message);

export const gone = (message: string) => failure(410, 'Expired', message);

export const pathNotFound = (path: string) => failure(404, 'NotFound', `the server could not find the requested resource (${path})`);

export const methodNotAllowed = (message: string) => failure(405, 'MethodNotAllowed', message);
