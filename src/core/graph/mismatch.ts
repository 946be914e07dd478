// Configured vs observed on one edge (istio-mtls-semantics §5.4, §5.7): the engine's predicted outcome
// against what the destination reported (mTLS or not) and what the client's sidecar failed by itself.
// Only a prediction the whole edge agrees on is compared; a mixed edge is shown, not judged.
import type { EdgeOutcome } from '../mtls/edge-outcome.js';
import { percent } from './health.js';
import type { Mismatch } from './types.js';

export interface Observed {
  /** Destination-reported, per second (requests; bytes for TCP when any flowed). */
  readonly mtls: number;
  readonly plaintext: number;
  /** Client-reported local failures (flags UC, UF, URX, NR…) that never reached the destination, per second. */
  readonly clientFailures: number;
  /** Their response flags, for the message. */
  readonly failureFlags: readonly string[];
}

export function mismatchOf(predicted: EdgeOutcome | null, observed: Observed): Mismatch | null {
  if (predicted === null) return null;
  const received = observed.mtls + observed.plaintext;
  if (predicted === 'mtls' && observed.plaintext > 0) {
    return {
      kind: 'plaintext-where-mtls-expected',
      message: `the configuration says mTLS, but ${percent(observed.plaintext, received)}% arrived in plaintext: a client without sidecar, or a proxy not running this configuration`,
    };
  }
  if ((predicted === 'plaintext' || predicted === 'tls') && observed.mtls > 0) {
    return {
      kind: 'mtls-where-plaintext-expected',
      message: `the configuration says ${predicted === 'tls' ? 'TLS passed through' : 'plaintext'}, but ${percent(observed.mtls, received)}% arrived over mTLS: the proxies do not run this configuration`,
    };
  }
  if (predicted === 'fail' && received > 0) {
    return {
      kind: 'traffic-where-failure-expected',
      message: 'the configuration says this edge fails, yet the destination received traffic: the configuration changed within the window, or the proxies do not run it',
    };
  }
  if (predicted !== 'fail' && observed.clientFailures > 0) {
    const flags = observed.failureFlags.length > 0 ? ` (${observed.failureFlags.join(', ')})` : '';
    return {
      kind: 'failures-where-success-expected',
      message: `the configuration says ${predicted}, but the client's sidecar failed requests before the destination answered${flags}: a TLS mismatch the configuration does not explain, or a destination that is down`,
    };
  }
  return null;
}
