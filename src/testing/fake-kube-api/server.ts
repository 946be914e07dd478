// A Kubernetes API server that is honest about the parts meshlock relies on: discovery, paged lists with a
// resourceVersion, watches with bookmarks that replay a bounded history (410 Gone beyond it), writes with
// resourceVersion preconditions (409), dry runs, 403 per token and namespace, and SelfSubjectAccessReview.
// Tests drive the failure cases through its controls: drop every open watch, compact the history, forbid.
import { writeFileSync } from 'node:fs';
import Fastify from 'fastify';
import { parseText } from '../../documents/parse.js';
import { AccessRules, type TokenPolicy } from './access.js';
import { ListPager } from './lists.js';
import { DEFAULT_RESOURCES, ResourceTable, withServedVersions } from './resources.js';
import { handler } from './routes.js';
import { ObjectStore, type KubeObject } from './store.js';
import type { OpenWatch } from './watch.js';

export interface FakeKubeApiOptions {
  /** Events kept for watches (default 1,000); a watch from an older resourceVersion gets 410. */
  readonly historyLimit?: number;
  /** Per API group, the only versions served (e.g. networking.istio.io: ['v1beta1']), as an older Istio does. */
  readonly servedVersions?: Readonly<Record<string, readonly string[]>>;
  /** How often watches that asked for bookmarks get one (default 1 s; kube-apiserver sends about one a minute). */
  readonly bookmarkIntervalMs?: number;
  readonly now?: () => Date;
}

export interface FakeKubeApi {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly access: AccessRules;
  /** Requests seen, by verb (list, watch, get, create, update, patch, delete) plus `requests` and `discovery`. */
  readonly stats: Readonly<Record<string, number>>;
  /**
   * Creates every object of a YAML text, Namespaces first. A namespace an object needs is created too, and
   * a Namespace document loaded later replaces that stand-in, so files may come in any order.
   */
  load(yamlText: string, file?: string): void;
  create(object: KubeObject): KubeObject;
  replace(object: KubeObject): KubeObject;
  remove(apiVersion: string, kind: string, namespace: string, name: string): void;
  /** Every stored object, as stored. */
  objects(): KubeObject[];
  readonly resourceVersion: number;
  openWatches(): number;
  /** Cuts every open watch connection; returns how many. */
  dropWatches(): number;
  /** Forgets the event history: every watch from before now gets 410 Gone. */
  compact(): void;
  /** Sends a bookmark on every open watch that asked for them. */
  bookmark(): void;
  forbidNamespace(token: string, namespace: string): void;
  setPolicy(token: string, policy: TokenPolicy): void;
  /** A kubeconfig (YAML) for this server with the given bearer token. */
  kubeconfig(token?: string): string;
  writeKubeconfig(path: string, token?: string): void;
  close(): Promise<void>;
}

export async function startFakeKubeApi(options: FakeKubeApiOptions = {}): Promise<FakeKubeApi> {
  const table = new ResourceTable(withServedVersions(DEFAULT_RESOURCES, options.servedVersions ?? {}));
  const store = new ObjectStore({ historyLimit: options.historyLimit ?? 1000, now: options.now ?? (() => new Date()) });
  const access = new AccessRules();
  const watches = new Set<OpenWatch>();
  const stats: Record<string, number> = {};
  let address = '';
  const app = Fastify({ logger: false, bodyLimit: 16 * 1024 * 1024 });
  app.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(String(body)));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  // Other patch types are read as text so the route can answer 415, as a server without them would.
  app.addContentTypeParser(['application/json-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'], { parseAs: 'string' }, (_r, body, done) =>
    done(null, String(body)),
  );
  const handle = handler({ table, store, pager: new ListPager(store), access, watches, bookmarkIntervalMs: options.bookmarkIntervalMs ?? 1000, stats, address: () => address });
  for (const url of ['/api', '/api/*', '/apis', '/apis/*']) app.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url, handler: handle });
  app.get('/version', async () => ({ major: '1', minor: '32', gitVersion: 'v1.32.0-meshlock-fake', platform: 'linux/amd64' }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  address = `127.0.0.1:${port}`;
  const url = `http://${address}`;

  const resourceOf = (object: KubeObject) => {
    const resource = table.byKind(String(object.apiVersion ?? ''), String(object.kind ?? ''));
    if (!resource) throw new Error(`fake API server: no resource for ${String(object.apiVersion)} ${String(object.kind)}`);
    return resource;
  };
  const namespaceOf = (object: KubeObject) => {
    const metadata = object.metadata as Record<string, unknown> | undefined;
    return typeof metadata?.namespace === 'string' ? metadata.namespace : 'default';
  };
  const nameOf = (object: KubeObject) => String((object.metadata as Record<string, unknown> | undefined)?.name ?? '');
  const namespaceResource = table.byKind('v1', 'Namespace')!;
  /** Namespaces `load` made because an object needed one; a later Namespace document replaces them. */
  const implicit = new Set<string>();
  const ensureNamespace = (namespace: string) => {
    if (!store.has(namespaceResource, '', namespace)) {
      store.create(namespaceResource, '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, false);
      implicit.add(namespace);
    }
  };
  const create = (object: KubeObject) => {
    const resource = resourceOf(object);
    if (resource.namespaced) ensureNamespace(namespaceOf(object));
    return store.create(resource, resource.namespaced ? namespaceOf(object) : '', object, false);
  };
  const loadOne = (object: KubeObject) => {
    const name = nameOf(object);
    if (object.kind !== 'Namespace' || !implicit.delete(name)) return create(object);
    const version = (store.get(namespaceResource, '', name).metadata as Record<string, unknown>).resourceVersion;
    return store.replace(namespaceResource, '', name, { ...object, metadata: { ...(object.metadata as object), resourceVersion: version } }, false);
  };

  return {
    url,
    access,
    stats,
    load(yamlText, file = 'fixture.yaml') {
      const parsed = parseText(yamlText, file);
      if (parsed.problems.length > 0) throw new Error(`fake API server: cannot load ${file}: ${parsed.problems[0]!.message}`);
      // Namespaces first, as `kubectl apply` needs them; objects without a namespace go to `default`, as there.
      const ordered = [...parsed.objects].sort((a, b) => Number(b.kind === 'Namespace') - Number(a.kind === 'Namespace'));
      for (const object of ordered) {
        const metadata = { ...(object.raw.metadata as object), ...(object.kind === 'Namespace' ? {} : { namespace: object.namespace }) };
        loadOne({ ...object.raw, metadata });
      }
    },
    create,
    replace(object) {
      const resource = resourceOf(object);
      return store.replace(resource, resource.namespaced ? namespaceOf(object) : '', nameOf(object), object, false);
    },
    remove(apiVersion, kind, namespace, name) {
      const resource = resourceOf({ apiVersion, kind });
      store.delete(resource, resource.namespaced ? namespace : '', name, {}, false);
    },
    objects: () => store.all().map((s) => s.object),
    get resourceVersion() {
      return store.resourceVersion;
    },
    openWatches: () => watches.size,
    dropWatches() {
      const open = [...watches];
      for (const watch of open) watch.drop();
      return open.length;
    },
    compact: () => store.compact(),
    bookmark() {
      for (const watch of watches) if (watch.request.bookmarks) watch.bookmark();
    },
    forbidNamespace: (token, namespace) => access.forbidNamespace(token, namespace),
    setPolicy: (token, policy) => access.set(token, policy),
    kubeconfig: (token = 'meshlock-test') => kubeconfigText(url, token),
    writeKubeconfig(path, token = 'meshlock-test') {
      writeFileSync(path, kubeconfigText(url, token));
    },
    async close() {
      for (const watch of [...watches]) watch.drop();
      await app.close();
    },
  };
}

function kubeconfigText(server: string, token: string): string {
  // client-node refuses plain http unless TLS verification is off, so the fake's kubeconfig says so.
  return `apiVersion: v1
kind: Config
clusters:
  - name: fake
    cluster:
      server: ${server}
      insecure-skip-tls-verify: true
users:
  - name: fake-user
    user:
      token: ${token}
contexts:
  - name: fake
    context:
      cluster: fake
      user: fake-user
  - name: other
    context:
      cluster: fake
      user: fake-user
      namespace: default
current-context: fake
`;
}
