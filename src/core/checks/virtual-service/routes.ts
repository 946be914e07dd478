// The route destinations of a VirtualService, with the path of each, for the checks that walk them.
import { field, list, num, str } from '../../model/read.js';
import type { MeshObject } from '../../model/types.js';

export const ROUTE_KINDS = ['http', 'tcp', 'tls'] as const;

export interface RouteDestination {
  readonly kind: (typeof ROUTE_KINDS)[number];
  readonly routeIndex: number;
  readonly destinationIndex: number;
  /** The `route[j]` entry as written. */
  readonly entry: unknown;
  readonly host: string;
  readonly subset: string;
  readonly port: number | undefined;
}

/** Every `spec.<http|tcp|tls>[i].route[j]`, in document order. */
export function routeDestinations(vs: MeshObject): RouteDestination[] {
  const out: RouteDestination[] = [];
  for (const kind of ROUTE_KINDS) {
    list(field(vs.raw, 'spec', kind)).forEach((route, routeIndex) => {
      list(field(route, 'route')).forEach((entry, destinationIndex) => {
        out.push({
          kind,
          routeIndex,
          destinationIndex,
          entry,
          host: str(field(entry, 'destination', 'host')) ?? '',
          subset: str(field(entry, 'destination', 'subset')) ?? '',
          port: num(field(entry, 'destination', 'port', 'number')),
        });
      });
    });
  }
  return out;
}
