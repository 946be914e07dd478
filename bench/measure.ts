// Timing helpers for `npm run bench`: medians over a few runs, and the process's peak RSS.
import { performance } from 'node:perf_hooks';

export interface Timing {
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
}

export function time<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

export function repeat(runs: number, fn: (run: number) => void): Timing {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) samples.push(time(() => fn(run)).ms);
  samples.sort((a, b) => a - b);
  return { medianMs: round(median(samples)), minMs: round(samples[0] ?? 0), maxMs: round(samples.at(-1) ?? 0), runs };
}

/** The middle sample (the upper one of an even count); 0 without samples. */
export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

export function peakRssMb(): number {
  // maxRSS is in kilobytes.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
