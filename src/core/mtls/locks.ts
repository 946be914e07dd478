// The one place where modes and observed shares become locks. Every screen and contract that shows a lock
// gets it from here: a port by its enforced mode, a namespace or the mesh by its ports, an edge by the share
// of mTLS traffic it carried.
import type { MtlsMode, ObjectRef } from '../model/types.js';
import type { ServerMode } from './edge-outcome.js';
import type { ModeDecision } from './server-mode.js';

/** full: only mTLS is accepted (or carried); hollow: both; none: plaintext only, or nothing enforces mTLS. */
export type Lock = 'full' | 'hollow' | 'none';
export type RollupMode = MtlsMode | 'MIXED';

/** What a workload port accepts; a port without a sidecar (`NONE`) enforces nothing. */
export const PORT_LOCK: Readonly<Record<ServerMode, Lock>> = { STRICT: 'full', PERMISSIVE: 'hollow', DISABLE: 'none', NONE: 'none' };

export const portLock = (mode: ServerMode): Lock => PORT_LOCK[mode];

/** The lock of a set of ports shown as one (a Service's): MIXED ports accept mTLS on some, so hollow. */
export const modeLock = (mode: ServerMode | 'MIXED'): Lock => (mode === 'MIXED' ? 'hollow' : PORT_LOCK[mode]);

/** The security an edge showed in telemetry: all mTLS, some, none, or no data at all. */
export type EdgeSecurity = 'mtls' | 'partial' | 'plaintext' | 'no-data';

export function edgeSecurity(mtlsPercent: number | null): EdgeSecurity {
  if (mtlsPercent === null) return 'no-data';
  if (mtlsPercent === 100) return 'mtls';
  return mtlsPercent === 0 ? 'plaintext' : 'partial';
}

/** An observed edge's lock; null when there is no data (never a silent "none"). */
export const EDGE_LOCK: Readonly<Record<EdgeSecurity, Lock | null>> = { mtls: 'full', partial: 'hollow', plaintext: 'none', 'no-data': null };

/** Counts of a namespace's (or the mesh's) enforced ports (sidecar or ztunnel) by mode, for its roll-up. */
export interface PortTally {
  strict: number;
  permissive: number;
  disable: number;
  /** Services whose in-namespace sidecar clients would not send Istio mTLS to a sidecar endpoint. */
  inconsistent: string[];
  /** Workloads whose sidecar or ztunnel enforces a mode. */
  meshWorkloads: number;
  workloads: number;
}

export interface Rollup {
  readonly mode: RollupMode;
  readonly lock: Lock;
  readonly decidedBy: ObjectRef | null;
  readonly explanation: readonly string[];
}

/**
 * A namespace's or the mesh's mode and lock from its ports: full only when every port a sidecar or ztunnel
 * enforces is STRICT and in-mesh clients send Istio mTLS to all of them; none when mTLS is disabled or no
 * workload is in the mesh (no sidecar, not in ambient).
 */
export function rollupFrom(tally: PortTally, configured: ModeDecision, scope: string): Rollup {
  const explanation: string[] = [...configured.explanation];
  const kinds = [tally.strict > 0, tally.permissive > 0, tally.disable > 0].filter(Boolean).length;
  let mode: RollupMode;
  if (tally.meshWorkloads === 0) mode = configured.mode;
  else if (kinds > 1) mode = 'MIXED';
  else mode = tally.strict > 0 ? 'STRICT' : tally.disable > 0 ? 'DISABLE' : 'PERMISSIVE';

  let lock: Lock;
  if (tally.workloads > 0 && tally.meshWorkloads === 0) {
    lock = 'none';
    explanation.push(`no workload in ${scope} has a sidecar or is in ambient, so nothing enforces mTLS`);
  } else if (mode === 'STRICT' && tally.inconsistent.length === 0) {
    lock = 'full';
    explanation.push(tally.meshWorkloads > 0 ? `every port in ${scope} is STRICT (as sidecars and ztunnel enforce it)` : `${scope} is STRICT`);
  } else if (mode === 'DISABLE') {
    lock = 'none';
    explanation.push(`mTLS is disabled for ${scope}`);
  } else {
    lock = 'hollow';
    if (mode === 'STRICT') explanation.push(`STRICT, but in-mesh clients would not send mTLS to ${tally.inconsistent.slice(0, 3).join(', ')}${tally.inconsistent.length > 3 ? ', …' : ''}`);
    else if (mode === 'MIXED') explanation.push(`ports differ in ${scope}: ${tally.strict} STRICT, ${tally.permissive} PERMISSIVE, ${tally.disable} DISABLE`);
    else explanation.push(`mTLS is accepted but not required in ${scope}`);
  }
  return { mode, lock, decidedBy: configured.decidedBy, explanation };
}
