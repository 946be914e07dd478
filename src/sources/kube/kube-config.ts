// Which cluster and whose identity: a kubeconfig file and context, the default kubeconfig (KUBECONFIG or
// ~/.kube/config), or the pod's own service account in a cluster; then, per user, the same cluster with the
// user's bearer token instead of meshlock's own credential.
import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';

export interface ClusterChoice {
  /** Path of a kubeconfig file; the default kubeconfig when neither this nor inCluster is set. */
  readonly kubeconfig?: string;
  readonly context?: string;
  /** The service account token and CA that Kubernetes mounts into every pod. */
  readonly inCluster?: boolean;
}

/** Whose requests these are: meshlock's own kubeconfig user (or service account), or a person's token. */
export type Credential = { readonly type: 'kubeconfig' } | { readonly type: 'token'; readonly token: string };

/** A kubeconfig that cannot be used, with a message that says what to change. */
export class KubeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeConfigError';
  }
}

export function loadKubeConfig(choice: ClusterChoice, env: NodeJS.ProcessEnv = process.env): KubeConfig {
  const config = new KubeConfig();
  if (choice.inCluster) {
    if (!env.KUBERNETES_SERVICE_HOST) throw new KubeConfigError('--in-cluster: not running in a Kubernetes pod (KUBERNETES_SERVICE_HOST is not set)');
    config.loadFromCluster();
  } else if (choice.kubeconfig !== undefined) {
    if (!existsSync(choice.kubeconfig)) throw new KubeConfigError(`--kubeconfig ${choice.kubeconfig}: no such file`);
    try {
      config.loadFromFile(choice.kubeconfig);
    } catch (error) {
      throw new KubeConfigError(`--kubeconfig ${choice.kubeconfig} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else {
    config.loadFromDefault();
  }
  const where = choice.kubeconfig ?? (choice.inCluster ? 'the in-cluster configuration' : 'the default kubeconfig');
  const contexts = config.getContexts().map((c) => c.name);
  if (choice.context !== undefined) {
    if (!config.getContextObject(choice.context)) {
      throw new KubeConfigError(`--context ${choice.context}: no such context in ${where} (contexts: ${contexts.join(', ') || 'none'})`);
    }
    config.setCurrentContext(choice.context);
  }
  if (!config.getCurrentCluster()) {
    throw new KubeConfigError(`${where} has no usable current context${contexts.length > 0 ? `; pass --context (contexts: ${contexts.join(', ')})` : ''}`);
  }
  return config;
}

/** The same cluster (server, CA, TLS settings) with the credential's identity. */
export function configFor(base: KubeConfig, credential: Credential): KubeConfig {
  if (credential.type === 'kubeconfig') return base;
  const cluster = base.getCurrentCluster();
  if (!cluster) throw new KubeConfigError('the kubeconfig has no current cluster');
  const config = new KubeConfig();
  config.loadFromClusterAndUser(cluster, { name: 'meshlock-user', token: credential.token });
  return config;
}

/** "https://10.0.0.1:6443 (context prod)", for the status line and messages. */
export function describeCluster(config: KubeConfig): string {
  const server = config.getCurrentCluster()?.server ?? 'no server';
  return `${server} (context ${config.getCurrentContext()})`;
}
