// Create, replace, merge-patch and delete with resourceVersion preconditions, and the same with
// `dryRun=All` so admission errors show before anything is saved. Refusals become SourceWriteError with a
// message for the person who pressed Save; a conflict carries the object as it is now.
import { field, isRecord } from '../../core/index.js';
import type { FieldCause, RawObject } from '../../documents/object-yaml.js';
import { apiError, describeError } from './api-error.js';
import { collectionPath, objectPath, type ServedKind } from './kinds.js';
import type { KubeResponse, KubeTransport } from './transport.js';

/** Where a raw write goes. */
export interface WriteTarget {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/**
 * A write of raw objects to the API server. Every change but create names the version it was based on:
 * the server refuses it (409) when the object changed since.
 */
export type KubeWriteRequest =
  | { readonly op: 'create'; readonly object: RawObject; readonly dryRun?: boolean }
  /** `object.metadata.resourceVersion` is the version that was edited. */
  | { readonly op: 'replace'; readonly object: RawObject; readonly dryRun?: boolean }
  | { readonly op: 'merge-patch'; readonly target: WriteTarget; readonly patch: RawObject; readonly resourceVersion: string; readonly dryRun?: boolean }
  | { readonly op: 'delete'; readonly target: WriteTarget; readonly resourceVersion: string; readonly dryRun?: boolean };

export interface KubeWriteResult {
  /** The object as stored (or as it would be, for a dry run); undefined after a delete. */
  readonly object: RawObject | undefined;
  readonly dryRun: boolean;
}

export type WriteErrorCode = 'conflict' | 'already-exists' | 'forbidden' | 'invalid' | 'not-found' | 'unsupported' | 'unavailable';

/** A write the API server refused. `message` is written for the person who pressed Save. */
export class SourceWriteError extends Error {
  readonly code: WriteErrorCode;
  readonly causes: readonly FieldCause[];
  /** For a conflict: the object as it is now, so the editor can offer "reload" or "re-apply my change". */
  readonly current: RawObject | undefined;

  constructor(code: WriteErrorCode, message: string, details: { causes?: readonly FieldCause[]; current?: RawObject; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'SourceWriteError';
    this.code = code;
    this.causes = details.causes ?? [];
    this.current = details.current;
  }
}

/** The plural and scope of a kind the source reads; writes are limited to those kinds. */
export type KindLookup = (group: string, kind: string) => ServedKind | undefined;

const label = (t: WriteTarget) => `${t.kind} ${t.namespace ? `${t.namespace}/` : ''}${t.name}`;

function targetOf(object: RawObject): WriteTarget {
  return {
    apiVersion: String(object.apiVersion ?? ''),
    kind: String(object.kind ?? ''),
    namespace: String(field(object, 'metadata', 'namespace') ?? ''),
    name: String(field(object, 'metadata', 'name') ?? ''),
  };
}

/** The URL parts for the target's own apiVersion (what kubectl does), with the plural discovery found. */
function resolve(lookup: KindLookup, target: WriteTarget): ServedKind {
  const [group, version] = target.apiVersion.includes('/') ? target.apiVersion.split('/') : ['', target.apiVersion];
  const served = lookup(group ?? '', target.kind);
  if (!served || !version) {
    throw new SourceWriteError('unsupported', `meshlock does not write ${target.kind} (${target.apiVersion || 'no apiVersion'}); only the kinds it reads from this cluster`);
  }
  if (!target.name) throw new SourceWriteError('invalid', `${target.kind} has no metadata.name`, { causes: [{ field: 'metadata.name', message: 'Required value' }] });
  if (served.namespaced && !target.namespace) {
    throw new SourceWriteError('invalid', `${target.kind} ${target.name} has no metadata.namespace`, { causes: [{ field: 'metadata.namespace', message: 'Required value' }] });
  }
  return { ...served, version, apiVersion: target.apiVersion };
}

export async function performWrite(transport: KubeTransport, lookup: KindLookup, request: KubeWriteRequest): Promise<KubeWriteResult> {
  const dryRun = request.dryRun === true;
  const query = dryRun ? { dryRun: 'All' } : {};
  const target = request.op === 'create' || request.op === 'replace' ? targetOf(request.object) : request.target;
  const served = resolve(lookup, target);
  const edited = request.op === 'replace' ? field(request.object, 'metadata', 'resourceVersion') : request.op === 'create' ? undefined : request.resourceVersion;
  if (request.op === 'replace' && (typeof edited !== 'string' || edited === '')) {
    throw new SourceWriteError('invalid', `${label(target)}: metadata.resourceVersion is missing; meshlock saves only over the version you loaded`, {
      causes: [{ field: 'metadata.resourceVersion', message: 'Required value' }],
    });
  }
  let response: KubeResponse;
  try {
    switch (request.op) {
      case 'create':
        response = await transport.request('POST', collectionPath(served, served.namespaced ? target.namespace : undefined), { query, body: request.object });
        break;
      case 'replace':
        response = await transport.request('PUT', objectPath(served, target.namespace, target.name), { query, body: request.object });
        break;
      case 'merge-patch': {
        // A resourceVersion inside a merge patch is a precondition: the server refuses it when the object moved on.
        const metadata = isRecord(request.patch.metadata) ? request.patch.metadata : {};
        const body = { ...request.patch, metadata: { ...metadata, resourceVersion: request.resourceVersion } };
        response = await transport.request('PATCH', objectPath(served, target.namespace, target.name), { query, body, contentType: 'application/merge-patch+json' });
        break;
      }
      case 'delete':
        response = await transport.request('DELETE', objectPath(served, target.namespace, target.name), {
          query,
          body: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { resourceVersion: request.resourceVersion } },
        });
        break;
    }
  } catch (error) {
    throw new SourceWriteError('unavailable', `${label(target)} was not saved: cannot reach the API server at ${transport.server}: ${describeError(error)}`, { cause: error });
  }
  if (response.status >= 200 && response.status < 300) {
    return { object: request.op === 'delete' || !isRecord(response.body) ? undefined : response.body, dryRun };
  }
  throw await refusal(transport, served, target, typeof edited === 'string' ? edited : undefined, response);
}

async function refusal(transport: KubeTransport, served: ServedKind, target: WriteTarget, edited: string | undefined, response: KubeResponse): Promise<SourceWriteError> {
  const error = apiError(response.status, response.body, `${label(target)}`);
  switch (response.status) {
    case 409: {
      if (error.reason === 'AlreadyExists') {
        return new SourceWriteError('already-exists', `${label(target)} already exists; open it to edit it, or choose another name`, { cause: error });
      }
      const current = await transport.request('GET', objectPath(served, target.namespace, target.name)).catch(() => undefined);
      if (current?.status === 404) {
        return new SourceWriteError('conflict', `${label(target)} was deleted by someone else after you loaded it; your change was not saved. Create it again if you still want it.`, { cause: error });
      }
      const now = isRecord(current?.body) && current.status === 200 ? current.body : undefined;
      const version = field(now, 'metadata', 'resourceVersion');
      return new SourceWriteError(
        'conflict',
        `${label(target)} was changed by someone else after you loaded it (you edited version ${edited ?? '?'}; it is now version ${typeof version === 'string' ? version : '?'}). ` +
          'Your change was not saved. Reload to see the current version, or re-apply your change on top of it.',
        { ...(now ? { current: now } : {}), cause: error },
      );
    }
    case 403:
      return new SourceWriteError('forbidden', error.message, { cause: error });
    case 404:
      return new SourceWriteError('not-found', `${label(target)} does not exist (it may have been deleted)`, { cause: error });
    case 400:
    case 422:
      return new SourceWriteError('invalid', error.message, { causes: error.causes, cause: error });
    default:
      return new SourceWriteError('unavailable', `${label(target)} was not saved: ${error.message}`, { cause: error });
  }
}
