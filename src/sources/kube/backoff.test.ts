import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../testing/seeded-random.js';
import { Backoff } from './backoff.js';

describe('Backoff', () => {
  it('doubles up to the cap, each delay between half and all of its step', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 1_000, random: seededRandom(1) });
    const delays = Array.from({ length: 8 }, () => backoff.next());
    const steps = [100, 200, 400, 800, 1_000, 1_000, 1_000, 1_000];
    delays.forEach((delay, i) => {
      expect(delay).toBeGreaterThanOrEqual(steps[i]! / 2);
      expect(delay).toBeLessThan(steps[i]!);
    });
    expect(backoff.failures).toBe(8);
  });

  it('is repeatable for one seed, and starts over after a reset', () => {
    const run = () => {
      const backoff = new Backoff({ initialMs: 50, maxMs: 5_000, random: seededRandom(42) });
      return [backoff.next(), backoff.next(), backoff.next()];
    };
    expect(run()).toEqual(run());
    const backoff = new Backoff({ initialMs: 50, maxMs: 5_000, random: () => 0 });
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(25);
  });

  it('spreads informers that failed together', () => {
    const random = seededRandom(3);
    const first = Array.from({ length: 100 }, () => new Backoff({ initialMs: 1_000, maxMs: 30_000, random }).next());
    // Over the whole jitter window (500 to 1,000 ms), not bunched at one instant.
    expect(Math.max(...first) - Math.min(...first)).toBeGreaterThan(400);
  });
});
