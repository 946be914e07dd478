// Exponential backoff with "equal jitter": each delay is half the exponential step plus a random half, so a
// thousand informers that lost the same API server do not come back in the same millisecond. The random
// source is injected so tests are repeatable.

export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Uniform in [0, 1). */
  readonly random: () => number;
}

export const DEFAULT_BACKOFF = { initialMs: 250, maxMs: 30_000 } as const;

export class Backoff {
  private attempt = 0;
  private readonly options: BackoffOptions;

  constructor(options: BackoffOptions) {
    this.options = options;
  }

  /** Consecutive failures since the last success. */
  get failures(): number {
    return this.attempt;
  }

  /** The delay before the next try; each call counts one more failure. */
  next(): number {
    const step = Math.min(this.options.maxMs, this.options.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return step / 2 + this.options.random() * (step / 2);
  }

  reset(): void {
    this.attempt = 0;
  }
}
