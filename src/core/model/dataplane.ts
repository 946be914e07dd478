// Questions about a workload's data plane, asked in one place so a new data plane shows up everywhere.
import type { Workload } from './types.js';

/** The workload's own sidecar proxy carries its traffic: it sends and enforces what Istio configures. */
export function hasSidecar(workload: Pick<Workload, 'dataplane'>): boolean {
  return workload.dataplane === 'sidecar';
}
