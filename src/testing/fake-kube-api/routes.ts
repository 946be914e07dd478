// Request handling: the URL layout of kube-apiserver (`/api/v1/...`, `/apis/<group>/<version>/...`,
// `namespaces/<ns>/<plural>/<name>`), verbs from method and query, authorisation per bearer token, and
// errors as Status objects with the real codes.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { field, isRecord } from '../../core/index.js';
import type { AccessRules } from './access.js';
import type { ListPager } from './lists.js';
import type { FakeResource, ResourceTable } from './resources.js';
import { parseFieldSelector } from './selection.js';
import { badRequest, methodNotAllowed, pathNotFound, StatusError, success, unauthorized, unsupportedMediaType } from './status.js';
import type { KubeObject, ObjectStore } from './store.js';
import { serveObject, startWatch, type OpenWatch } from './watch.js';

export interface RouteContext {
  readonly table: ResourceTable;
  readonly store: ObjectStore;
  readonly pager: ListPager;
  readonly access: AccessRules;
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

function dryRunOf(query: Query): boolean {
  const value = query.dryRun;
  if (value === undefined) return false;
  if (value !== 'All') throw badRequest(`Unsupported value: "${value}": supported values: "All"`);
  return true;
}

function bodyObject(body: unknown): KubeObject {
  if (!isRecord(body)) throw badRequest('the request body must be a JSON object');
  return { ...body };
}

export function handler(context: RouteContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const method = request.method;
    context.stats.requests = (context.stats.requests ?? 0) + 1;
    try {
      const token = bearer(request.headers.authorization);
      if (!token || !context.access.authenticated(token)) throw unauthorized();
      const target = parsePath(request.url.split('?')[0] ?? '', context.table, context.address());
      if (target.type === 'document') {
        if (method !== 'GET') throw methodNotAllowed(`${method} is not allowed on discovery documents`);
        context.stats.discovery = (context.stats.discovery ?? 0) + 1;
        return target.body;
      }
      const query = request.query as Query;
      if (query.labelSelector) throw badRequest('labelSelector is not implemented by the fake API server');
      return handleResource(context, request, reply, token, target, query);
    } catch (error) {
      if (error instanceof StatusError) return reply.code(error.status.code).send(error.status);
      throw error;
    }
  };
}

function handleResource(
  context: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  target: Extract<Target, { type: 'resource' }>,
  query: Query,
): unknown {
  const { resource, version, name } = target;
  const namespace = target.namespace ?? '';
  const method = request.method;
  const authorise = (verb: string) => {
    const refusal = context.access.check({ token, verb, resource, namespace: target.namespace, ...(name !== undefined ? { name } : {}) });
    if (refusal) throw refusal;
    context.stats[verb] = (context.stats[verb] ?? 0) + 1;
  };
  if (resource.kind === 'SelfSubjectAccessReview') {
    if (method !== 'POST' || name !== undefined) throw methodNotAllowed('only create is supported on selfsubjectaccessreviews');
    return reply.code(201).send(accessReview(context, token, request.body));
  }
  if (method === 'GET' && name === undefined) {
    const fields = parseFieldSelector(query.fieldSelector);
    if (query.watch === '1' || query.watch === 'true') {
      authorise('watch');
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
    authorise('list');
    const limit = query.limit === undefined ? undefined : Number(query.limit);
    return context.pager.list(resource, version, target.namespace, fields, { limit, continueToken: query.continue });
  }
  if (method === 'GET') {
    authorise('get');
    return serveObject(context.store.get(resource, namespace, name!), resource, version);
  }
  if (method === 'POST' && name === undefined) {
    authorise('create');
    const created = context.store.create(resource, namespace, bodyObject(request.body), dryRunOf(query));
    return reply.code(201).send(serveObject(created, resource, version));
  }
  if (name === undefined) throw methodNotAllowed(`${method} is not supported on a collection by the fake API server`);
  if (method === 'PUT') {
    authorise('update');
    return serveObject(context.store.replace(resource, namespace, name, bodyObject(request.body), dryRunOf(query)), resource, version);
  }
  if (method === 'PATCH') {
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim();
    if (type !== 'application/merge-patch+json') throw unsupportedMediaType(type);
    authorise('patch');
    return serveObject(context.store.patch(resource, namespace, name, request.body, dryRunOf(query)), resource, version);
  }
  if (method === 'DELETE') {
    authorise('delete');
    const preconditions = field(request.body, 'preconditions');
    const resourceVersion = field(preconditions, 'resourceVersion');
    const uid = field(preconditions, 'uid');
    const deleted = context.store.delete(
      resource,
      namespace,
      name,
      { ...(typeof resourceVersion === 'string' ? { resourceVersion } : {}), ...(typeof uid === 'string' ? { uid } : {}) },
      dryRunOf(query),
    );
    // Custom resources answer a delete with a Status; built-in kinds with the object as it was.
    return resource.custom ? success(resource, name) : serveObject(deleted, resource, version);
  }
  throw methodNotAllowed(`${method} is not supported by the fake API server`);
}

/** SelfSubjectAccessReview: the same rules that guard requests answer "may I?". */
function accessReview(context: RouteContext, token: string, body: unknown): KubeObject {
  const attributes = field(body, 'spec', 'resourceAttributes');
  const group = String(field(attributes, 'group') ?? '');
  const plural = String(field(attributes, 'resource') ?? '');
  const verb = String(field(attributes, 'verb') ?? '');
  const namespace = field(attributes, 'namespace');
  const name = field(attributes, 'name');
  const resource = context.table.all.find((r) => r.group === group && r.plural === plural);
  const refusal = resource
    ? context.access.check({ token, verb, resource, namespace: typeof namespace === 'string' && namespace ? namespace : undefined, ...(typeof name === 'string' && name ? { name } : {}) })
    : undefined;
  const status = !resource
    ? { allowed: false, reason: `no resource "${plural}" in API group "${group}"` }
    : refusal
      ? { allowed: false, denied: true, reason: refusal.message }
      : { allowed: true, reason: 'allowed by the fake API server' };
  return { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: {}, spec: field(body, 'spec') ?? {}, status };
}
