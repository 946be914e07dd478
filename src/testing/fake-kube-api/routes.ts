// Request handling: the URL layout of kube-apiserver (`/api/v1/...`, `/apis/<group>/<version>/...`,
// `namespaces/<ns>/<plural>/<name>`), the read verbs (get, list, watch) for any bearer token, and errors as
// Status objects with the real codes.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ListPager } from './lists.js';
import type { FakeResource, ResourceTable } from './resources.js';
import { parseFieldSelector } from './selection.js';
import { badRequest, methodNotAllowed, pathNotFound, StatusError, unauthorized } from './status.js';
import type { ObjectStore } from './store.js';
import { serveObject, startWatch, type OpenWatch } from './watch.js';

export interface RouteContext {
  readonly table: ResourceTable;
  readonly store: ObjectStore;
  readonly pager: ListPager;
  readonly watches: Set<OpenWatch>;
  readonly bookmarkIntervalMs: number;
  readonly stats: Record<string, number>;
  readonly address: () => string;
}

type Target =
  | { readonly type: 'document'; readonly body: unknown }
  | { readonly type: 'resource'; readonly resource: FakeResource; readonly version: string; readonly namespace: string | undefined; readonly name: string | undefined };

type Query = Readonly<Record<string, string | undefined>>;

function parsePath(path: string, table: ResourceTable, address: string): Target {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string | undefined;
  let rest: string[];
  if (parts[0] === 'api') {
    if (parts.length === 1) {
      return { type: 'document', body: { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: address }] } };
    }
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else {
    if (parts.length === 1) return { type: 'document', body: table.apiGroupList() };
    group = parts[1]!;
    if (parts.length === 2) {
      const body = table.apiGroup(group);
      if (!body) throw pathNotFound(path);
      return { type: 'document', body };
    }
    version = parts[2];
    rest = parts.slice(3);
  }
  if (version === undefined) throw pathNotFound(path);
  if (rest.length === 0) {
    const body = table.resourceList(group, version);
    if (!body) throw pathNotFound(path);
    return { type: 'document', body };
  }
  const namespaced = rest[0] === 'namespaces' && rest.length >= 3;
  const [namespace, plural, name, ...extra] = namespaced ? rest.slice(1) : [undefined, ...rest];
  const resource = plural === undefined ? undefined : table.byPlural(group, version, plural);
  // Subresources (status, scale, ...) are not part of this fake.
  if (!resource || extra.length > 0 || (namespace !== undefined && !resource.namespaced)) throw pathNotFound(path);
  return { type: 'resource', resource, version, namespace, name };
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

export function handler(context: RouteContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const method = request.method;
    context.stats.requests = (context.stats.requests ?? 0) + 1;
    try {
      if (!bearer(request.headers.authorization)) throw unauthorized();
      const target = parsePath(request.url.split('?')[0] ?? '', context.table, context.address());
      if (target.type === 'document') {
        if (method !== 'GET') throw methodNotAllowed(`${method} is not allowed on discovery documents`);
        context.stats.discovery = (context.stats.discovery ?? 0) + 1;
        return target.body;
      }
      const query = request.query as Query;
      if (query.labelSelector) throw badRequest('labelSelector is not implemented by the fake API server');
      if (method !== 'GET') throw methodNotAllowed(`${method} is not supported: the fake API server only reads`);
      return handleResource(context, reply, target, query);
    } catch (error) {
      if (error instanceof StatusError) return reply.code(error.status.code).send(error.status);
      throw error;
    }
  };
}

function handleResource(context: RouteContext, reply: FastifyReply, target: Extract<Target, { type: 'resource' }>, query: Query): unknown {
  const { resource, version, name } = target;
  const count = (verb: string) => (context.stats[verb] = (context.stats[verb] ?? 0) + 1);
  if (name !== undefined) {
    count('get');
    return serveObject(context.store.get(resource, target.namespace ?? '', name), resource, version);
  }
  const fields = parseFieldSelector(query.fieldSelector);
  if (query.watch === '1' || query.watch === 'true') {
    count('watch');
    reply.hijack();
    const watch = startWatch(
      reply.raw,
      context.store,
      {
        resource,
        version,
        namespace: target.namespace,
        fields,
        resourceVersion: query.resourceVersion,
        bookmarks: query.allowWatchBookmarks === 'true' || query.allowWatchBookmarks === '1',
        timeoutSeconds: query.timeoutSeconds === undefined ? undefined : Number(query.timeoutSeconds),
      },
      { bookmarkIntervalMs: context.bookmarkIntervalMs, onClose: (w) => context.watches.delete(w) },
    );
    if (!reply.raw.writableEnded) context.watches.add(watch);
    return reply;
  }
  count('list');
  const limit = query.limit === undefined ? undefined : Number(query.limit);
  return context.pager.list(resource, version, target.namespace, fields, { limit, continueToken: query.continue });
}
