// What the rest of meshlock may use from core; nothing reaches past this file.
export type * from './model/types.js';
export { DEFAULT_MESH_CONFIG } from './model/types.js';
export { normalizeObject, type Normalized } from './model/normalize.js';
export { hasSidecar, inMesh, ENFORCED_BY } from './model/dataplane.js';
export { DATAPLANE_MODE } from './model/enrollment.js';
export { USE_WAYPOINT } from './model/waypoints.js';
export {
  KINDS,
  kindInfo,
  groupOf,
  preferredApiVersion,
  isKnownVersion,
  isWorkloadKind,
  isConfigObject,
  POD_WORKLOAD_KINDS,
  WORKLOAD_KINDS,
  SELECTING_KINDS,
  WATCHED_KINDS,
  workloadSelectorOf,
  type KindInfo,
  type KindRole,
  type KnownKind,
} from './model/kinds.js';
export { buildSnapshot, type Snapshot } from './model/snapshot.js';
export { formatRef, refOf, keyOf, compareByAge, type RefKey } from './model/refs.js';
export { selectorMatches } from './model/labels.js';
export { CLUSTER_DOMAIN, serviceHostname, qualifyHost, hostMatches } from './model/hosts.js';
export { isRecord, field } from './model/read.js';
export { MtlsEngine, type Lock, type RollupMode, type EdgeResult, type NamespaceRollup, type Rollup } from './mtls/engine.js';
export { PORT_LOCK, portLock, modeLock, EDGE_LOCK, edgeSecurity, type EdgeSecurity, type PortTally } from './mtls/locks.js';
export type { ClientSends, Client, ClientDecision } from './mtls/client-decision.js';
export type { ServerMode, EdgeOutcome } from './mtls/edge-outcome.js';
export type { KialiStatus } from './mtls/kiali-status.js';
export type { ModeDecision } from './mtls/server-mode.js';
export type { Destination, Endpoint } from './mtls/destinations.js';
export {
  statusReport,
  edgeReport,
  explainEdge,
  explainWorkload,
  queryEdges,
  clientName,
  waypointName,
  type StatusReport,
  type EdgeReport,
  type EdgeExplanation,
  type WorkloadExplanation,
  type EdgeQuery,
} from './mtls/report.js';
export { checkers } from './checks/registry.js';
export { checkSnapshot, validateObject, checkersByKind, IGNORE_ANNOTATIONS, DEFAULT_IGNORED_CODES, type CheckResult, type ObjectValidation } from './checks/run.js';
export { CheckContext } from './checks/context.js';
export { Validator, type ValidatorUpdate } from './checks/validator.js';
export { MeshStore, MeshRevision, type SourceContents, type StoreOptions } from './store/mesh-store.js';
export { Definitions, firstDefinitions, type LineOf } from './model/definitions.js';
export { appendAll, appended, EMPTY, pushTo } from './model/lists.js';
export { PATCHABLE_KINDS, objectOf } from './model/snapshot.js';
export { formatPath } from './checks/path.js';
export type { Checker, Finding, ObjectPath, Severity } from './checks/checker.js';
export { whatIf, engineWith, type WhatIfResult, type EdgeChange } from './whatif/what-if.js';
export { changesFromObjects, DELETE_ANNOTATION } from './whatif/changes.js';
export type { TrafficPeer, TrafficDestination, TrafficProtocol, TrafficRow, TrafficWindow } from './telemetry/types.js';
export { ObservedTraffic, mtlsShare, UNIDENTIFIED, type ObservedMatch } from './telemetry/observed.js';
export { readiness, formatRate, formatWindow, windowSpan, type ReadinessScope, type ScopeReadiness, type SeenTrafficRow } from './readiness/readiness.js';
export { evaluateCertificates, type CertificateFact, type CertificateRole } from './certificates/evaluate.js';
export { namespaceCoverage } from './evidence/coverage.js';
export { buildGraph, type BuildGraphOptions } from './graph/build-graph.js';
export { Predictor } from './graph/predict.js';
export type * from './graph/types.js';
