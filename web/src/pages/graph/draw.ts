// Draws a scene (scene.ts) on a 2D canvas at one view. One path per look: every edge of a look goes into one
// Path2D stroked once, every node of a look into one filled and stroked once, so a frame costs a few dozen
// canvas calls whatever the size, plus the points themselves. Elements outside the view are skipped. Level of
// detail: zoomed out until a node is a few pixels, nodes are squares of their health colour; names and arrows
// only from CLOSE_ZOOM on for large graphs (graph-canvas.tsx decides `close`). Order, bottom to top: namespace
// boxes, Find and focus highlights, edges, the selected edge, arrows, nodes, names, edge labels, then the
// locks and badges of overlay.ts.
import { COLORS, dashScale, EDGE_LABEL, FONT_FAMILY, HIGHLIGHT, labelFontSize, MIN_NAME_PX, type EdgeLook, type NodeLook } from './graph-style.js';
import { drawBoxes, drawOverlay, type OverlayItems, type View } from './overlay.js';
import type { Hit, Marks, SceneGeometry, SceneStyle } from './scene.js';

export interface DrawState {
  readonly view: View;
  /** Hide's result; an edge is hidden too when one of its nodes is. */
  readonly hidden: Marks;
  readonly found: Marks;
  readonly selected: Hit | null;
  readonly focus: Hit | null;
  /** Zoomed in enough for names and arrows. */
  readonly close: boolean;
  readonly overlay: OverlayItems;
  readonly options: { readonly security: boolean; readonly sidecars: boolean };
}

/** Below this many pixels across, a node is drawn as a square of its border colour. */
const DETAIL_NODE_PX = 5;
/** Thinner than a pixel, a line would be a grey smear: lines and borders keep at least this width on screen. */
const MIN_LINE_PX = 1;
/** Corners of routed edges, graph units. */
const CORNER_RADIUS = 12;
/** Cytoscape's triangle arrow at width 2 and scale 0.8, which the graph used: 7 units long, 7 wide. */
const ARROW_LENGTH = 7;
const ARROW_HALF_WIDTH = 3.5;
const MISSING_SIDECAR_DASH = [5, 3];
/** Find and focus highlights of edges stay at least this wide on screen. */
const MIN_HIGHLIGHT_PX = 5;

interface Frame {
  readonly ctx: CanvasRenderingContext2D;
  readonly g: SceneGeometry;
  readonly s: SceneStyle;
  readonly zoom: number;
  readonly px: number;
  readonly py: number;
  /** The view in graph units, widened by a margin for shapes half outside it. */
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

const lineWidth = (units: number, zoom: number) => Math.max(MIN_LINE_PX, units * zoom);

function edgeInView(f: Frame, e: number): boolean {
  const b = f.g.edgeBounds;
  return !((b[4 * e] ?? 0) > f.x2 || (b[4 * e + 2] ?? 0) < f.x1 || (b[4 * e + 1] ?? 0) > f.y2 || (b[4 * e + 3] ?? 0) < f.y1);
}

function nodeInView(f: Frame, n: number): boolean {
  const x = f.g.positions[2 * n] ?? 0;
  const y = f.g.positions[2 * n + 1] ?? 0;
  return x > f.x1 && x < f.x2 && y > f.y1 && y < f.y2;
}

/**
 * Edge e's line in screen pixels, from the source's border to the target's, with rounded corners where the
 * layout routed it. Returns the end point and the direction it arrives from, for the arrow.
 */
function traceEdge(f: Frame, path: Path2D, e: number): { x: number; y: number; dx: number; dy: number } {
  const { points, pointStart, source, target } = f.g;
  const from = pointStart[e] ?? 0;
  const to = pointStart[e + 1] ?? 0;
  const sx = (k: number) => (points[k] ?? 0) * f.zoom + f.px;
  const sy = (k: number) => (points[k + 1] ?? 0) * f.zoom + f.py;
  // Pull the ends back to the nodes' borders along the first and last pieces.
  const clip = (k: number, toward: number, radius: number) => {
    const dx = sx(toward) - sx(k);
    const dy = sy(toward) - sy(k);
    const length = Math.hypot(dx, dy);
    const r = radius * f.zoom;
    return length > 2 * r ? { x: sx(k) + (dx * r) / length, y: sy(k) + (dy * r) / length } : { x: sx(k), y: sy(k) };
  };
  const start = clip(from, from + 2, f.s.nodeRadius[source[e] ?? 0] ?? 0);
  const end = clip(to - 2, to - 4, f.s.nodeRadius[target[e] ?? 0] ?? 0);
  path.moveTo(start.x, start.y);
  const corner = CORNER_RADIUS * f.zoom;
  for (let k = from + 2; k < to - 2; k += 2) {
    const last = k + 2 >= to - 2;
    path.arcTo(sx(k), sy(k), last ? end.x : sx(k + 2), last ? end.y : sy(k + 2), corner);
  }
  path.lineTo(end.x, end.y);
  const before = to - 4;
  const dx = end.x - (to - 4 > from ? sx(before) : start.x);
  const dy = end.y - (to - 4 > from ? sy(before) : start.y);
  return { x: end.x, y: end.y, dx, dy };
}

function traceArrow(path: Path2D, end: { x: number; y: number; dx: number; dy: number }, zoom: number): void {
  const length = Math.hypot(end.dx, end.dy);
  if (length === 0) return;
  const ux = end.dx / length;
  const uy = end.dy / length;
  const bx = end.x - ux * ARROW_LENGTH * zoom;
  const by = end.y - uy * ARROW_LENGTH * zoom;
  const w = ARROW_HALF_WIDTH * zoom;
  path.moveTo(end.x, end.y);
  path.lineTo(bx - uy * w, by + ux * w);
  path.lineTo(bx + uy * w, by - ux * w);
  path.closePath();
}

function traceNode(path: Path2D, look: NodeLook, x: number, y: number, zoom: number, pad = 0): void {
  const w = (look.width + 2 * pad) * zoom;
  const h = (look.height + 2 * pad) * zoom;
  switch (look.shape) {
    case 'ellipse':
      path.moveTo(x + w / 2, y);
      path.ellipse(x, y, w / 2, h / 2, 0, 0, Math.PI * 2);
      return;
    case 'round-rectangle':
      path.roundRect(x - w / 2, y - h / 2, w, h, Math.min(w, h) / 4);
      return;
    case 'triangle':
      path.moveTo(x, y - h / 2);
      path.lineTo(x + w / 2, y + h / 2);
      path.lineTo(x - w / 2, y + h / 2);
      path.closePath();
      return;
    case 'diamond':
      path.moveTo(x, y - h / 2);
      path.lineTo(x + w / 2, y);
      path.lineTo(x, y + h / 2);
      path.lineTo(x - w / 2, y);
      path.closePath();
  }
}

function strokeEdges(f: Frame, path: Path2D, look: EdgeLook, color: string, width: number): void {
  const { ctx, zoom } = f;
  if (look.casing) {
    ctx.setLineDash([]);
    ctx.strokeStyle = look.casing;
    ctx.lineWidth = lineWidth(width + 6, zoom);
    ctx.stroke(path);
  }
  const scale = dashScale(zoom) * zoom;
  ctx.setLineDash(look.dash.map((d) => Math.max(1, d * scale)));
  ctx.strokeStyle = color;
  ctx.lineWidth = lineWidth(width, zoom);
  ctx.stroke(path);
}

function drawHighlights(f: Frame, state: DrawState, marks: Marks, shape: 'ellipse' | 'round-rectangle', highlight: { color: string; alpha: number; padding: number }): void {
  const { ctx, g, s, zoom } = f;
  ctx.save();
  ctx.globalAlpha = highlight.alpha;
  ctx.strokeStyle = highlight.color;
  ctx.fillStyle = highlight.color;
  ctx.setLineDash([]);
  ctx.lineCap = 'round';
  const lines = s.edgeLooks.map(() => new Path2D());
  for (let e = 0; e < g.source.length; e++) {
    if (!marks.edges[e] || state.hidden.edges[e] || !edgeInView(f, e)) continue;
    const path = lines[s.edgeLookOf[e] ?? 0];
    if (path) traceEdge(f, path, e);
  }
  s.edgeLooks.forEach((look, i) => {
    // Zoomed out, a highlight keeps a few pixels either side of a line that is one pixel wide.
    ctx.lineWidth = Math.max(MIN_HIGHLIGHT_PX, (look.width + 2 * highlight.padding) * zoom);
    ctx.stroke(lines[i] ?? new Path2D());
  });
  const nodes = new Path2D();
  for (let n = 0; n < s.nodeRadius.length; n++) {
    if (!marks.nodes[n] || state.hidden.nodes[n] || !nodeInView(f, n)) continue;
    const look = s.nodeLooks[s.nodeLookOf[n] ?? 0];
    // Kept visible zoomed out, where the node itself is a few pixels.
    if (look) traceNode(nodes, { ...look, shape }, (g.positions[2 * n] ?? 0) * zoom + f.px, (g.positions[2 * n + 1] ?? 0) * zoom + f.py, Math.max(zoom, DETAIL_NODE_PX / look.width), highlight.padding);
  }
  ctx.fill(nodes);
  ctx.restore();
}

function drawEdges(f: Frame, state: DrawState): void {
  const { g, s, zoom } = f;
  const lines = s.edgeLooks.map(() => new Path2D());
  const arrows = s.edgeLooks.map(() => new Path2D());
  for (let e = 0; e < g.source.length; e++) {
    if (state.hidden.edges[e] || !edgeInView(f, e)) continue;
    const look = s.edgeLookOf[e] ?? 0;
    const path = lines[look];
    if (!path) continue;
    const end = traceEdge(f, path, e);
    if (state.close) traceArrow(arrows[look] ?? path, end, zoom);
  }
  f.ctx.lineCap = 'butt';
  f.ctx.lineJoin = 'round';
  s.edgeLooks.forEach((look, i) => strokeEdges(f, lines[i] ?? new Path2D(), look, look.color, look.width));
  const selected = state.selected?.kind === 'edge' ? state.selected.index : -1;
  const selectedLook = s.edgeLooks[s.edgeLookOf[selected] ?? 0];
  const selectedArrow = new Path2D();
  if (selected >= 0 && selectedLook && !state.hidden.edges[selected]) {
    const path = new Path2D();
    const end = traceEdge(f, path, selected);
    strokeEdges(f, path, selectedLook, COLORS.selected, HIGHLIGHT.selectedEdgeWidth);
    if (state.close) traceArrow(selectedArrow, end, zoom);
  }
  s.edgeLooks.forEach((look, i) => {
    f.ctx.fillStyle = look.color;
    f.ctx.fill(arrows[i] ?? new Path2D());
  });
  f.ctx.fillStyle = COLORS.selected;
  f.ctx.fill(selectedArrow);
}

function drawNodes(f: Frame, state: DrawState): void {
  const { ctx, g, s, zoom } = f;
  const detailed = 28 * zoom >= DETAIL_NODE_PX;
  const shapes = s.nodeLooks.map(() => new Path2D());
  const squareSide = Math.max(2, 28 * zoom);
  for (let n = 0; n < s.nodeRadius.length; n++) {
    if (state.hidden.nodes[n] || !nodeInView(f, n)) continue;
    const look = s.nodeLooks[s.nodeLookOf[n] ?? 0];
    const path = shapes[s.nodeLookOf[n] ?? 0];
    if (!look || !path) continue;
    const x = (g.positions[2 * n] ?? 0) * zoom + f.px;
    const y = (g.positions[2 * n + 1] ?? 0) * zoom + f.py;
    if (detailed) traceNode(path, look, x, y, zoom);
    else path.rect(x - squareSide / 2, y - squareSide / 2, squareSide, squareSide);
  }
  s.nodeLooks.forEach((look, i) => {
    const path = shapes[i];
    if (!path) return;
    if (!detailed) {
      ctx.fillStyle = look.border;
      ctx.fill(path);
      return;
    }
    ctx.fillStyle = look.fill;
    ctx.fill(path);
    ctx.setLineDash(look.borderStyle === 'dashed' ? MISSING_SIDECAR_DASH.map((d) => d * zoom) : []);
    ctx.strokeStyle = look.border;
    ctx.lineWidth = lineWidth(look.borderWidth, zoom);
    ctx.stroke(path);
    if (look.borderStyle === 'double') {
      // Two rings: a white line along the middle of the thick border.
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = (look.borderWidth * zoom) / 3;
      ctx.stroke(path);
    }
  });
  const selected = state.selected?.kind === 'node' ? state.selected.index : -1;
  const look = s.nodeLooks[s.nodeLookOf[selected] ?? 0];
  if (selected >= 0 && look && !state.hidden.nodes[selected]) {
    const path = new Path2D();
    traceNode(path, look, (g.positions[2 * selected] ?? 0) * zoom + f.px, (g.positions[2 * selected + 1] ?? 0) * zoom + f.py, Math.max(zoom, DETAIL_NODE_PX / 28));
    ctx.setLineDash([]);
    ctx.strokeStyle = COLORS.selected;
    ctx.lineWidth = lineWidth(HIGHLIGHT.selectedBorderWidth, zoom);
    ctx.stroke(path);
  }
}

/** Lines of text centred at x, with a white background of the given opacity; `top` is the first line's top. */
function drawTexts(ctx: CanvasRenderingContext2D, items: readonly { x: number; top: number; lines: readonly string[] }[], fontPx: number, background: number): void {
  const lineHeight = fontPx * 1.2;
  const boxes = new Path2D();
  const widths = items.map((item) => Math.max(...item.lines.map((line) => ctx.measureText(line).width)));
  items.forEach((item, i) => boxes.rect(item.x - (widths[i] ?? 0) / 2 - 1, item.top - 1, (widths[i] ?? 0) + 2, item.lines.length * lineHeight + 2));
  ctx.globalAlpha = background;
  ctx.fillStyle = '#ffffff';
  ctx.fill(boxes);
  ctx.globalAlpha = 1;
  ctx.fillStyle = COLORS.text;
  for (const item of items) item.lines.forEach((line, k) => ctx.fillText(line, item.x, item.top + k * lineHeight + (lineHeight - fontPx) / 2));
}

function drawLabels(f: Frame, state: DrawState): void {
  const { ctx, g, s, zoom } = f;
  ctx.save();
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const namePx = labelFontSize(zoom) * zoom;
  if (state.close && namePx >= MIN_NAME_PX) {
    ctx.font = `${namePx}px ${FONT_FAMILY}`;
    const names: { x: number; top: number; lines: string[] }[] = [];
    for (let n = 0; n < s.nodeRadius.length; n++) {
      if (state.hidden.nodes[n] || !nodeInView(f, n)) continue;
      const look = s.nodeLooks[s.nodeLookOf[n] ?? 0];
      names.push({ x: (g.positions[2 * n] ?? 0) * zoom + f.px, top: ((g.positions[2 * n + 1] ?? 0) + (look?.height ?? 28) / 2 + 4) * zoom + f.py, lines: s.nodeLabel(n).split('\n') });
    }
    drawTexts(ctx, names, namePx, 0.8);
  }
  const edgePx = EDGE_LABEL.fontSize * zoom;
  if (s.edgeLabels && edgePx >= EDGE_LABEL.minScreenPx) {
    ctx.font = `${edgePx}px ${FONT_FAMILY}`;
    const labels: { x: number; top: number; lines: string[] }[] = [];
    for (let e = 0; e < g.source.length; e++) {
      if (state.hidden.edges[e] || !edgeInView(f, e)) continue;
      const text = s.edgeLabel(e);
      if (!text) continue;
      labels.push({ x: (g.midpoints[2 * e] ?? 0) * zoom + f.px, top: ((g.midpoints[2 * e + 1] ?? 0) + EDGE_LABEL.offset) * zoom + f.py - edgePx / 2, lines: [text] });
    }
    drawTexts(ctx, labels, edgePx, 0.85);
  }
  ctx.restore();
}

/** Draws the whole scene at state.view, over whatever the canvas held. */
export function drawScene(ctx: CanvasRenderingContext2D, geometry: SceneGeometry, style: SceneStyle, state: DrawState): void {
  const { zoom, pan, width, height } = state.view;
  // Half the widest shape and its name: whatever may reach into the view from outside it.
  const margin = 60 / zoom + 40;
  const f: Frame = { ctx, g: geometry, s: style, zoom, px: pan.x, py: pan.y, x1: -pan.x / zoom - margin, y1: -pan.y / zoom - margin, x2: (width - pan.x) / zoom + margin, y2: (height - pan.y) / zoom + margin };
  ctx.clearRect(0, 0, width, height);
  drawBoxes(ctx, state.view, geometry.boxes);
  drawHighlights(f, state, state.found, 'round-rectangle', HIGHLIGHT.found);
  if (state.focus) {
    const focus = { nodes: new Uint8Array(style.nodeRadius.length), edges: new Uint8Array(geometry.source.length) };
    (state.focus.kind === 'node' ? focus.nodes : focus.edges)[state.focus.index] = 1;
    drawHighlights(f, state, focus, 'ellipse', HIGHLIGHT.focus);
  }
  drawEdges(f, state);
  drawNodes(f, state);
  drawLabels(f, state);
  ctx.setLineDash([]);
  drawOverlay(ctx, state.view, state.overlay, state.options);
}
