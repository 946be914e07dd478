// The fake API server of the kube bench, in a process of its own so the bench measures the source's time and
// memory, not the server's. Serves the synthetic mesh; answers the parent's requests over IPC.
import { generateMesh } from '../generate-mesh.js';
import { startFakeKubeApi } from '../../src/testing/fake-kube-api/server.js';

export type ParentMessage = { readonly type: 'edit' } | { readonly type: 'stats' } | { readonly type: 'close' };
export type ChildMessage =
  | { readonly type: 'ready'; readonly kubeconfig: string; readonly objects: number; readonly loadMs: number }
  | { readonly type: 'edited'; readonly namespace: string; readonly name: string; readonly resourceVersion: string }
  | { readonly type: 'stats'; readonly stats: Readonly<Record<string, number>>; readonly openWatches: number };

const send = (message: ChildMessage) => process.send?.(message);

const [namespaces = '2000', workloads = '10'] = process.argv.slice(2);
const started = performance.now();
// Bookmarks as often as kube-apiserver sends them (about a minute), so they cost what they cost in a cluster.
const api = await startFakeKubeApi({ historyLimit: 10_000, bookmarkIntervalMs: 60_000 });
for (const file of generateMesh({ namespaces: Number(namespaces), workloadsPerNamespace: Number(workloads), seed: 1 }).files) api.load(file.text, file.name);
send({ type: 'ready', kubeconfig: api.kubeconfig(), objects: api.objects().length, loadMs: performance.now() - started });

let edits = 0;
process.on('message', (message: ParentMessage) => {
  if (message.type === 'edit') {
    const target = api.objects().find((o) => o.kind === 'PeerAuthentication' && (o.metadata as { namespace: string }).namespace !== 'istio-system')!;
    const metadata = target.metadata as { namespace: string; name: string };
    // Always a different mode: an update that changes nothing makes no event, as in a real cluster.
    const current = (target.spec as { mtls?: { mode?: string } } | undefined)?.mtls?.mode;
    const mode = ['STRICT', 'PERMISSIVE', 'DISABLE'].filter((m) => m !== current)[edits++ % 2];
    const saved = api.replace({ ...target, spec: { ...(target.spec as object), mtls: { mode } } });
    send({ type: 'edited', namespace: metadata.namespace, name: metadata.name, resourceVersion: String((saved.metadata as { resourceVersion: string }).resourceVersion) });
  } else if (message.type === 'stats') send({ type: 'stats', stats: { ...api.stats }, openWatches: api.openWatches() });
  else void api.close().then(() => process.exit(0));
});
