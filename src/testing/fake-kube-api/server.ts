// A look-alike of kube-apiserver's read path, kept for one purpose: the bench's comparison figures beside the
// real kube-apiserver (bench/scenarios/kube.ts). It serves discovery, paged lists with a resourceVersion and
// watches with bookmarks that replay a bounded history (410 Gone beyond it). Objects are created and
// replaced in process; it has no writes over HTTP, no RBAC and no admission: the tests use the real server.
import Fastify from 'fastify';
import { parseText } from '../../documents/parse.js';
import { ListPager } from './lists.js';
import { DEFAULT_RESOURCES, ResourceTable } from './resources.js';
import { handler } from './routes.js';
import { ObjectStore, type KubeObject } from './store.js';
import type { OpenWatch } from './watch.js';

export interface FakeKubeApiOptions {
  /** Events kept for watches (default 1,000); a watch from an older resourceVersion gets 410. */
  readonly historyLimit?: number;
  /** How often watches that asked for bookmarks get one (default 1 s; kube-apiserver sends about one a minute). */
  readonly bookmarkIntervalMs?: number;
  readonly now?: () => Date;
}

export interface FakeKubeApi {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** Requests seen, by verb (list, watch, get) plus `requests` and `discovery`. */
  readonly stats: Readonly<Record<string, number>>;
  /**
   * Creates every object of a YAML text, Namespaces first. A namespace an object needs is created too, and
   * a Namespace document loaded later replaces that stand-in, so files may come in any order.
   */
  load(yamlText: string, file?: string): void;
  create(object: KubeObject): KubeObject;
  replace(object: KubeObject): KubeObject;
  /** Every stored object, as stored. */
  objects(): KubeObject[];
  readonly resourceVersion: number;
  openWatches(): number;
  /** A kubeconfig (YAML) for this server with the given bearer token. */
  kubeconfig(token?: string): string;
  close(): Promise<void>;
}

export async function startFakeKubeApi(options: FakeKubeApiOptions = {}): Promise<FakeKubeApi> {
  const table = new ResourceTable(DEFAULT_RESOURCES);
  const store = new ObjectStore({ historyLimit: options.historyLimit ?? 1000, now: options.now ?? (() => new Date()) });
  const watches = new Set<OpenWatch>();
  const stats: Record<string, number> = {};
  let address = '';
  const app = Fastify({ logger: false });
  const handle = handler({ table, store, pager: new ListPager(store), watches, bookmarkIntervalMs: options.bookmarkIntervalMs ?? 1000, stats, address: () => address });
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
      store.create(namespaceResource, '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
      implicit.add(namespace);
    }
  };
  const create = (object: KubeObject) => {
    const resource = resourceOf(object);
    if (resource.namespaced) ensureNamespace(namespaceOf(object));
    return store.create(resource, resource.namespaced ? namespaceOf(object) : '', object);
  };
  const loadOne = (object: KubeObject) => {
    const name = nameOf(object);
    if (object.kind !== 'Namespace' || !implicit.delete(name)) return create(object);
    return store.replace(namespaceResource, '', name, object);
  };

  return {
    url,
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
      return store.replace(resource, resource.namespaced ? namespaceOf(object) : '', nameOf(object), object);
    },
    objects: () => store.all().map((s) => s.object),
    get resourceVersion() {
      return store.resourceVersion;
    },
    openWatches: () => watches.size,
    kubeconfig: (token = 'meshlock-test') => kubeconfigText(url, token),
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
current-context: fake
`;
}
