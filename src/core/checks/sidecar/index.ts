// Sidecar checks (kiali-backend-reference §2.4.4).
import type { Checker } from '../checker.js';
import { sidecarEgressHostNotFound } from './egress-host-not-found.js';
import { sidecarGlobalSelector } from './global-selector.js';
import { sidecarOutboundTrafficPolicyMode } from './outbound-traffic-policy-mode.js';
import { sidecarSelectorMultiMatch } from './selector-multi-match.js';
import { sidecarSelectorlessMultiMatch } from './selectorless-multi-match.js';
import { sidecarWorkloadSelectorNotFound } from './workload-selector-not-found.js';

export const sidecarCheckers: readonly Checker[] = [
  sidecarWorkloadSelectorNotFound,
  sidecarEgressHostNotFound,
  sidecarGlobalSelector,
  sidecarOutboundTrafficPolicyMode,
  sidecarSelectorlessMultiMatch,
  sidecarSelectorMultiMatch,
];
