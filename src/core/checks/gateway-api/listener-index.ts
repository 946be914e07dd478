// Listener hostname/port/protocol and address type/value of every Gateway API Gateway, once per check run.
import { field, list, str } from '../../model/read.js';
import type { MeshObject } from '../../model/types.js';
import type { CheckContext } from '../context.js';
import { gatewayApiGateways, listeners } from './gateway-api.js';

interface Index {
  readonly listeners: ReadonlyMap<string, ReadonlySet<MeshObject>>;
  readonly addresses: ReadonlyMap<string, ReadonlySet<MeshObject>>;
}


export function listenerKey(hostname: string, port: number | undefined, protocol: string): string {
  return JSON.stringify([hostname, port ?? null, protocol]);
}

/** `type` defaults to IPAddress in the CRD. */
export function addressKeys(gateway: MeshObject): string[] {
  return list(field(gateway.raw, 'spec', 'addresses')).flatMap((a) => {
    const value = str(field(a, 'value'));
    return value === undefined ? [] : [JSON.stringify([str(field(a, 'type')) ?? 'IPAddress', value])];
  });
}

function add(map: Map<string, Set<MeshObject>>, key: string, gateway: MeshObject): void {
  const set = map.get(key);
  if (set) set.add(gateway);
  else map.set(key, new Set([gateway]));
}

export function gatewayApiIndex(ctx: CheckContext): Index {
  return ctx.memoOn(ctx.objectsOfKind('Gateway'), 'gateway-api-listeners', () => buildIndex(ctx));
}

function buildIndex(ctx: CheckContext): Index {
  const byListener = new Map<string, Set<MeshObject>>();
  const byAddress = new Map<string, Set<MeshObject>>();
  for (const gateway of gatewayApiGateways(ctx).values()) {
    for (const l of listeners(gateway)) if (l.hostname !== undefined) add(byListener, listenerKey(l.hostname, l.port, l.protocol), gateway);
    for (const key of addressKeys(gateway)) add(byAddress, key, gateway);
  }
  return { listeners: byListener, addresses: byAddress };
}
