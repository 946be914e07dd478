// Load along a call graph: a total rate shared round-robin by the edges, with a bound on requests in
// flight (a slow lab drops requests rather than piling them up) and an optional end.
import { readFile } from 'node:fs/promises';
import type { LabCall } from './lab.js';

export interface CallGraphEdge {
  /** `NAMESPACE/WORKLOAD`. */
  readonly from: string;
  /** `HOST:PORT`. */
  readonly to: string;
}

export interface EdgeStats extends CallGraphEdge {
  sent: number;
  ok: number;
  failed: number;
  /** Requests not sent because too many were in flight. */
  dropped: number;
  lastError: string | null;
  lastStatus: number | null;
  lastFlags: string;
}

export interface TrafficOptions {
  readonly ratePerSecond: number;
  readonly maxInFlight?: number;
  /** Stops by itself after this long; undefined runs until `stop`. */
  readonly durationMs?: number;
}

const TICK_MS = 50;

export async function readCallGraph(file: string): Promise<CallGraphEdge[]> {
  const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${file}: expected a JSON array of {"from","to"}`);
  return parsed.map((edge: unknown, i) => {
    const { from, to } = (edge ?? {}) as Record<string, unknown>;
    if (typeof from !== 'string' || typeof to !== 'string') throw new Error(`${file}: entry ${i} needs string "from" and "to"`);
    return { from, to };
  });
}

export class TrafficGenerator {
  private readonly stats: EdgeStats[];
  private readonly send: (edge: CallGraphEdge) => Promise<LabCall>;
  private readonly options: TrafficOptions;
  private timer: NodeJS.Timeout | undefined;
  private started = 0;
  private issued = 0;
  private inFlight = 0;
  private readonly settled = new Set<Promise<void>>();

  constructor(edges: readonly CallGraphEdge[], send: (edge: CallGraphEdge) => Promise<LabCall>, options: TrafficOptions) {
    this.stats = edges.map((edge) => ({ ...edge, sent: 0, ok: 0, failed: 0, dropped: 0, lastError: null, lastStatus: null, lastFlags: '-' }));
    this.send = send;
    this.options = options;
  }

  start(): void {
    if (this.timer || this.stats.length === 0 || this.options.ratePerSecond <= 0) return;
    this.started = performance.now();
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  /** Stops sending and waits for the requests in flight. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all(this.settled);
  }

  snapshot(): EdgeStats[] {
    return this.stats.map((s) => ({ ...s }));
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  private tick(): void {
    const elapsed = performance.now() - this.started;
    if (this.options.durationMs !== undefined && elapsed >= this.options.durationMs) {
      void this.stop();
      return;
    }
    const due = Math.floor((elapsed / 1000) * this.options.ratePerSecond) - this.issued;
    for (let i = 0; i < due; i++) {
      const stats = this.stats[this.issued % this.stats.length];
      this.issued++;
      if (!stats) continue;
      if (this.inFlight >= (this.options.maxInFlight ?? 32)) {
        stats.dropped++;
        continue;
      }
      this.issue(stats);
    }
  }

  private issue(stats: EdgeStats): void {
    this.inFlight++;
    stats.sent++;
    const done = this.send(stats)
      .then(
        (result) => {
          if (result.ok) stats.ok++;
          else stats.failed++;
          stats.lastStatus = result.status;
          stats.lastError = result.error;
          stats.lastFlags = result.responseFlags;
        },
        (error: unknown) => {
          stats.failed++;
          stats.lastError = error instanceof Error ? error.message : String(error);
        },
      )
      .finally(() => {
        this.inFlight--;
        this.settled.delete(done);
      });
    this.settled.add(done);
  }
}
