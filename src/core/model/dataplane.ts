// Questions about a workload's data plane, asked in one place so a new data plane shows up everywhere.
import type { Dataplane, Workload } from './types.js';

/** The workload's own sidecar proxy carries its traffic: it sends and enforces what Istio configures. */
export function hasSidecar(workload: Pick<Workload, 'dataplane'>): boolean {
  return workload.dataplane === 'sidecar';
}

/** Who enforces PeerAuthentication on the workload's ports: its sidecar, its node's ztunnel, or nothing. */
export const ENFORCED_BY: Readonly<Record<Dataplane, 'sidecar' | 'ztunnel' | undefined>> = { sidecar: 'sidecar', ambient: 'ztunnel', none: undefined };

/** A data plane of the mesh carries the workload's traffic (sidecar or ztunnel): it is in the mesh. */
export function inMesh(workload: Pick<Workload, 'dataplane'>): boolean {
  return ENFORCED_BY[workload.dataplane] !== undefined;
}
