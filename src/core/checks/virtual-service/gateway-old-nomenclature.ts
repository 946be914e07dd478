import type { Checker } from '../checker.js';
import { gatewayRefs } from './gateway-refs.js';

// `gateway.namespace[.svc.cluster.local]` is Istio's legacy form; Istio still resolves it (first label =
// name, second = namespace) but documents `namespace/name`. A reference with a `/` is already the new form.
export const virtualServiceGatewayOldNomenclature: Checker = {
  code: 'KIA1108',
  kinds: ['VirtualService'],
  severity: 'info',
  message: 'Preferred nomenclature: <gateway namespace>/<gateway name>',
  invalidates: false,
  check(vs) {
    if (!vs.apiVersion.startsWith('networking.istio.io/')) return [];
    return gatewayRefs(vs)
      .filter((ref) => ref.name !== 'mesh' && ref.name.includes('.') && !ref.name.includes('/'))
      .map((ref) => ({ path: ref.path }));
  },
};
