// Ambient L7 checks (kiali-backend-reference §2.4.12): config that only a waypoint applies, in namespaces
// running the ambient data plane. Workload-level ambient checks live in ../workload.
import type { Checker } from '../checker.js';
import { authorizationPolicyNoTargetRefs } from './authorization-policy-no-target-refs.js';
import { authorizationPolicyNoWaypoint } from './authorization-policy-no-waypoint.js';
import { destinationRuleNotInServiceNamespace } from './destination-rule-not-in-service-namespace.js';
import { destinationRuleNoWaypoint } from './destination-rule-no-waypoint.js';
import { destinationRuleServiceNotEnrolled } from './destination-rule-service-not-enrolled.js';
import { requestAuthenticationNoTargetRefs } from './request-authentication-no-target-refs.js';
import { requestAuthenticationNoWaypoint } from './request-authentication-no-waypoint.js';
import { telemetryNoTargetRefs } from './telemetry-no-target-refs.js';
import { telemetryNoWaypoint } from './telemetry-no-waypoint.js';
import { virtualServiceNotInServiceNamespace } from './virtual-service-not-in-service-namespace.js';
import { virtualServiceNoWaypoint } from './virtual-service-no-waypoint.js';
import { virtualServiceServiceNotEnrolled } from './virtual-service-service-not-enrolled.js';
import { wasmPluginNoTargetRefs } from './wasm-plugin-no-target-refs.js';
import { wasmPluginNoWaypoint } from './wasm-plugin-no-waypoint.js';

export const ambientCheckers: readonly Checker[] = [
  authorizationPolicyNoTargetRefs,
  authorizationPolicyNoWaypoint,
  destinationRuleNotInServiceNamespace,
  destinationRuleServiceNotEnrolled,
  destinationRuleNoWaypoint,
  virtualServiceNotInServiceNamespace,
  virtualServiceServiceNotEnrolled,
  virtualServiceNoWaypoint,
  requestAuthenticationNoTargetRefs,
  requestAuthenticationNoWaypoint,
  wasmPluginNoTargetRefs,
  wasmPluginNoWaypoint,
  telemetryNoTargetRefs,
  telemetryNoWaypoint,
];
