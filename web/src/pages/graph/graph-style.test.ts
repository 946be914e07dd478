import { describe, expect, it } from 'vitest';
import { COLORS, dashClass, edgeLook, nodeLook } from './graph-style.js';

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

});

describe('looks from classes', () => {
  it('draw a predicted failure magenta and dash-dot whatever its health and security', () => {
    const look = edgeLook('health-healthy sec-plaintext predicted-fail');
    expect(look.color).toBe(COLORS.predictedFailure);
    expect(look.dash).toEqual([10, 4, 2, 4]);
    expect(edgeLook('health-failure sec-partial').dash).toEqual([8, 4]);
    expect(edgeLook('health-tcp sec-mtls').dash).toEqual([]);
  });

  it('give edges through a waypoint a casing and keep their health colour', () => {
    expect(edgeLook('health-degraded waypoint')).toMatchObject({ color: COLORS.degraded, casing: COLORS.waypoint });
    expect(edgeLook('health-degraded').casing).toBeNull();
  });

  it('shape nodes by kind and mark missing sidecars and ambient ones on the border', () => {
    expect(nodeLook('kind-service health-healthy')).toMatchObject({ shape: 'triangle', border: COLORS.healthy, borderStyle: 'solid' });
    expect(nodeLook('kind-workload no-sidecar').borderStyle).toBe('dashed');
    expect(nodeLook('kind-workload ambient')).toMatchObject({ borderStyle: 'double', borderWidth: 5 });
    expect(nodeLook('kind-outside').fill).not.toBe(nodeLook('kind-workload').fill);
  });
});
