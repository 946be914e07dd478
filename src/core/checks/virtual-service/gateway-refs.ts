// The Gateways a VirtualService binds to: `spec.gateways` and `spec.http[i].match[k].gateways`.
import { field, list } from '../../model/read.js';
import type { MeshObject } from '../../model/types.js';
import type { ObjectPath } from '../checker.js';

export interface GatewayRef {
  readonly name: string;
  /**
   * Kiali's path: `spec/gateways[j]`, or `spec/http[i]/match/gateways[j]` without the match index
   * (it still resolves to the match list, next to the reference).
   */
  readonly path: ObjectPath;
}

export function gatewayRefs(vs: MeshObject): GatewayRef[] {
  const refs: GatewayRef[] = [];
  list(field(vs.raw, 'spec', 'gateways')).forEach((name, j) => {
    if (typeof name === 'string') refs.push({ name, path: ['spec', 'gateways', j] });
  });
  list(field(vs.raw, 'spec', 'http')).forEach((route, i) => {
    for (const match of list(field(route, 'match'))) {
      list(field(match, 'gateways')).forEach((name, j) => {
        if (typeof name === 'string') refs.push({ name, path: ['spec', 'http', i, 'match', 'gateways', j] });
      });
    }
  });
  return refs;
}

/**
 * Istio's resolveGatewayName (pilot/pkg/model/virtualservice.go): `ns/name` as written (`./name` is the
 * VirtualService's namespace), a bare name in the VirtualService's namespace, and the legacy
 * `name.ns[.svc.cluster.local]` as `ns/name`.
 */
export function resolveGatewayName(ref: string, vsNamespace: string): string {
  const slash = ref.indexOf('/');
  if (slash >= 0) return ref.slice(0, slash) === '.' ? `${vsNamespace}/${ref.slice(slash + 1)}` : ref;
  const [name = '', namespace] = ref.split('.');
  return namespace === undefined ? `${vsNamespace}/${ref}` : `${namespace}/${name}`;
}
