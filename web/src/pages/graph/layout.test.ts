// The layered grid: callers left of callees inside a namespace, namespaces as separate blocks, cycles cut,
// and 5,000 nodes / 25,000 edges well within a frame budget of a worker.
import { describe, expect, it } from 'vitest';
import { layeredGrid, useDagre, type LayoutRequest } from './layout.js';

const at = (positions: Float64Array, i: number) => ({ x: positions[2 * i] ?? NaN, y: positions[2 * i + 1] ?? NaN });

describe('layered grid', () => {
  it('puts callers left of callees, and the outside node in the first block', () => {
    const request: LayoutRequest = {
      nodes: [
        { id: 'a', namespace: 'shop' },
        { id: 'b', namespace: 'shop' },
        { id: 'c', namespace: 'shop' },
        { id: 'outside', namespace: 'unknown' },
      ],
      edges: [
        [0, 1],
        [1, 2],
        [3, 0],
      ],
    };
    const { positions, boxes } = layeredGrid(request);
    expect(at(positions, 0).x).toBeLessThan(at(positions, 1).x);
    expect(at(positions, 1).x).toBeLessThan(at(positions, 2).x);
    expect(boxes.map((b) => b.namespace)).toEqual(['unknown', 'shop']);
    expect(boxes[0]).toMatchObject({ x: 0, y: 0 });
  });

  it('places every node of a cycle, once', () => {
    const { positions } = layeredGrid({ nodes: ['a', 'b', 'c'].map((id) => ({ id, namespace: 'ns' })), edges: [[0, 1], [1, 2], [2, 0]] });
    const xs = [0, 1, 2].map((i) => at(positions, i).x);
    expect(new Set(xs).size).toBe(3);
    expect(xs.every(Number.isFinite)).toBe(true);
  });

  it('lays out 5,000 nodes and 25,000 edges quickly, with no two nodes on one spot', () => {
    const nodes = Array.from({ length: 5000 }, (_, i) => ({ id: `n${i}`, namespace: `ns-${Math.floor(i / 10)}` }));
    let seed = 1;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const edges = Array.from({ length: 25000 }, () => [Math.floor(random() * 5000), Math.floor(random() * 5000)] as const);
    const started = performance.now();
    const { positions } = layeredGrid({ nodes, edges });
    expect(performance.now() - started).toBeLessThan(1000);
    const spots = new Set(nodes.map((_, i) => `${at(positions, i).x},${at(positions, i).y}`));
    expect(spots.size).toBe(5000);
    expect(useDagre({ nodes, edges })).toBe(false);
  });
});
