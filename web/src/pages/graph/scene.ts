// What the canvas draws, as flat arrays: node centres from the layout, every edge as a polyline from centre to
// centre through the layout's route, its midpoint (where its lock goes and where a click finds it) and its
// bounding box; and, per element, the index of its look among the few distinct ones (graph-style.ts) and its
// label. Geometry is made once per laid-out structure; the style part again when the data or Display options
// change (a refresh of the same graph keeps the geometry, unlike Kiali's rebuild per poll).
import type { Graph, GraphEdge, GraphNode } from '../../../../src/api/graph-schemas.js';
import type { Matcher } from './find-hide.js';
import { edgeClasses, edgeLabel, edgeLook, nodeClasses, nodeLabel, nodeLook, outOfMesh, predictedFailure, type EdgeLook, type NodeLook } from './graph-style.js';
import type { EdgeLabels } from './graph-settings.js';
import type { LayoutResult, NamespaceBox } from './layout.js';
import type { OverlayItems } from './overlay.js';

export interface SceneGeometry {
  readonly nodeIndex: ReadonlyMap<string, number>;
  readonly edgeIndex: ReadonlyMap<string, number>;
  /** x, y of node i at 2i, 2i + 1 (graph units). */
  readonly positions: Float64Array;
  readonly source: Uint32Array;
  readonly target: Uint32Array;
  /** The polyline of edge i: x, y pairs in `points` from pointStart[i] to pointStart[i + 1], centre to centre. */
  readonly points: Float64Array;
  readonly pointStart: Uint32Array;
  /** Halfway along each edge's line: x, y at 2i, 2i + 1. */
  readonly midpoints: Float64Array;
  /** x1, y1, x2, y2 of each edge's line at 4i. */
  readonly edgeBounds: Float64Array;
  readonly boxes: readonly NamespaceBox[];
}

export interface SceneStyle {
  readonly nodeLooks: readonly NodeLook[];
  readonly nodeLookOf: Uint16Array;
  /** Half the larger side of each node's look: where edges end and clicks hit. */
  readonly nodeRadius: Float32Array;
  readonly edgeLooks: readonly EdgeLook[];
  readonly edgeLookOf: Uint16Array;
  /** Names and edge labels, made when first drawn (zoomed out, a large graph draws none). */
  nodeLabel(n: number): string;
  readonly edgeLabels: boolean;
  edgeLabel(e: number): string;
}

export function sceneGeometry(graph: Graph, layout: LayoutResult): SceneGeometry {
  const nodeIndex = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const edgeIndex = new Map(graph.edges.map((e, i) => [e.id, i]));
  const count = graph.edges.length;
  const source = new Uint32Array(count);
  const target = new Uint32Array(count);
  const pointStart = new Uint32Array(count + 1);
  const routed = layout.routeStart.length === count + 1;
  let total = 0;
  for (let e = 0; e < count; e++) {
    const edge = graph.edges[e];
    source[e] = nodeIndex.get(edge?.source ?? '') ?? 0;
    target[e] = nodeIndex.get(edge?.target ?? '') ?? 0;
    pointStart[e] = total;
    total += 4 + (routed ? (layout.routeStart[e + 1] ?? 0) - (layout.routeStart[e] ?? 0) : 0);
  }
  pointStart[count] = total;
  const p = layout.positions;
  const points = new Float64Array(total);
  const midpoints = new Float64Array(2 * count);
  const edgeBounds = new Float64Array(4 * count);
  for (let e = 0; e < count; e++) {
    const s = source[e] ?? 0;
    const t = target[e] ?? 0;
    let at = pointStart[e] ?? 0;
    const from = at;
    points[at++] = p[2 * s] ?? 0;
    points[at++] = p[2 * s + 1] ?? 0;
    if (routed) for (let k = layout.routeStart[e] ?? 0; k < (layout.routeStart[e + 1] ?? 0); k++) points[at++] = layout.routes[k] ?? 0;
    points[at++] = p[2 * t] ?? 0;
    points[at++] = p[2 * t + 1] ?? 0;
    measureLine(points, from, at, e, midpoints, edgeBounds);
  }
  return { nodeIndex, edgeIndex, positions: p, source, target, points, pointStart, midpoints, edgeBounds, boxes: layout.boxes };
}

/** The midpoint (by length along the line) and the bounding box of the polyline in points[from, to). */
function measureLine(points: Float64Array, from: number, to: number, e: number, midpoints: Float64Array, bounds: Float64Array): void {
  let length = 0;
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (let k = from; k < to; k += 2) {
    const x = points[k] ?? 0;
    const y = points[k + 1] ?? 0;
    x1 = Math.min(x1, x);
    y1 = Math.min(y1, y);
    x2 = Math.max(x2, x);
    y2 = Math.max(y2, y);
    if (k > from) length += Math.hypot(x - (points[k - 2] ?? 0), y - (points[k - 1] ?? 0));
  }
  bounds[4 * e] = x1;
  bounds[4 * e + 1] = y1;
  bounds[4 * e + 2] = x2;
  bounds[4 * e + 3] = y2;
  let left = length / 2;
  for (let k = from + 2; k < to; k += 2) {
    const ax = points[k - 2] ?? 0;
    const ay = points[k - 1] ?? 0;
    const bx = points[k] ?? 0;
    const by = points[k + 1] ?? 0;
    const piece = Math.hypot(bx - ax, by - ay);
    if (piece >= left || k + 2 >= to) {
      const f = piece === 0 ? 0 : Math.min(1, left / piece);
      midpoints[2 * e] = ax + (bx - ax) * f;
      midpoints[2 * e + 1] = ay + (by - ay) * f;
      return;
    }
    left -= piece;
  }
}

export interface StyleOptions {
  readonly security: boolean;
  readonly sidecars: boolean;
  readonly labels: EdgeLabels;
  /** With several namespaces and no boxes saying which, names add their namespace. */
  readonly namespaced: boolean;
}

/**
 * Looks are resolved once per distinct class list: a handful for any graph. Elements are told apart by a
 * number made of what their classes depend on, so the class text is built once per look, not per element.
 */
function lookTable<T>(resolve: (classes: string) => T): { looks: T[]; indexOf(key: number, classes: () => string): number } {
  const looks: T[] = [];
  const known = new Map<number, number>();
  return {
    looks,
    indexOf(key, classes) {
      let index = known.get(key);
      if (index === undefined) {
        index = looks.length;
        looks.push(resolve(classes()));
        known.set(key, index);
      }
      return index;
    },
  };
}

const KIND_CODE = { workload: 0, app: 1, service: 2, outside: 3 } as const;
const HEALTH_CODE = { healthy: 0, degraded: 1, failure: 2, idle: 3 } as const;
const SECURITY_CODE = { mtls: 1, partial: 2, plaintext: 3, 'no-data': 4 } as const;

/** Everything nodeClasses depends on, apart from the zoom. */
function nodeKey(node: GraphNode, sidecars: boolean): number {
  return KIND_CODE[node.kind] * 16 + HEALTH_CODE[node.health.status] * 4 + (sidecars && outOfMesh(node) ? 2 : 0) + (node.dataplane === 'ambient' ? 1 : 0);
}

/** Everything edgeClasses depends on, apart from the zoom and the labels. */
function edgeKey(edge: GraphEdge, security: boolean): number {
  const health = edge.health === 'healthy' && edge.protocol === 'tcp' ? 4 : HEALTH_CODE[edge.health];
  return ((health * 5 + (security ? SECURITY_CODE[edge.security] : 0)) * 2 + (edge.waypoint ? 1 : 0)) * 2 + (predictedFailure(edge) ? 1 : 0);
}

/** A lazily filled list: item i made on first use. */
function lazy(count: number, make: (i: number) => string): (i: number) => string {
  const made: (string | undefined)[] = new Array<string | undefined>(count);
  return (i) => (made[i] ??= make(i));
}

export function sceneStyle(graph: Graph, options: StyleOptions): SceneStyle {
  const nodes = lookTable(nodeLook);
  const edges = lookTable(edgeLook);
  // Zoom-dependent classes (names, arrows, dash steps) are the renderer's business, not part of the look.
  const nodeLookOf = new Uint16Array(graph.nodes.length);
  graph.nodes.forEach((n, i) => (nodeLookOf[i] = nodes.indexOf(nodeKey(n, options.sidecars), () => nodeClasses(n, { sidecars: options.sidecars, close: false }))));
  const edgeLookOf = new Uint16Array(graph.edges.length);
  graph.edges.forEach((e, i) => (edgeLookOf[i] = edges.indexOf(edgeKey(e, options.security), () => edgeClasses(e, { security: options.security, labels: 'none', close: false, dash: '' }))));
  const radii = nodes.looks.map((look) => Math.max(look.width, look.height) / 2);
  return {
    nodeLooks: nodes.looks,
    nodeLookOf,
    nodeRadius: Float32Array.from(nodeLookOf, (i) => radii[i] ?? 14),
    edgeLooks: edges.looks,
    edgeLookOf,
    nodeLabel: lazy(graph.nodes.length, (i) => {
      const node = graph.nodes[i];
      return node ? nodeLabel(node, options.namespaced) : '';
    }),
    edgeLabels: options.labels !== 'none',
    edgeLabel: lazy(graph.edges.length, (i) => {
      const edge = graph.edges[i];
      return edge ? edgeLabel(edge, options.labels) : '';
    }),
  };
}

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const k = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + k * dx), py - (ay + k * dy));
}

/** The distance from (x, y) to edge e's line. */
export function distanceToEdge(geometry: SceneGeometry, e: number, x: number, y: number): number {
  const { points, pointStart } = geometry;
  let best = Infinity;
  for (let k = (pointStart[e] ?? 0) + 2; k < (pointStart[e + 1] ?? 0); k += 2) {
    best = Math.min(best, distanceToSegment(x, y, points[k - 2] ?? 0, points[k - 1] ?? 0, points[k] ?? 0, points[k + 1] ?? 0));
  }
  return best;
}

export type Hit = { readonly kind: 'node' | 'edge'; readonly index: number };

/**
 * What is under (x, y) in graph units: the nearest node whose shape covers it, else the nearest edge within
 * `slack`. A scan of flat arrays: 20,000 nodes and 60,000 edges in about a millisecond (measured in
 * docs/graph.md), so no index to build before the first frame.
 */
export function hitTest(geometry: SceneGeometry, style: SceneStyle, hidden: { nodes: Uint8Array; edges: Uint8Array }, x: number, y: number, slack: number): Hit | null {
  const { positions, edgeBounds } = geometry;
  let node = -1;
  let nodeDistance = Infinity;
  for (let i = 0; i < style.nodeRadius.length; i++) {
    if (hidden.nodes[i]) continue;
    const d = Math.hypot(x - (positions[2 * i] ?? 0), y - (positions[2 * i + 1] ?? 0));
    if (d <= (style.nodeRadius[i] ?? 0) + slack / 2 && d < nodeDistance) {
      node = i;
      nodeDistance = d;
    }
  }
  if (node >= 0) return { kind: 'node', index: node };
  let edge = -1;
  let edgeDistance = slack;
  const count = geometry.source.length;
  for (let e = 0; e < count; e++) {
    if (hidden.edges[e]) continue;
    if (x < (edgeBounds[4 * e] ?? 0) - slack || x > (edgeBounds[4 * e + 2] ?? 0) + slack || y < (edgeBounds[4 * e + 1] ?? 0) - slack || y > (edgeBounds[4 * e + 3] ?? 0) + slack) continue;
    const d = distanceToEdge(geometry, e, x, y);
    if (d <= edgeDistance) {
      edge = e;
      edgeDistance = d;
    }
  }
  return edge >= 0 ? { kind: 'edge', index: edge } : null;
}

/** "edge through node" for every edge whose line passes over a node it does not connect (the layout's promise). */
export function edgesThroughNodes(graph: Graph, geometry: SceneGeometry, style: SceneStyle): string[] {
  const through: string[] = [];
  const { positions, source, target } = geometry;
  graph.edges.forEach((edge, e) => {
    for (let n = 0; n < graph.nodes.length; n++) {
      if (n === source[e] || n === target[e]) continue;
      if (distanceToEdge(geometry, e, positions[2 * n] ?? 0, positions[2 * n + 1] ?? 0) < (style.nodeRadius[n] ?? 0)) {
        through.push(`${edge.id} through ${graph.nodes[n]?.id ?? ''}`);
      }
    }
  });
  return through;
}

export interface Marks {
  /** Per node and per edge: 1 when marked. */
  readonly nodes: Uint8Array;
  readonly edges: Uint8Array;
}

/**
 * What an expression marks. For Hide (`orphans`): also the nodes it leaves without any visible edge, and every
 * edge one of whose nodes is hidden.
 */
export function matchMarks(graph: Graph, geometry: SceneGeometry, matcher: Matcher | undefined, orphans: boolean): Marks {
  const nodes = new Uint8Array(graph.nodes.length);
  const edges = new Uint8Array(graph.edges.length);
  if (!matcher?.ok) return { nodes, edges };
  if (matcher.target === 'node') graph.nodes.forEach((n, i) => (nodes[i] = matcher.test(n) ? 1 : 0));
  else graph.edges.forEach((e, i) => (edges[i] = matcher.test(e) ? 1 : 0));
  if (!orphans) return { nodes, edges };
  const { source, target } = geometry;
  if (matcher.target === 'edge') {
    const connected = new Uint8Array(graph.nodes.length);
    const visible = new Uint8Array(graph.nodes.length);
    for (let e = 0; e < edges.length; e++) {
      const s = source[e] ?? 0;
      const t = target[e] ?? 0;
      connected[s] = connected[t] = 1;
      if (!edges[e]) visible[s] = visible[t] = 1;
    }
    for (let n = 0; n < nodes.length; n++) if (connected[n] && !visible[n]) nodes[n] = 1;
  }
  for (let e = 0; e < edges.length; e++) if (nodes[source[e] ?? 0] || nodes[target[e] ?? 0]) edges[e] = 1;
  return { nodes, edges };
}

/** The glyphs of what is visible, at the edges' midpoints and the nodes' centres. */
export function overlayItems(graph: Graph, geometry: SceneGeometry, hidden: Marks): OverlayItems {
  const visibleEdges = graph.edges.flatMap((e, i) => (hidden.edges[i] ? [] : [i]));
  const edgePoints = new Float64Array(visibleEdges.length * 2);
  visibleEdges.forEach((e, k) => edgePoints.set([geometry.midpoints[2 * e] ?? 0, geometry.midpoints[2 * e + 1] ?? 0], 2 * k));
  const pointsOf = (test: (node: Graph['nodes'][number]) => boolean) => {
    const picked = graph.nodes.flatMap((n, i) => (!hidden.nodes[i] && test(n) ? [i] : []));
    const points = new Float64Array(picked.length * 2);
    picked.forEach((n, k) => points.set([geometry.positions[2 * n] ?? 0, geometry.positions[2 * n + 1] ?? 0], 2 * k));
    return points;
  };
  const edgeAt = (e: number) => graph.edges[e];
  return {
    edgePoints,
    edgeLocks: visibleEdges.map((e) => edgeAt(e)?.lock ?? null),
    edgeWaypoints: visibleEdges.map((e) => (edgeAt(e)?.waypoint ?? null) !== null),
    edgeFailures: visibleEdges.map((e) => {
      const edge = edgeAt(e);
      return edge ? predictedFailure(edge) : false;
    }),
    badgePoints: pointsOf(outOfMesh),
    ambientPoints: pointsOf((n) => n.dataplane === 'ambient'),
  };
}
