// Kubernetes Gateway API objects (group gateway.networking.k8s.io), with the defaults the API server would
// have filled in: files carry what people wrote, Kiali reads what the cluster stored.
import { field, list, num, str } from '../../model/read.js';
import type { MeshObject } from '../../model/types.js';
import type { CheckContext } from '../context.js';

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

export function isGatewayApi(object: MeshObject, kind?: string): boolean {
  return object.apiVersion.split('/')[0] === GATEWAY_API_GROUP && (kind === undefined || object.kind === kind);
}

export interface Listener {
  readonly index: number;
  readonly name: string;
  readonly hostname: string | undefined;
  readonly port: number | undefined;
  readonly protocol: string;
  readonly raw: unknown;
}

export function listeners(gateway: MeshObject): Listener[] {
  return list(field(gateway.raw, 'spec', 'listeners')).map((raw, index) => ({
    index,
    name: str(field(raw, 'name')) ?? '',
    hostname: str(field(raw, 'hostname')),
    port: num(field(raw, 'port')),
    protocol: str(field(raw, 'protocol')) ?? '',
    raw,
  }));
}

export interface Ref {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly sectionName: string | undefined;
}

/** A parentRef or backendRef with the CRD defaults: group `""`, kind as given per field. */
export function readRef(raw: unknown, defaults: { group: string; kind: string }): Ref {
  return {
    group: str(field(raw, 'group')) ?? defaults.group,
    kind: str(field(raw, 'kind')) ?? defaults.kind,
    name: str(field(raw, 'name')) ?? '',
    namespace: str(field(raw, 'namespace')) || undefined,
    sectionName: str(field(raw, 'sectionName')) || undefined,
  };
}


/** Gateway API Gateways by `namespace/name`. */
export function gatewayApiGateways(ctx: CheckContext): ReadonlyMap<string, MeshObject> {
  const gateways = ctx.objectsOfKind('Gateway');
  return ctx.memoOn(gateways, 'gateway-api-by-name', () => new Map(gateways.filter((g) => isGatewayApi(g)).map((g) => [`${g.namespace}/${g.name}`, g])));
}
