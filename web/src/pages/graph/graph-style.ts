// How nodes and edges look, and the classes that carry it. Colour is health (Kiali's convention); with
// Display → Security the line pattern says how much of an edge was mTLS (solid all, dashed part, dotted
// none) and overlay.ts draws the lock on top; an edge without data keeps its plain line and gets no lock.
// An edge the configuration predicts to fail has its own state, whatever its traffic: a magenta dash-dot
// line and a ✕ mark (overlay.ts), also when its caller was seen only before the window (`observed: false`).
// Everything is class-based (no per-element style functions): restyling 30,000 elements stays cheap.
import type { StylesheetJson } from 'cytoscape';
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

export const NODE_SHAPES: Readonly<Record<GraphNode['kind'], string>> = { workload: 'ellipse', app: 'round-rectangle', service: 'triangle', outside: 'diamond' };

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
 * (a class each, so zooming restyles once per step, not per frame). Below the last step a large graph hides
 * names (graph-canvas.tsx), a small one lets them shrink.
 */
const LABEL_STEPS: readonly (readonly [number, string])[] = [
  [0.96, 'lz-12'],
  [0.77, 'lz-15'],
  [0.61, 'lz-19'],
  [0.48, 'lz-24'],
];

export function labelClass(zoom: number): string {
  return LABEL_STEPS.find(([from]) => zoom >= from)?.[1] ?? 'lz-30';
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

/** The edges whose line has a pattern: the ones a dash step applies to. */
export const PATTERNED_EDGES = 'edge.sec-partial, edge.sec-plaintext, edge.predicted-fail';

/**
 * Line patterns are lengths in graph units, so zoomed out they shrink with everything else: at a 20,000-node
 * graph's fitted zoom a dotted edge became thousands of sub-pixel dashes each, and stroking them was most of the
 * first frame. Zoomed out, patterned edges take a class that scales their pattern by about 1/zoom, in steps, so
 * a dash stays the few pixels the legend shows (the class changes once per step, not per frame).
 */
const DASH_STEPS = [2, 8, 32, 128] as const;
/** From this zoom on, patterns are drawn as styled. */
const STYLED_PATTERN_ZOOM = 0.7;

/** The dash step for a zoom: the pattern then measures between half and twice its styled length on screen. */
export function dashClass(zoom: number): string {
  if (zoom >= STYLED_PATTERN_ZOOM) return '';
  // Steps four apart keep the selectors few: every element is matched against every selector.
  const k = Math.max(0, Math.min(DASH_STEPS.length - 1, Math.round(Math.log(0.5 / zoom) / Math.log(4))));
  return `dash-${DASH_STEPS[k] ?? 2}`;
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

export function graphStyle(): StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        shape: 'ellipse',
        width: 28,
        height: 28,
        'background-color': '#ffffff',
        'border-width': 3,
        'border-color': COLORS.idle,
      },
    },
    {
      // Like arrows, node names show on a large graph only once zoomed in (graph-canvas.tsx toggles the class).
      selector: 'node.named',
      style: {
        label: 'data(label)',
        'font-size': 12,
        'font-family': 'RedHatText, "Red Hat Text", Helvetica, Arial, sans-serif',
        color: COLORS.text,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.8,
        'text-wrap': 'wrap',
        'min-zoomed-font-size': 6,
      },
    },
    ...[12, 15, 19, 24, 30].map((size) => ({ selector: `node.named.lz-${size}`, style: { 'font-size': size } })),
    { selector: 'node.kind-app', style: { shape: 'round-rectangle', width: 34 } },
    { selector: 'node.kind-service', style: { shape: 'triangle', width: 32, height: 30 } },
    { selector: 'node.kind-outside', style: { shape: 'diamond', width: 34, height: 34, 'background-color': '#f0f0f0' } },
    { selector: 'node.health-healthy', style: { 'border-color': COLORS.healthy } },
    { selector: 'node.health-degraded', style: { 'border-color': COLORS.degraded } },
    { selector: 'node.health-failure', style: { 'border-color': COLORS.failure } },
    { selector: 'node.no-sidecar', style: { 'border-style': 'dashed' } },
    // Ambient: a double ring (ztunnel around the workload) and the "A" badge overlay.ts draws.
    { selector: 'node.ambient', style: { 'border-style': 'double', 'border-width': 5 } },
    {
      selector: 'edge',
      style: {
        width: 2,
        'line-color': COLORS.idle,
        'target-arrow-color': COLORS.idle,
        // Straight lines for the large grid: bezier routing of 60,000 edges costs more than it shows.
        'curve-style': 'straight',
      },
    },
    {
      // The layered layout routes edges through the gaps between layers (layout.ts): rounded corners.
      selector: 'edge.routed',
      style: { 'curve-style': 'round-segments', 'segment-weights': 'data(sw)', 'segment-distances': 'data(sd)', 'segment-radii': [12], 'edge-distances': 'node-position' },
    },
    // Arrows are the costliest part of drawing an edge (measured: over a second for 25,000); a large graph
    // shows them only when zoomed in enough to see them (graph-canvas.tsx toggles the class).
    { selector: 'edge.arrows', style: { 'target-arrow-shape': 'triangle', 'arrow-scale': 0.8 } },
    {
      selector: 'edge.labelled',
      style: {
        label: 'data(label)',
        'font-size': 9,
        color: COLORS.text,
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
        // Above the line, clear of the lock the overlay draws at the midpoint.
        'text-margin-y': -13,
        'min-zoomed-font-size': 8,
      },
    },
    { selector: 'edge.health-healthy', style: { 'line-color': COLORS.healthy, 'target-arrow-color': COLORS.healthy } },
    { selector: 'edge.health-tcp', style: { 'line-color': COLORS.tcp, 'target-arrow-color': COLORS.tcp } },
    { selector: 'edge.health-degraded', style: { 'line-color': COLORS.degraded, 'target-arrow-color': COLORS.degraded } },
    { selector: 'edge.health-failure', style: { 'line-color': COLORS.failure, 'target-arrow-color': COLORS.failure } },
    // Through a waypoint: a purple casing around the line, whatever its health colour and security pattern.
    { selector: 'edge.waypoint', style: { 'line-outline-width': 3, 'line-outline-color': COLORS.waypoint } },
    { selector: 'edge.sec-partial', style: { 'line-style': 'dashed', 'line-dash-pattern': [8, 4] } },
    { selector: 'edge.sec-plaintext', style: { 'line-style': 'dotted', width: 3 } },
    // After health and security: the configuration refuses this edge, which matters more than how it looked.
    { selector: 'edge.predicted-fail', style: { 'line-color': COLORS.predictedFailure, 'target-arrow-color': COLORS.predictedFailure, 'line-style': 'dashed', 'line-dash-pattern': [10, 4, 2, 4], width: 3 } },
    // The same patterns zoomed out (dashClass): dotted is drawn as dashes as long as their gaps, a few pixels each.
    ...DASH_STEPS.flatMap((step) => [
      { selector: `edge.sec-partial.dash-${step}`, style: { 'line-dash-pattern': [8 * step, 4 * step] } },
      { selector: `edge.sec-plaintext.dash-${step}`, style: { 'line-style': 'dashed' as const, 'line-dash-pattern': [2 * step, 2 * step] } },
    ]),
    ...DASH_STEPS.map((step) => ({ selector: `edge.predicted-fail.dash-${step}`, style: { 'line-dash-pattern': [10 * step, 4 * step, 2 * step, 4 * step] } })),
    { selector: '.found', style: { 'underlay-color': COLORS.found, 'underlay-opacity': 0.55, 'underlay-padding': 7 } },
    { selector: '.hidden', style: { display: 'none' } },
    { selector: 'node:selected', style: { 'border-color': COLORS.selected, 'border-width': 5 } },
    // Keyboard focus: a blue halo, visible whatever the health colour.
    { selector: '.kbd-focus', style: { 'underlay-color': COLORS.selected, 'underlay-opacity': 0.45, 'underlay-padding': 9, 'underlay-shape': 'ellipse' } },
    { selector: 'edge:selected', style: { 'line-color': COLORS.selected, 'target-arrow-color': COLORS.selected, width: 4 } },
  ];
}
