import { describe, expect, it } from 'vitest';
import { dashClass, graphStyle } from './graph-style.js';

/** The factor a zoom's dash class multiplies patterns by (1 without a class). */
const stepOf = (zoom: number) => Number(dashClass(zoom).replace('dash-', '') || 1);

describe('dash steps', () => {
  it('keep a dash between half and twice its styled length on screen from zoom 0.7 down to 0.004', () => {
    for (let zoom = 0.69; zoom >= 0.004; zoom *= 0.93) {
      const onScreen = stepOf(zoom) * zoom;
      expect(onScreen, `zoom ${zoom}`).toBeGreaterThanOrEqual(0.5);
      expect(onScreen, `zoom ${zoom}`).toBeLessThanOrEqual(2);
    }
  });

  it('leave patterns as styled when zoomed in', () => {
    expect(dashClass(0.7)).toBe('');
    expect(dashClass(1.4)).toBe('');
  });

  it('have a pattern for every patterned state at every step, predicted failures last so they win', () => {
    const selectors = graphStyle().map((rule) => rule.selector);
    for (const step of [2, 8, 32, 128]) {
      const partial = selectors.indexOf(`edge.sec-partial.dash-${step}`);
      const plaintext = selectors.indexOf(`edge.sec-plaintext.dash-${step}`);
      const failing = selectors.indexOf(`edge.predicted-fail.dash-${step}`);
      expect([partial, plaintext, failing].every((i) => i >= 0)).toBe(true);
      expect(failing).toBeGreaterThan(Math.max(partial, plaintext));
    }
  });
});
