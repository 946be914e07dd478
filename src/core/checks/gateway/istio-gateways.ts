// Istio Gateways (networking.istio.io); the Gateway API kind of the same name is told apart by its group.
import type { MeshObject } from '../../model/types.js';
import type { CheckContext } from '../context.js';

export function isIstioGateway(object: MeshObject): boolean {
  return object.kind === 'Gateway' && object.apiVersion.startsWith('networking.istio.io/');
}


function gateways(ctx: CheckContext): { readonly all: readonly MeshObject[]; readonly names: ReadonlySet<string> } {
  const gateways = ctx.objectsOfKind('Gateway');
  return ctx.memoOn(gateways, 'istio-gateways', () => {
    const all = gateways.filter(isIstioGateway);
    return { all, names: new Set(all.map((g) => `${g.namespace}/${g.name}`)) };
  });
}

/** Every Istio Gateway, in load order. */
export function istioGateways(ctx: CheckContext): readonly MeshObject[] {
  return gateways(ctx).all;
}

/** `ns/name` of an existing Istio Gateway. */
export function istioGatewayExists(ctx: CheckContext, namespacedName: string): boolean {
  return gateways(ctx).names.has(namespacedName);
}
