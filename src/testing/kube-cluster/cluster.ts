// A real Kubernetes control plane for tests: etcd and kube-apiserver (built from Go modules by
// tools/kube/build.sh) on 127.0.0.1 ephemeral ports, in a temporary folder, with a test CA, static tokens
// for a few users and RBAC on, and Istio's CRDs installed. Clients reach the API server through a loopback
// TCP proxy, so a test can cut their connections; the test's own admin client goes to it directly.
// Faults on demand: cut connections, restart the API server, compact etcd, stop the API server.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { kubeBinaries } from './binaries.js';
import { clusterCertificates, type ClusterCertificates } from './certificates.js';
import { clusterClient, type ClusterClient, type KubeObject } from './client.js';
import { freePort, startProcess, waitUntilReady, type RunningProcess } from './processes.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';
import { clusterGrants, namespaceGrants, tokenFile, USERS, type ClusterUser } from './users.js';

export interface KubeClusterOptions {
  /**
   * Istio's CRDs as the pinned Istio module has them (default), with only some versions served per API group
   * (as an older control plane serves them; a group with no version left is not installed), or none at all.
   */
  readonly istio?: 'installed' | 'absent' | { readonly servedVersions: Readonly<Record<string, readonly string[]>> };
}

export interface StartupTimes {
  readonly etcdMs: number;
  readonly apiServerMs: number;
  readonly crdsMs: number;
  readonly totalMs: number;
}

export interface AuditQuery {
  /** Kubernetes verbs: list, watch, get, create, update, patch, delete. */
  readonly verb: string;
}

export interface KubeCluster {
  /** https://127.0.0.1:PORT of the proxy every kubeconfig names. */
  readonly url: string;
  readonly caPem: string;
  readonly startup: StartupTimes;
  /** The temporary folder with etcd's data, the keys, the token file and the logs; removed by close(). */
  readonly dir: string;
  /** Process ids of etcd and kube-apiserver while they run. */
  pids(): number[];
  /** The test's own client, as admin, straight to the API server (cut connections do not cut it). */
  readonly admin: ClusterClient;
  /** A client straight to the API server as this user; `keepAlive` for loading many objects (close it after). */
  client(user: ClusterUser, options?: { keepAlive?: boolean }): ClusterClient;
  /** A kubeconfig (YAML) with contexts `test` (current) and `other` (namespace default) for this user. */
  kubeconfig(user?: ClusterUser): string;
  writeKubeconfig(path: string, user?: ClusterUser): void;
  kubeConfig(user?: ClusterUser): KubeConfig;
  /** Creates every object of these files, Namespaces first, as `kubectl apply` of a folder would. */
  loadFiles(files: readonly { readonly name: string; readonly text: string }[]): Promise<void>;
  /** Requests the API server completed for meshlock's own identity (user `meshlock`), from its audit log. */
  requests(query: AuditQuery): number;
  /** Connections open through the proxy. */
  openConnections(): number;
  /** Cuts every client connection (watches included); returns how many. */
  dropConnections(): number;
  /** Cuts every client connection and refuses new ones until reconnectClients(); the admin client still works. */
  disconnectClients(): number;
  reconnectClients(): void;
  /** Stops kube-apiserver (clients get refused connections) and starts it again on the same port. */
  restartApiServer(): Promise<void>;
  stopApiServer(): Promise<void>;
  /** Compacts etcd's history up to its current revision; returns that revision. */
  compactEtcd(): Promise<number>;
  close(): Promise<void>;
}

const ETCD_READY_MS = 20_000;
const API_SERVER_READY_MS = 60_000;
/** kube-apiserver allocates Service IPs from this range; nothing is ever sent to it. */
const SERVICE_RANGE = '10.96.0.0/16';

/** Only meshlock's own requests are logged: the tests count them; the tests' own would only fill the log. */
const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived, ResponseStarted]
rules:
  - level: Metadata
    users: [meshlock]
  - level: None
`;

function writeFiles(dir: string, certificates: ClusterCertificates): void {
  const files: Record<string, string> = {
    'ca.pem': certificates.caPem,
    'serving.pem': certificates.servingCertPem,
    'serving-key.pem': certificates.servingKeyPem,
    'service-account.pub': certificates.serviceAccountPublicPem,
    'service-account.key': certificates.serviceAccountPrivatePem,
    'tokens.csv': tokenFile(),
    'audit-policy.yaml': AUDIT_POLICY,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text, { mode: 0o600 });
}

function apiServerArgs(dir: string, port: number, etcdPort: number): string[] {
  return [
    `--etcd-servers=http://127.0.0.1:${etcdPort}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    // The `kubernetes` Service's endpoints may not be a loopback address, and nothing here would use them.
    '--endpoint-reconciler-type=none',
    `--secure-port=${port}`,
    `--cert-dir=${join(dir, 'certificates')}`,
    `--tls-cert-file=${join(dir, 'serving.pem')}`,
    `--tls-private-key-file=${join(dir, 'serving-key.pem')}`,
    `--client-ca-file=${join(dir, 'ca.pem')}`,
    `--token-auth-file=${join(dir, 'tokens.csv')}`,
    '--authorization-mode=RBAC',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${join(dir, 'service-account.pub')}`,
    `--service-account-signing-key-file=${join(dir, 'service-account.key')}`,
    `--service-cluster-ip-range=${SERVICE_RANGE}`,
    // No kube-controller-manager runs, so nothing creates the `default` ServiceAccount a Pod needs.
    '--disable-admission-plugins=ServiceAccount',
    // Compaction happens when a test asks for it, not every 5 minutes behind its back.
    '--etcd-compaction-interval=0',
    `--audit-policy-file=${join(dir, 'audit-policy.yaml')}`,
    `--audit-log-path=${join(dir, 'audit.log')}`,
    '--profiling=false',
  ];
}

function etcdArgs(dir: string, clientPort: number, peerPort: number): string[] {
  return [
    '--name=default',
    `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=http://127.0.0.1:${clientPort}`,
    `--advertise-client-urls=http://127.0.0.1:${clientPort}`,
    `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
    `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
    `--initial-cluster=default=http://127.0.0.1:${peerPort}`,
    '--log-level=warn',
    // A test's data is thrown away; waiting for the disk on every write would only make it slow.
    '--unsafe-no-fsync',
  ];
}

/** Istio's CRDs as the options ask: all of them, some versions of some groups, or none. */
function istioCrds(text: string, istio: KubeClusterOptions['istio']): KubeObject[] {
  if (istio === 'absent') return [];
  const crds = parseAllDocuments(text)
    .map((d) => d.toJS() as KubeObject | null)
    .filter((d): d is KubeObject => d !== null && d.kind === 'CustomResourceDefinition');
  if (istio === undefined || istio === 'installed') return crds;
  return crds.flatMap((crd) => {
    const spec = crd.spec as { group: string; versions: { name: string; served: boolean; storage: boolean }[] };
    const served = istio.servedVersions[spec.group];
    if (!served) return [crd];
    const versions = spec.versions.filter((v) => served.includes(v.name));
    if (versions.length === 0) return [];
    const storage = versions.some((v) => v.storage) ? versions : versions.map((v, i) => ({ ...v, storage: i === 0 }));
    return [{ ...crd, spec: { ...spec, versions: storage } }];
  });
}

async function etcdRevision(url: string): Promise<number> {
  // etcd's JSON gateway: a range over one key returns the store's current revision in its header.
  const response = await fetch(`${url}/v3/kv/range`, { method: 'POST', body: JSON.stringify({ key: Buffer.from('/').toString('base64') }) });
  const body = (await response.json()) as { header?: { revision?: string } };
  return Number(body.header?.revision ?? 0);
}

async function installCrds(admin: ClusterClient, crds: readonly KubeObject[]): Promise<void> {
  await Promise.all(crds.map((crd) => admin.create(crd)));
  // Established: the server accepts objects of the kind; discovery then lists it for clients.
  for (const crd of crds) {
    const name = String(crd.metadata?.name);
    const spec = crd.spec as { group: string; names: { plural: string }; versions: { name: string; served: boolean }[] };
    const deadline = performance.now() + 30_000;
    const discovered = async (version: string) => {
      const list = await admin.request('GET', `/apis/${spec.group}/${version}`);
      const resources = (list.body as { resources?: { name: string }[] } | undefined)?.resources ?? [];
      return list.status === 200 && resources.some((r) => r.name === spec.names.plural);
    };
    for (;;) {
      const got = await admin.get('apiextensions.k8s.io/v1', 'CustomResourceDefinition', '', name);
      const conditions = (got?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
      const served = spec.versions.filter((v) => v.served).map((v) => v.name);
      if (conditions.some((c) => c.type === 'Established' && c.status === 'True') && (await Promise.all(served.map(discovered))).every(Boolean)) break;
      if (performance.now() > deadline) throw new Error(`CRD ${name} was not established after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

export async function startKubeCluster(options: KubeClusterOptions = {}): Promise<KubeCluster> {
  const binaries = kubeBinaries();
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'meshlock-kube-'));
  mkdirSync(join(dir, 'certificates'));
  const processes: RunningProcess[] = [];
  let proxy: TcpProxy | undefined;
  const cleanUp = async () => {
    await proxy?.close();
    for (const process of processes.reverse()) await process.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const certificates = await clusterCertificates();
    writeFiles(dir, certificates);

    const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const etcd = startProcess('etcd', binaries.etcd, etcdArgs(dir, etcdPort, peerPort), join(dir, 'etcd.log'));
    processes.push(etcd);
    await waitUntilReady(etcd, async () => (await fetch(`${etcdUrl}/health`)).ok, ETCD_READY_MS);
    const etcdMs = performance.now() - started;

    const admin = clusterClient({ host: '127.0.0.1', port: apiPort }, certificates.caPem, USERS.admin.token);
    let apiServer: RunningProcess | undefined;
    const startApiServer = async () => {
      apiServer = startProcess('kube-apiserver', binaries.kubeApiserver, apiServerArgs(dir, apiPort, etcdPort), join(dir, 'kube-apiserver.log'));
      processes.push(apiServer);
      await waitUntilReady(apiServer, async () => (await admin.request('GET', '/readyz')).status === 200, API_SERVER_READY_MS);
    };
    const stopApiServer = async () => {
      const running = apiServer;
      apiServer = undefined;
      if (!running) return;
      processes.splice(processes.indexOf(running), 1);
      await running.stop();
    };
    await startApiServer();
    const apiServerMs = performance.now() - started - etcdMs;

    await installCrds(admin, istioCrds(readFileSync(binaries.istioCrds, 'utf8'), options.istio));
    for (const grant of clusterGrants()) await admin.create(grant);
    const crdsMs = performance.now() - started - etcdMs - apiServerMs;

    proxy = await startTcpProxy({ host: '127.0.0.1', port: apiPort });
    const url = `https://127.0.0.1:${proxy.port}`;
    const kubeconfig = (user: ClusterUser = 'meshlock') => kubeconfigText(url, certificates.caPem, user, USERS[user].token);
    const grantedNamespaces = new Set<string>();

    return {
      url,
      caPem: certificates.caPem,
      dir,
      pids: () => processes.filter((p) => !p.exited()).map((p) => p.child.pid ?? 0),
      startup: { etcdMs: Math.round(etcdMs), apiServerMs: Math.round(apiServerMs), crdsMs: Math.round(crdsMs), totalMs: Math.round(performance.now() - started) },
      admin,
      client: (user, clientOptions) => clusterClient({ host: '127.0.0.1', port: apiPort }, certificates.caPem, USERS[user].token, clientOptions),
      kubeconfig,
      writeKubeconfig: (path, user) => writeFileSync(path, kubeconfig(user)),
      kubeConfig(user) {
        const config = new KubeConfig();
        config.loadFromString(kubeconfig(user));
        return config;
      },
      async loadFiles(files) {
        const objects = files.flatMap((file) =>
          parseAllDocuments(file.text)
            .map((d) => d.toJS() as KubeObject | null)
            .filter((o): o is KubeObject => o !== null && typeof o.kind === 'string'),
        );
        const namespaces = objects.filter((o) => o.kind === 'Namespace');
        for (const namespace of namespaces) await admin.create(namespace);
        // Objects without a namespace go to `default`, as kubectl puts them.
        const rest = objects.filter((o) => o.kind !== 'Namespace').map((o) => ({ ...o, metadata: { namespace: 'default', ...o.metadata } }));
        for (const object of rest) await admin.create(object);
        // The users' grants in namespaces that now exist.
        for (const grant of namespaceGrants()) {
          const namespace = String(grant.metadata?.namespace);
          if (grantedNamespaces.has(namespace) || !namespaces.some((n) => n.metadata?.name === namespace)) continue;
          await admin.create(grant);
        }
        for (const n of namespaces) grantedNamespaces.add(String(n.metadata?.name));
      },
      requests(query) {
        let text = '';
        try {
          text = readFileSync(join(dir, 'audit.log'), 'utf8');
        } catch {
          return 0;
        }
        let count = 0;
        for (const line of text.split('\n')) {
          if (!line) continue;
          const event = JSON.parse(line) as { stage: string; verb: string };
          if (event.stage === 'ResponseComplete' && event.verb === query.verb) count++;
        }
        return count;
      },
      openConnections: () => proxy!.openConnections(),
      dropConnections: () => proxy!.dropConnections(),
      disconnectClients() {
        proxy!.setRefusing(true);
        return proxy!.dropConnections();
      },
      reconnectClients: () => proxy!.setRefusing(false),
      async restartApiServer() {
        await stopApiServer();
        await startApiServer();
      },
      stopApiServer,
      async compactEtcd() {
        const revision = await etcdRevision(etcdUrl);
        const response = await fetch(`${etcdUrl}/v3/kv/compaction`, { method: 'POST', body: JSON.stringify({ revision: String(revision), physical: true }) });
        if (!response.ok) throw new Error(`etcd compaction to ${revision} failed: HTTP ${response.status} ${await response.text()}`);
        return revision;
      },
      close: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

function kubeconfigText(server: string, caPem: string, user: string, token: string): string {
  return `apiVersion: v1
kind: Config
clusters:
  - name: test-cluster
    cluster:
      server: ${server}
      certificate-authority-data: ${Buffer.from(caPem).toString('base64')}
users:
  - name: ${user}
    user:
      token: ${token}
contexts:
  - name: test
    context:
      cluster: test-cluster
      user: ${user}
  - name: other
    context:
      cluster: test-cluster
      user: ${user}
      namespace: default
current-context: test
`;
}
