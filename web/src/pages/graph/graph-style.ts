// How nodes and edges look, and the classes that carry it. Colour is health (Kiali's convention); with
// Display → Security the line pattern says how much of an edge was mTLS (solid all, dashed part, dotted
// none) and overlay.ts draws the lock on top; an edge without data keeps its plain line and gets no lock.
// An edge the configuration predicts to fail has its own state, whatever its traffic: a magenta dash-dot
// line and a ✕ mark (overlay.ts), also when its caller was seen only before the window (`observed: false`).
// Everything is class-based: an element's classes pick its look from the rule tables below, resolved once
// per distinct class list (a handful), so restyling 80,000 elements is a string and a map lookup each.
import type { GraphEdge, GraphNode } from '../../../../src/api/graph-schemas.js';
import type { EdgeLabels } from './graph-settings.js';

/** Canvas cannot read CSS variables; these are PatternFly's status colours. */
export const COLORS = {
  healthy: '#3e8635',
  degraded: '#f0ab00',
  failure: '#c9190b',
  idle: '#8a8d90',
  tcp: '#0066cc',
  selected: '#2b9af3',
  found: '#f4c145',
  text: '#151515',
  /** PatternFly blue and purple, as the Ambient and waypoint labels of the pages. */
  ambient: '#0066cc',
  waypoint: '#5e40be',
  /** Predicted to fail: apart from health's red and the waypoint's purple. */
  predictedFailure: '#b3006b',
  subtle: '#6a6e73',
} as const;

/**
 * The node of callers that presented no identity. Not "outside the mesh": plaintext TCP carries no peer
 * metadata, so an in-mesh client sending plaintext TCP arrives here too (istio-mtls-semantics §5.5).
 */
export const OUTSIDE_LABEL = 'unknown caller (no identity)';

/** The server predicts the edge fails (core's engine decision, never worked out here). */
export const predictedFailure = (edge: GraphEdge): boolean => edge.predictedOutcome === 'fail';

export function nodeLabel(node: GraphNode, withNamespace = false): string {
  if (node.kind === 'outside') return OUTSIDE_LABEL;
  const name = node.workload ?? node.app ?? node.service ?? node.id;
  const text = node.version && node.kind === 'app' ? `${name} ${node.version}` : name;
  return withNamespace ? `${text}\n${node.namespace}` : text;
}

/**
 * A node nothing of the mesh carries: the server's data plane says `none`, or, where it does not know the data
 * plane, a known missing sidecar. Ambient workloads have no sidecar and are in the mesh.
 */
export function outOfMesh(node: GraphNode): boolean {
  if (node.kind === 'outside') return false;
  return node.dataplane !== null ? node.dataplane === 'none' : node.sidecar === false;
}

export function nodeClasses(node: GraphNode, options: { sidecars: boolean; close: boolean }): string {
  return [
    `kind-${node.kind}`,
    `health-${node.health.status}`,
    options.sidecars && outOfMesh(node) ? 'no-sidecar' : '',
    node.dataplane === 'ambient' ? 'ambient' : '',
    options.close ? 'named' : '',
  ].join(' ');
}

/**
 * Node names keep at least 11.5 px on screen as the view zooms out: a larger font the further out, in steps
 * (a class each, so the look changes once per step, not per frame). Below the last step a large graph hides
 * names (graph-canvas.tsx), a small one lets them shrink.
 */
const LABEL_STEPS: readonly (readonly [zoom: number, fontSize: number])[] = [
  [0.96, 12],
  [0.77, 15],
  [0.61, 19],
  [0.48, 24],
];
const FARTHEST_LABEL_SIZE = 30;

/** The font size of node names at a zoom, in graph units (on screen: size × zoom). */
export function labelFontSize(zoom: number): number {
  return LABEL_STEPS.find(([from]) => zoom >= from)?.[1] ?? FARTHEST_LABEL_SIZE;
}

export function labelClass(zoom: number): string {
  return `lz-${labelFontSize(zoom)}`;
}

const rate = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(1) : value.toFixed(2));

export function edgeLabel(edge: GraphEdge, labels: EdgeLabels): string {
  switch (labels) {
    case 'none':
      return '';
    case 'rate':
      return edge.protocol === 'tcp' ? `${rate(edge.requestRate)} conn/s` : `${rate(edge.requestRate)} rps`;
    case 'mtls':
      return edge.mtlsPercent === null ? 'no data' : `${edge.mtlsPercent}% mTLS`;
    case 'errors':
      return edge.errorPercent ? `${edge.errorPercent}% err` : '';
  }
}


/**
 * Line patterns are lengths in graph units, so zoomed out they shrink with everything else: at a 20,000-node
 * graph's fitted zoom a dotted edge became thousands of sub-pixel dashes each, and stroking them was most of the
 * first frame. Zoomed out, patterns are scaled by about 1/zoom, in steps, so a dash stays the few pixels the
 * legend shows (the class changes once per step, not per frame).
 */
const DASH_STEPS = [2, 8, 32, 128] as const;
/** From this zoom on, patterns are drawn as styled. */
const STYLED_PATTERN_ZOOM = 0.7;

/** The factor patterns are scaled by at a zoom: the pattern then measures between half and twice its styled length on screen. */
export function dashScale(zoom: number): number {
  if (zoom >= STYLED_PATTERN_ZOOM) return 1;
  const k = Math.max(0, Math.min(DASH_STEPS.length - 1, Math.round(Math.log(0.5 / zoom) / Math.log(4))));
  return DASH_STEPS[k] ?? 2;
}

/** The dash step's class at a zoom (empty when patterns are drawn as styled). */
export function dashClass(zoom: number): string {
  const scale = dashScale(zoom);
  return scale === 1 ? '' : `dash-${scale}`;
}

export function edgeClasses(edge: GraphEdge, options: { security: boolean; labels: EdgeLabels; close: boolean; dash: string }): string {
  const health = edge.health === 'healthy' && edge.protocol === 'tcp' ? 'tcp' : edge.health;
  const patterned = (options.security && (edge.security === 'partial' || edge.security === 'plaintext')) || predictedFailure(edge);
  return [
    `health-${health}`,
    options.security ? `sec-${edge.security}` : '',
    edge.waypoint ? 'waypoint' : '',
    predictedFailure(edge) ? 'predicted-fail' : '',
    options.labels === 'none' ? '' : 'labelled',
    options.close ? 'arrows' : '',
    patterned ? options.dash : '',
  ].join(' ');
}

export type NodeShape = 'ellipse' | 'round-rectangle' | 'triangle' | 'diamond';

/** How a node is drawn, in graph units (the renderer scales by the zoom). */
export interface NodeLook {
  readonly shape: NodeShape;
  readonly width: number;
  readonly height: number;
  readonly fill: string;
  readonly border: string;
  readonly borderWidth: number;
  /** dashed: missing sidecar; double: ambient (ztunnel around the workload). */
  readonly borderStyle: 'solid' | 'dashed' | 'double';
}

/** How an edge is drawn, in graph units; `dash` empty for a solid line. */
export interface EdgeLook {
  readonly color: string;
  readonly width: number;
  readonly dash: readonly number[];
  /** A casing around the line (through a waypoint), or null. */
  readonly casing: string | null;
}

const BASE_NODE: NodeLook = { shape: 'ellipse', width: 28, height: 28, fill: '#ffffff', border: COLORS.idle, borderWidth: 3, borderStyle: 'solid' };

/** Applied in order to the classes an element has; a later rule wins, as in a stylesheet. */
const NODE_RULES: readonly (readonly [string, Partial<NodeLook>])[] = [
  ['kind-app', { shape: 'round-rectangle', width: 34 }],
  ['kind-service', { shape: 'triangle', width: 32, height: 30 }],
  ['kind-outside', { shape: 'diamond', width: 34, height: 34, fill: '#f0f0f0' }],
  ['health-healthy', { border: COLORS.healthy }],
  ['health-degraded', { border: COLORS.degraded }],
  ['health-failure', { border: COLORS.failure }],
  ['no-sidecar', { borderStyle: 'dashed' }],
  ['ambient', { borderStyle: 'double', borderWidth: 5 }],
];

const BASE_EDGE: EdgeLook = { color: COLORS.idle, width: 2, dash: [], casing: null };

/** Display → Security's lines for part and no mTLS, in graph units; the legend draws the same. */
export const SECURITY_LINES = {
  partial: { dash: [8, 4] },
  // Dotted: dots as long as their gaps.
  plaintext: { dash: [2, 2], width: 3 },
} as const satisfies Record<string, Partial<EdgeLook>>;

const EDGE_RULES: readonly (readonly [string, Partial<EdgeLook>])[] = [
  ['health-healthy', { color: COLORS.healthy }],
  ['health-tcp', { color: COLORS.tcp }],
  ['health-degraded', { color: COLORS.degraded }],
  ['health-failure', { color: COLORS.failure }],
  // Through a waypoint: a purple casing around the line, whatever its health colour and security pattern.
  ['waypoint', { casing: COLORS.waypoint }],
  ['sec-partial', SECURITY_LINES.partial],
  ['sec-plaintext', SECURITY_LINES.plaintext],
  // After health and security: the configuration refuses this edge, which matters more than how it looked.
  ['predicted-fail', { color: COLORS.predictedFailure, dash: [10, 4, 2, 4], width: 3 }],
];

/** The rules' look for a class list; callers keep one per distinct list. */
function resolve<T extends object>(base: T, rules: readonly (readonly [string, Partial<T>])[], classes: string): T {
  const has = new Set(classes.split(' '));
  return rules.reduce<T>((look, [name, rule]) => (has.has(name) ? { ...look, ...rule } : look), base);
}

export const nodeLook = (classes: string): NodeLook => resolve(BASE_NODE, NODE_RULES, classes);
export const edgeLook = (classes: string): EdgeLook => resolve(BASE_EDGE, EDGE_RULES, classes);

/** The rule order, for the test that predicted failures come last. */
export const EDGE_RULE_ORDER: readonly string[] = EDGE_RULES.map(([name]) => name);

/** Selection, Find and keyboard focus, drawn over an element's own look. */
export const HIGHLIGHT = {
  selectedBorderWidth: 5,
  selectedEdgeWidth: 4,
  found: { color: COLORS.found, alpha: 0.55, padding: 7 },
  focus: { color: COLORS.selected, alpha: 0.45, padding: 9 },
} as const;

/** Edge labels: 9 units above the line's middle, clear of the lock, hidden below 8 px on screen. */
export const EDGE_LABEL = { fontSize: 9, offset: -13, minScreenPx: 8 } as const;
/** Node names are hidden where they would be under 6 px on screen (a small graph zoomed far out). */
export const MIN_NAME_PX = 6;
export const FONT_FAMILY = 'RedHatText, "Red Hat Text", Helvetica, Arial, sans-serif';
