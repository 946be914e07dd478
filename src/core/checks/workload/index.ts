// Workload checks (kiali-backend-reference §2.4.11): the pseudo-object "workload" is each controller or
// bare Pod of the snapshot. KIA1301 is in Kiali's default ignore list.
import type { Checker } from '../checker.js';
import { workloadAmbientAndSidecarLabel } from './ambient-and-sidecar-label.js';
import { workloadAuthorizationPolicyUncovered } from './authorization-policy-uncovered.js';
import { workloadL7PolicyWithoutWaypoint } from './l7-policy-without-waypoint.js';
import { workloadPodSidecarAndAmbientLabel } from './pod-sidecar-and-ambient-label.js';
import { workloadPodSidecarLabelAndAmbientRedirection } from './pod-sidecar-label-and-ambient-redirection.js';
import { workloadSidecarInAmbientNamespace } from './sidecar-in-ambient-namespace.js';
import { workloadWaypointNotAmbient } from './waypoint-not-ambient.js';
import { workloadWaypointNotFound } from './waypoint-not-found.js';

export const workloadCheckers: readonly Checker[] = [
  workloadAuthorizationPolicyUncovered,
  workloadAmbientAndSidecarLabel,
  workloadWaypointNotAmbient,
  workloadWaypointNotFound,
  workloadPodSidecarLabelAndAmbientRedirection,
  workloadPodSidecarAndAmbientLabel,
  workloadSidecarInAmbientNamespace,
  workloadL7PolicyWithoutWaypoint,
];
