// Paged lists. The first page fixes the result, as etcd serves every page at the first page's revision;
// later pages read it back through the continue token. A token whose revision was compacted, or whose result
// was evicted, gets 410 Expired, and the client has to start the list again.
import { randomUUID } from 'node:crypto';
import type { FakeResource } from './resources.js';
import type { FieldRequirement } from './selection.js';
import { badRequest, gone } from './status.js';
import type { KubeObject, ObjectStore } from './store.js';
import { serveObject } from './watch.js';

interface PagedResult {
  readonly resourceVersion: number;
  readonly items: readonly KubeObject[];
}

const KEPT_RESULTS = 16;

export class ListPager {
  private readonly results = new Map<string, PagedResult>();
  private readonly store: ObjectStore;

  constructor(store: ObjectStore) {
    this.store = store;
  }

  list(
    resource: FakeResource,
    version: string,
    namespace: string | undefined,
    fields: readonly FieldRequirement[],
    page: { limit: number | undefined; continueToken: string | undefined },
  ): KubeObject {
    let result: PagedResult;
    let id: string;
    let offset = 0;
    if (page.continueToken) {
      const token = decodeToken(page.continueToken);
      const kept = this.results.get(token.id);
      if (!kept || token.resourceVersion < this.store.oldestResourceVersion) {
        throw gone('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
      }
      result = kept;
      id = token.id;
      offset = token.offset;
    } else {
      result = {
        resourceVersion: this.store.resourceVersion,
        items: this.store.list(resource, namespace, fields).map((s) => servedItem(s.object, resource, version)),
      };
      id = randomUUID();
    }
    const end = page.limit !== undefined && page.limit > 0 ? Math.min(result.items.length, offset + page.limit) : result.items.length;
    let next: string | undefined;
    if (end < result.items.length) {
      this.keep(id, result);
      next = encodeToken({ id, offset: end, resourceVersion: result.resourceVersion });
    } else this.results.delete(id);
    return {
      kind: `${resource.kind}List`,
      apiVersion: resource.group ? `${resource.group}/${version}` : version,
      metadata: { resourceVersion: String(result.resourceVersion), ...(next ? { continue: next } : {}), ...(next ? { remainingItemCount: result.items.length - end } : {}) },
      items: result.items.slice(offset, end),
    };
  }

  private keep(id: string, result: PagedResult): void {
    this.results.delete(id);
    this.results.set(id, result);
    if (this.results.size > KEPT_RESULTS) this.results.delete(this.results.keys().next().value!);
  }
}

/** Items of built-in lists carry no kind or apiVersion (the list says it); custom resources keep theirs. */
function servedItem(object: KubeObject, resource: FakeResource, version: string): KubeObject {
  const served = serveObject(object, resource, version);
  if (resource.custom) return served;
  const item = { ...served };
  delete item.kind;
  delete item.apiVersion;
  return item;
}

interface ContinueToken {
  readonly id: string;
  readonly offset: number;
  readonly resourceVersion: number;
}

function encodeToken(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeToken(text: string): ContinueToken {
  try {
    const token: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (typeof token === 'object' && token !== null && 'id' in token && 'offset' in token && 'resourceVersion' in token) {
      const { id, offset, resourceVersion } = token;
      if (typeof id === 'string' && typeof offset === 'number' && typeof resourceVersion === 'number') return { id, offset, resourceVersion };
    }
  } catch {
    // falls through to the 400 below
  }
  throw badRequest('invalid continue token');
}
