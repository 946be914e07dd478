// Glyphs drawn over the graph (draw.ts calls these last): locks at edge midpoints (full = every request mTLS,
// hollow = part of them, open and red = none), a waypoint mark beside it on edges through a waypoint,
// missing-sidecar badges and ambient badges on nodes; and, first, under everything, the namespace boxes with
// their names. Midpoints are kept in flat arrays so a frame only scans numbers; glyphs are skipped when zoomed
// out so far they would be specks (the line pattern still tells), and at most MAX_GLYPHS are drawn per frame.
import type { Lock } from '../../../../src/api/schemas.js';
import { COLORS } from './graph-style.js';
import type { NamespaceBox } from './layout.js';

/** What is visible (Hide applied), in model coordinates: rebuilt when positions or Hide change, not per frame. */
export interface OverlayItems {
  /** x, y pairs of edge midpoints, and the lock the server decided for each edge (null: no data). */
  readonly edgePoints: Float64Array;
  readonly edgeLocks: readonly (Lock | null)[];
  /** Per edge: its traffic passes through a waypoint (the server's edge.waypoint). */
  readonly edgeWaypoints: readonly boolean[];
  /** Per edge: the configuration predicts it fails (the server's predictedOutcome). */
  readonly edgeFailures: readonly boolean[];
  /** x, y pairs of nodes without sidecar. */
  readonly badgePoints: Float64Array;
  /** x, y pairs of ambient nodes. */
  readonly ambientPoints: Float64Array;
}

export interface View {
  readonly zoom: number;
  readonly pan: { readonly x: number; readonly y: number };
  readonly width: number;
  readonly height: number;
}

const MAX_GLYPHS = 1500;
/** Below this zoom a 12 px lock would be under 4 px: the line pattern alone carries security. */
const MIN_GLYPH_ZOOM = 0.33;

/** The lock glyph centred on (x, y), `size` px tall; the same shapes as components/lock-icon.tsx. */
export function drawLock(ctx: CanvasRenderingContext2D, x: number, y: number, size: number, lock: Lock): void {
  const s = size / 20;
  const color = lock === 'none' ? COLORS.failure : lock === 'hollow' ? '#8f6a00' : COLORS.text;
  ctx.save();
  ctx.translate(x - 8 * s, y - 10 * s);
  ctx.scale(s, s);
  ctx.fillStyle = '#ffffff';
  ctx.beginPath();
  ctx.arc(8, 11, 10.5, 0, Math.PI * 2);
  ctx.fill();
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 1.8;
  ctx.lineCap = 'round';
  ctx.beginPath();
  if (lock === 'none') {
    ctx.moveTo(4.5, 9);
    ctx.lineTo(4.5, 6);
    ctx.arc(8, 6, 3.5, Math.PI, Math.PI * 1.85);
  } else {
    ctx.moveTo(4.5, 9);
    ctx.lineTo(4.5, 6);
    ctx.arc(8, 6, 3.5, Math.PI, 0);
    ctx.lineTo(11.5, 9);
  }
  ctx.stroke();
  ctx.beginPath();
  ctx.roundRect(2, 9, 12, 9.5, 1.6);
  if (lock === 'hollow') {
    ctx.fillStyle = '#ffffff';
    ctx.fill();
    ctx.lineWidth = 1.6;
    ctx.stroke();
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.roundRect(7.1, 12, 1.8, 3.5, 0.9);
    ctx.fill();
  } else ctx.fill();
  ctx.restore();
}

/** The missing-sidecar badge: a red circle with a bar, at a node's upper right. */
function drawBadge(ctx: CanvasRenderingContext2D, x: number, y: number, size: number): void {
  ctx.save();
  ctx.fillStyle = COLORS.failure;
  ctx.beginPath();
  ctx.arc(x, y, size / 2, 0, Math.PI * 2);
  ctx.fill();
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = Math.max(1.5, size / 6);
  ctx.beginPath();
  ctx.moveTo(x - size / 4, y);
  ctx.lineTo(x + size / 4, y);
  ctx.stroke();
  ctx.restore();
}

/** A letter in a filled circle: "A" for an ambient node (upper left), "W" for an edge through a waypoint. */
function drawMark(ctx: CanvasRenderingContext2D, x: number, y: number, size: number, color: string, letter: string): void {
  ctx.save();
  ctx.fillStyle = color;
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = Math.max(1, size / 10);
  ctx.beginPath();
  ctx.arc(x, y, size / 2, 0, Math.PI * 2);
  ctx.fill();
  ctx.stroke();
  ctx.fillStyle = '#ffffff';
  ctx.font = `700 ${Math.round(size * 0.62)}px RedHatText, "Red Hat Text", Helvetica, Arial, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(letter, x, y + size * 0.04);
  ctx.restore();
}

/** Namespace boxes (Kiali's namespace boxes): a tinted frame per namespace, its name at the top left. */
export function drawBoxes(ctx: CanvasRenderingContext2D, view: View, boxes: readonly NamespaceBox[]): void {
  const { zoom, pan, width, height } = view;
  ctx.save();
  ctx.font = `600 ${Math.max(12, Math.min(22, 15 * zoom))}px RedHatText, "Red Hat Text", Helvetica, Arial, sans-serif`;
  for (const box of boxes) {
    const x = box.x * zoom + pan.x;
    const y = box.y * zoom + pan.y;
    const w = box.width * zoom;
    const h = box.height * zoom;
    if (x > width || y > height || x + w < 0 || y + h < 0) continue;
    // A mesh of 500 namespaces zoomed out: frames only where they are more than specks, names where they fit.
    if (w < 8) continue;
    ctx.fillStyle = 'rgba(0, 102, 204, 0.035)';
    ctx.fillRect(x, y, w, h);
    ctx.strokeStyle = '#b8bbbe';
    ctx.lineWidth = 1;
    ctx.strokeRect(x + 0.5, y + 0.5, w, h);
    if (w < 60) continue;
    ctx.fillStyle = COLORS.subtle;
    ctx.fillText(box.namespace === 'unknown' ? 'no identity' : box.namespace, x + 8, y + Math.max(15, 22 * zoom), w - 12);
  }
  ctx.restore();
}

export function drawOverlay(ctx: CanvasRenderingContext2D, view: View, items: OverlayItems, options: { security: boolean; sidecars: boolean }): number {
  // Waypoint marks and ambient badges are facts of the configuration: drawn whatever the Display options.
  const { zoom, pan, width, height } = view;
  const toX = (x: number) => x * zoom + pan.x;
  const toY = (y: number) => y * zoom + pan.y;
  const inView = (x: number, y: number, margin: number) => x > -margin && y > -margin && x < width + margin && y < height + margin;

  if (zoom < MIN_GLYPH_ZOOM) return 0;
  const size = Math.max(10, Math.min(20, 16 * zoom));
  let drawn = 0;
  if (options.security) {
    const points = items.edgePoints;
    for (let i = 0; i < items.edgeLocks.length && drawn < MAX_GLYPHS; i++) {
      const lock = items.edgeLocks[i];
      if (!lock) continue;
      const x = toX(points[2 * i] ?? 0);
      const y = toY(points[2 * i + 1] ?? 0);
      if (!inView(x, y, size)) continue;
      drawLock(ctx, x, y, size, lock);
      drawn++;
    }
  }
  {
    const points = items.edgePoints;
    for (let i = 0; i < items.edgeWaypoints.length && drawn < MAX_GLYPHS; i++) {
      if (!items.edgeWaypoints[i]) continue;
      // Beside the lock when one is drawn at the midpoint, else on it.
      const x = toX(points[2 * i] ?? 0) + (options.security && items.edgeLocks[i] ? size * 1.3 : 0);
      const y = toY(points[2 * i + 1] ?? 0);
      if (!inView(x, y, size)) continue;
      drawMark(ctx, x, y, size * 0.85, COLORS.waypoint, 'W');
      drawn++;
    }
  }
  {
    const points = items.edgePoints;
    for (let i = 0; i < items.edgeFailures.length && drawn < MAX_GLYPHS; i++) {
      if (!items.edgeFailures[i]) continue;
      // Left of the lock when one is drawn (the waypoint mark goes right), else on the midpoint.
      const x = toX(points[2 * i] ?? 0) - (options.security && items.edgeLocks[i] ? size * 1.3 : 0);
      const y = toY(points[2 * i + 1] ?? 0);
      if (!inView(x, y, size)) continue;
      drawMark(ctx, x, y, size * 0.9, COLORS.predictedFailure, '✕');
      drawn++;
    }
  }
  {
    const points = items.ambientPoints;
    for (let i = 0; i < points.length / 2 && drawn < MAX_GLYPHS; i++) {
      const x = toX(points[2 * i] ?? 0) - 13 * zoom;
      const y = toY(points[2 * i + 1] ?? 0) - 13 * zoom;
      if (!inView(x, y, size)) continue;
      drawMark(ctx, x, y, size * 0.75, COLORS.ambient, 'A');
      drawn++;
    }
  }
  if (options.sidecars) {
    const points = items.badgePoints;
    for (let i = 0; i < points.length / 2 && drawn < MAX_GLYPHS; i++) {
      const x = toX(points[2 * i] ?? 0) + 13 * zoom;
      const y = toY(points[2 * i + 1] ?? 0) - 13 * zoom;
      if (!inView(x, y, size)) continue;
      drawBadge(ctx, x, y, size * 0.7);
      drawn++;
    }
  }
  return drawn;
}
