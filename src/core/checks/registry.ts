// Every checker, in output order: schema first (a malformed object's other findings are secondary), then
// per kind Kiali's checks in Kiali's order, then meshlock's own.
import { ambientCheckers } from './ambient/index.js';
import { authorizationPolicyCheckers } from './authorization-policy/index.js';
import type { Checker } from './checker.js';
import { destinationRuleCheckers } from './destination-rule/index.js';
import { gatewayApiCheckers } from './gateway-api/index.js';
import { gatewayCheckers } from './gateway/index.js';
import { meshCheckers } from './mesh/index.js';
import { peerAuthenticationCheckers } from './peer-authentication/index.js';
import { schemaCheckers } from './schema/index.js';
import { serviceEntryCheckers } from './service-entry/index.js';
import { serviceCheckers } from './service/index.js';
import { sidecarCheckers } from './sidecar/index.js';
import { virtualServiceCheckers } from './virtual-service/index.js';
import { workloadGroupCheckers } from './workload-group/index.js';
import { workloadCheckers } from './workload/index.js';

export const checkers: readonly Checker[] = [
  ...schemaCheckers,
  ...peerAuthenticationCheckers,
  ...destinationRuleCheckers,
  ...authorizationPolicyCheckers,
  ...virtualServiceCheckers,
  ...gatewayCheckers,
  ...serviceEntryCheckers,
  ...sidecarCheckers,
  ...workloadGroupCheckers,
  ...gatewayApiCheckers,
  ...serviceCheckers,
  ...workloadCheckers,
  ...ambientCheckers,
  ...meshCheckers,
];
