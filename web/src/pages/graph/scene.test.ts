// The scene behind the canvas: where an edge's lock goes, what a click at a point picks, what Hide removes,
// and the check that no edge runs over a node.
import { describe, expect, it } from 'vitest';
import type { Graph, GraphEdge } from '../../../../src/api/graph-schemas.js';
import { compileExpression } from './find-hide.js';
import { testEdge, testNode } from './graph-builders.js';
import type { LayoutResult } from './layout.js';
import { edgesThroughNodes, hitTest, matchMarks, overlayItems, sceneGeometry, sceneStyle } from './scene.js';

const node = (name: string) => testNode({ id: `workload:shop/${name}`, namespace: 'shop', workload: name, app: name, version: null, service: name });
const edge = (from: string, to: string, over: Partial<GraphEdge> = {}) =>
  testEdge({ id: `workload:shop/${from}>workload:shop/${to}>http`, source: `workload:shop/${from}`, target: `workload:shop/${to}`, requestRate: 1, ...over });

// a (0, 0) → c (400, 0) is routed below b (200, 0) through (100, 100) and (300, 100); b → c is straight, and
// a → b is too.
const graph: Graph = {
  nodes: [node('a'), node('b'), node('c')],
  edges: [edge('a', 'c'), edge('b', 'c', { security: 'partial', mtlsPercent: 50, plaintextPercent: 50, lock: 'hollow' }), edge('a', 'b', { predictedOutcome: 'fail' })],
  telemetry: { source: null, error: null, queries: 0, window: null },
} as unknown as Graph;
const layout: LayoutResult = {
  positions: Float64Array.from([0, 0, 200, 0, 400, 0]),
  algorithm: 'layered',
  boxes: [],
  routes: Float64Array.from([100, 100, 300, 100]),
  routeStart: Uint32Array.from([0, 4, 4, 4]),
  ms: 0,
};
const geometry = sceneGeometry(graph, layout);
const style = sceneStyle(graph, { security: true, sidecars: true, labels: 'none', namespaced: false });
const nothing = { nodes: new Uint8Array(3), edges: new Uint8Array(3) };

describe('scene geometry', () => {
  it('puts an edge’s midpoint halfway along its route, on the bend it takes around a node', () => {
    expect([geometry.midpoints[0], geometry.midpoints[1]]).toEqual([200, 100]);
    expect([geometry.midpoints[2], geometry.midpoints[3]]).toEqual([300, 0]);
    expect(Array.from(geometry.edgeBounds.subarray(0, 4))).toEqual([0, 0, 400, 100]);
  });

  it('finds no edge through a node when edges are routed around them, and names one that is not', () => {
    expect(edgesThroughNodes(graph, geometry, style)).toEqual([]);
    const straight = sceneGeometry(graph, { ...layout, routes: new Float64Array(), routeStart: new Uint32Array() });
    expect(edgesThroughNodes(graph, straight, style)).toEqual(['workload:shop/a>workload:shop/c>http through workload:shop/b']);
  });
});

describe('hit test', () => {
  it('picks a node inside its shape, an edge near its line, and nothing on empty ground', () => {
    expect(hitTest(geometry, style, nothing, 205, 5, 6)).toEqual({ kind: 'node', index: 1 });
    expect(hitTest(geometry, style, nothing, 200, 97, 6)).toEqual({ kind: 'edge', index: 0 });
    expect(hitTest(geometry, style, nothing, 300, 3, 6)).toEqual({ kind: 'edge', index: 1 });
    expect(hitTest(geometry, style, nothing, 200, 50, 6)).toBeNull();
  });

  it('never picks what Hide removed', () => {
    const hide = compileExpression('name = b');
    const hidden = matchMarks(graph, geometry, hide, true);
    expect(Array.from(hidden.nodes)).toEqual([0, 1, 0]);
    // Both edges of b go with it; a → c stays.
    expect(Array.from(hidden.edges)).toEqual([0, 1, 1]);
    expect(hitTest(geometry, style, hidden, 205, 5, 6)).toBeNull();
    expect(hitTest(geometry, style, hidden, 200, 97, 6)).toEqual({ kind: 'edge', index: 0 });
  });
});

describe('marks and glyphs', () => {
  it('hides the nodes a Hide of edges leaves without any edge', () => {
    const hidden = matchMarks(graph, geometry, compileExpression('mtls = 100'), true);
    expect(Array.from(hidden.edges)).toEqual([1, 0, 1]);
    // a loses both its edges; b and c keep b → c.
    expect(Array.from(hidden.nodes)).toEqual([1, 0, 0]);
    const all = matchMarks(graph, geometry, compileExpression('protocol = http'), true);
    expect(Array.from(all.nodes)).toEqual([1, 1, 1]);
  });

  it('puts locks and failure marks on the visible edges’ midpoints only', () => {
    const hidden = matchMarks(graph, geometry, compileExpression('security = partial'), true);
    const items = overlayItems(graph, geometry, hidden);
    expect(items.edgeLocks).toEqual(['full', 'full']);
    expect(items.edgeFailures).toEqual([false, true]);
    expect(Array.from(items.edgePoints)).toEqual([200, 100, 100, 0]);
  });

  it('resolves one look per distinct class list, shared by the elements that have it', () => {
    expect(style.edgeLooks).toHaveLength(3);
    expect(style.nodeLooks).toHaveLength(1);
    expect(style.edgeLooks[style.edgeLookOf[1] ?? 0]?.dash).toEqual([8, 4]);
  });
});
