import { field, str } from '../../model/read.js';
import type { Checker } from '../checker.js';
import { isGatewayApi } from './gateway-api.js';

/** The GatewayClasses istiod creates itself, so files rarely declare them. */
const ISTIO_CLASSES = new Set(['istio', 'istio-waypoint', 'istio-remote', 'istio-east-west']);

// A Gateway whose class no controller owns is never programmed: no deployment, no address, no routes.
export const gatewayApiGatewayClassNotFound: Checker = {
  code: 'KIA1504',
  kinds: ['Gateway'],
  severity: 'error',
  message: 'Gateway API Class not found in Kiali configuration',
  invalidates: true,
  check(gateway, ctx) {
    if (!isGatewayApi(gateway, 'Gateway')) return [];
    const className = str(field(gateway.raw, 'spec', 'gatewayClassName')) ?? '';
    const declared = ctx.objectsOfKind('GatewayClass').some((c) => isGatewayApi(c) && c.name === className);
    return ISTIO_CLASSES.has(className) || declared ? [] : [{ path: ['spec', 'gatewayClassName'] }];
  },
};
