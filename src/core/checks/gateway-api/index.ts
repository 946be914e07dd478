// Kubernetes Gateway API checks (kiali-backend-reference §2.4.10). `Gateway` is shared with Istio's kind;
// every checker here only looks at group gateway.networking.k8s.io.
import type { Checker } from '../checker.js';
import { gatewayApiAddressMultiMatch } from './address-multi-match.js';
import { gatewayApiGatewayClassNotFound } from './gateway-class-not-found.js';
import { gatewayApiListenerMultiMatch } from './listener-multi-match.js';
import { gatewayApiListenerNotUnique } from './listener-not-unique.js';
import { gatewayApiReferenceGrantNamespaceNotFound } from './reference-grant-namespace-not-found.js';
import { gatewayApiRouteBackendNotFound } from './route-backend-not-found.js';
import { gatewayApiRouteGatewayNotFound } from './route-gateway-not-found.js';
import { gatewayApiStatusCondition } from './status-condition.js';

export const gatewayApiCheckers: readonly Checker[] = [
  gatewayApiListenerMultiMatch,
  gatewayApiAddressMultiMatch,
  gatewayApiListenerNotUnique,
  gatewayApiGatewayClassNotFound,
  gatewayApiStatusCondition,
  gatewayApiRouteGatewayNotFound,
  gatewayApiRouteBackendNotFound,
  gatewayApiReferenceGrantNamespaceNotFound,
];
