// Health from response codes with Kiali's default tolerances (kiali.io "Traffic Health", health_config.rate):
// a share of matching requests above `degraded` % is Degraded, above `failure` % is Failure, worst rule wins.
// Shares are rounded to one decimal first, as Kiali shows them, and a non-zero share is at least 0.1 %, so
// "degraded: 0" means any matching request degrades.
// meshlock adds two rules Kiali lacks, with the 5xx tolerances: HTTP/gRPC requests that got no response
// at all (code 0), and TCP connections the proxy failed (response flags set, e.g. UF, UC).
import type { TrafficProtocol } from '../telemetry/types.js';
import type { HealthStatus, TrafficHealth } from './types.js';

export interface Tolerance {
  readonly name: string;
  readonly protocols: readonly TrafficProtocol[];
  readonly matches: (code: string, flags: string) => boolean;
  /** Percent of requests; the status changes when the share is strictly above. */
  readonly degraded: number;
  readonly failure: number;
}

export const DEFAULT_TOLERANCES: readonly Tolerance[] = [
  { name: 'HTTP 5xx', protocols: ['http'], matches: (code) => /^5\d\d$/.test(code), degraded: 0, failure: 10 },
  { name: 'HTTP 4xx', protocols: ['http'], matches: (code) => /^4\d\d$/.test(code), degraded: 10, failure: 20 },
  { name: 'gRPC error', protocols: ['grpc'], matches: (code) => /^([1-9]|1[0-6])$/.test(code), degraded: 0, failure: 10 },
  { name: 'no response', protocols: ['http', 'grpc'], matches: (code) => code === '0', degraded: 0, failure: 10 },
  { name: 'failed TCP connection', protocols: ['tcp'], matches: (_code, flags) => flags !== '-' && flags !== '', degraded: 0, failure: 10 },
];

const PROTOCOLS: readonly TrafficProtocol[] = ['http', 'grpc', 'tcp'];
const SEVERITY: Record<HealthStatus, number> = { idle: 0, healthy: 1, degraded: 2, failure: 3 };

export function worst(a: HealthStatus, b: HealthStatus): HealthStatus {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

/** One decimal, never rounding a non-zero share to 0 or a partial one to 100: a lock must not lie. */
export function percent(part: number, total: number): number | null {
  if (!(total > 0)) return null;
  const value = Math.round((part / total) * 1000) / 10;
  if (part > 0 && value === 0) return 0.1;
  if (part < total && value === 100) return 99.9;
  return value;
}

/** The tolerances one response matches, as a bit mask; any match makes it an error. */
export function toleranceMask(protocol: TrafficProtocol, code: string, flags: string): number {
  let mask = 0;
  DEFAULT_TOLERANCES.forEach((t, i) => {
    if (t.protocols.includes(protocol) && t.matches(code, flags)) mask |= 1 << i;
  });
  return mask;
}

/**
 * Rates folded as they come (an edge's responses, a node's edges): per protocol the total, per tolerance and
 * protocol the matching part. Nothing is kept per response, so a node with thousands of edges costs nothing.
 */
export class HealthTally {
  requestRate = 0;
  errorRate = 0;
  private readonly totals = [0, 0, 0];
  private readonly matched = new Array<number>(DEFAULT_TOLERANCES.length * PROTOCOLS.length).fill(0);

  add(protocol: TrafficProtocol, mask: number, rate: number): void {
    const p = PROTOCOLS.indexOf(protocol);
    this.requestRate += rate;
    this.totals[p] = (this.totals[p] ?? 0) + rate;
    if (mask === 0) return;
    this.errorRate += rate;
    for (let i = 0; i < DEFAULT_TOLERANCES.length; i++) {
      if (mask & (1 << i)) this.matched[i * PROTOCOLS.length + p] = (this.matched[i * PROTOCOLS.length + p] ?? 0) + rate;
    }
  }

  health(): TrafficHealth {
    const width = PROTOCOLS.length;
    return judge(this.requestRate, this.errorRate, (i, p) => this.matched[i * width + p] ?? 0, (p) => this.totals[p] ?? 0);
  }
}

/** One protocol's responses (an edge's): the same judgement as a HealthTally, without keeping one. */
export function responsesHealth(protocol: TrafficProtocol, rates: readonly { readonly rate: number }[], masks: readonly number[]): TrafficHealth {
  let requestRate = 0;
  let errorRate = 0;
  for (let r = 0; r < rates.length; r++) {
    const rate = rates[r]?.rate ?? 0;
    requestRate += rate;
    if (masks[r]) errorRate += rate;
  }
  const protocolIndex = PROTOCOLS.indexOf(protocol);
  const matched = (i: number, p: number) => {
    if (p !== protocolIndex) return 0;
    let sum = 0;
    for (let r = 0; r < rates.length; r++) if ((masks[r] ?? 0) & (1 << i)) sum += rates[r]?.rate ?? 0;
    return sum;
  };
  return judge(requestRate, errorRate, matched, (p) => (p === protocolIndex ? requestRate : 0));
}

/** Every tolerance against the share of its matching requests in their protocol; the worst status wins. */
function judge(requestRate: number, errorRate: number, matched: (tolerance: number, protocol: number) => number, total: (protocol: number) => number): TrafficHealth {
  let status: HealthStatus = requestRate > 0 ? 'healthy' : 'idle';
  if (errorRate > 0) {
    DEFAULT_TOLERANCES.forEach((tolerance, i) => {
      PROTOCOLS.forEach((_, p) => {
        const share = percent(matched(i, p), total(p)) ?? 0;
        if (share > tolerance.failure) status = worst(status, 'failure');
        else if (share > tolerance.degraded) status = worst(status, 'degraded');
      });
    });
  }
  return { status, requestRate, errorRate, errorPercent: percent(errorRate, requestRate) };
}
