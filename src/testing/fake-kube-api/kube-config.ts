// A client-node KubeConfig for the fake API server, as a kubeconfig file would give it.
import { KubeConfig } from '@kubernetes/client-node';
import type { FakeKubeApi } from './server.js';

export function fakeKubeConfig(api: FakeKubeApi, token?: string): KubeConfig {
  const config = new KubeConfig();
  config.loadFromString(api.kubeconfig(token));
  return config;
}
