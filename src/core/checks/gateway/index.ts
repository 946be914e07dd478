// Istio Gateway checks (kiali-backend-reference §2.4.6).
import type { Checker } from '../checker.js';
import { gatewayHostMultiMatch } from './host-multi-match.js';
import { gatewaySelectorWorkloadNotFound } from './selector-workload-not-found.js';

export const gatewayCheckers: readonly Checker[] = [gatewayHostMultiMatch, gatewaySelectorWorkloadNotFound];
