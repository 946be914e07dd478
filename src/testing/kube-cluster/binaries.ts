// kube-apiserver, etcd and Istio's CRDs, built once per machine by tools/kube/build.sh (which prints the
// cache folder; a second call answers at once). A missing Go or a failed build is an error, never a skip.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface KubeBinaries {
  readonly dir: string;
  readonly kubeApiserver: string;
  readonly etcd: string;
  readonly istioCrds: string;
}

/** tools/kube/build.sh of the repository this file is in, from the sources or from dist/. */
function buildScript(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const script = join(dir, 'tools', 'kube', 'build.sh');
    if (existsSync(script)) return script;
  }
  throw new Error('tools/kube/build.sh not found above ' + fileURLToPath(import.meta.url));
}

let found: KubeBinaries | undefined;

export function kubeBinaries(): KubeBinaries {
  if (found) return found;
  let dir: string;
  try {
    dir = execFileSync('bash', [buildScript()], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1024 * 1024 }).trim().split('\n').at(-1) ?? '';
  } catch (error) {
    throw new Error(`cannot build the test cluster's kube-apiserver and etcd (bash tools/kube/build.sh): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const binaries = { dir, kubeApiserver: join(dir, 'kube-apiserver'), etcd: join(dir, 'etcd'), istioCrds: join(dir, 'istio-crds.yaml') };
  for (const path of [binaries.kubeApiserver, binaries.etcd, binaries.istioCrds]) if (!existsSync(path)) throw new Error(`tools/kube/build.sh printed ${dir}, which has no ${path}`);
  found = binaries;
  return binaries;
}
