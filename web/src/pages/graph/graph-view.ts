// The graph's viewport on one canvas: zoom and pan, the mouse (drag to pan, wheel to zoom at the pointer,
// click to pick, a pointer cursor over what can be picked) and when to draw. Every change asks for one frame.
// The scene is drawn whole into a picture the size of the view; while the user drags or turns the wheel
// over a graph that takes longer than a frame to draw, each frame moves (or scales) that picture instead,
// and the graph is drawn again once the hand rests: what Cytoscape's textureOnViewport did, without its
// per-element cost.
import { drawScene, type DrawState } from './draw.js';
import type { OverlayItems, View } from './overlay.js';
import { hitTest, type Hit, type Marks, type SceneGeometry, type SceneStyle } from './scene.js';

export const MIN_ZOOM = 0.01;
export const MAX_ZOOM = 4;
const MAX_FIT_ZOOM = 1.4;
const FIT_PADDING = 36;
/** A full draw under this many milliseconds is done on every frame, also while panning. */
const CHEAP_DRAW_MS = 12;
/** The wheel counts as turning until it has rested this long. */
const WHEEL_REST_MS = 140;
/** A press that moves less than this is a click, not a drag. */
const CLICK_SLOP_PX = 4;
/** How near (screen pixels) a click must be to an edge's line to pick it. */
const EDGE_SLACK_PX = 6;

export interface Viewport {
  readonly zoom: number;
  readonly pan: { readonly x: number; readonly y: number };
}

export interface Content {
  readonly geometry: SceneGeometry;
  readonly style: SceneStyle;
  readonly hidden: Marks;
  readonly found: Marks;
  readonly overlay: OverlayItems;
  readonly selected: Hit | null;
  readonly focus: Hit | null;
  readonly options: { readonly security: boolean; readonly sidecars: boolean };
  /** Names and arrows only from this zoom on (0: always). */
  readonly closeZoom: number;
}

/**
 * The viewport that fits the graph into width × height, but never so close that a handful of nodes is drawn
 * huge. The extent is the node positions (with room for a name below) and the namespace boxes.
 */
export function fitViewport(width: number, height: number, geometry: Pick<SceneGeometry, 'positions' | 'boxes'>): Viewport {
  const { positions, boxes } = geometry;
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (let i = 0; i + 1 < positions.length; i += 2) {
    const x = positions[i] ?? 0;
    const y = positions[i + 1] ?? 0;
    x1 = Math.min(x1, x - 40);
    x2 = Math.max(x2, x + 40);
    y1 = Math.min(y1, y - 20);
    // Room for a two-line name below the node.
    y2 = Math.max(y2, y + 45);
  }
  for (const b of boxes) {
    x1 = Math.min(x1, b.x);
    y1 = Math.min(y1, b.y);
    x2 = Math.max(x2, b.x + b.width);
    y2 = Math.max(y2, b.y + b.height);
  }
  if (!Number.isFinite(x1)) return { zoom: 1, pan: { x: 0, y: 0 } };
  const zoom = Math.max(MIN_ZOOM, Math.min(MAX_FIT_ZOOM, (width - 2 * FIT_PADDING) / Math.max(1, x2 - x1), (height - 2 * FIT_PADDING) / Math.max(1, y2 - y1)));
  return { zoom, pan: { x: width / 2 - ((x1 + x2) / 2) * zoom, y: height / 2 - ((y1 + y2) / 2) * zoom } };
}

export class GraphView {
  zoom = 1;
  pan = { x: 0, y: 0 };
  private width = 0;
  private height = 0;
  private content: Content | undefined;
  private readonly picture = document.createElement('canvas');
  private pictureView: View | undefined;
  private pictureStale = true;
  /** The viewport the canvas shows now, whether drawn whole or moved as a picture. */
  shown: Viewport | undefined;
  private lastDrawMs = 0;
  private frame = 0;
  private afterDraw: (() => void)[] = [];
  private drag: { id: number; x: number; y: number; moved: boolean } | undefined;
  private wheelTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly detach: () => void;
  private readonly canvas: HTMLCanvasElement;
  private readonly surface: HTMLElement;
  private readonly onPick: (hit: Hit | null) => void;

  constructor(canvas: HTMLCanvasElement, surface: HTMLElement, onPick: (hit: Hit | null) => void) {
    this.canvas = canvas;
    this.surface = surface;
    this.onPick = onPick;
    const down = (event: PointerEvent) => this.pointerDown(event);
    const move = (event: PointerEvent) => this.pointerMove(event);
    const up = (event: PointerEvent) => this.pointerUp(event);
    const wheel = (event: WheelEvent) => this.wheel(event);
    surface.addEventListener('pointerdown', down);
    surface.addEventListener('pointermove', move);
    surface.addEventListener('pointerup', up);
    surface.addEventListener('pointercancel', up);
    // Not passive: the wheel zooms the graph instead of scrolling the page.
    surface.addEventListener('wheel', wheel, { passive: false });
    this.detach = () => {
      surface.removeEventListener('pointerdown', down);
      surface.removeEventListener('pointermove', move);
      surface.removeEventListener('pointerup', up);
      surface.removeEventListener('pointercancel', up);
      surface.removeEventListener('wheel', wheel);
    };
  }

  destroy(): void {
    this.detach();
    cancelAnimationFrame(this.frame);
    clearTimeout(this.wheelTimer);
    this.afterDraw = [];
  }

  resize(width: number, height: number): void {
    this.width = Math.round(width);
    this.height = Math.round(height);
    for (const canvas of [this.canvas, this.picture]) {
      canvas.width = this.width;
      canvas.height = this.height;
    }
    this.redraw();
  }

  get size(): { width: number; height: number } {
    return { width: this.width, height: this.height };
  }

  /** New content (scene, marks, selection...): the picture is drawn again on the next frame. */
  show(content: Content): void {
    this.content = content;
    this.redraw();
  }

  /** Runs once the next full draw has been on screen for a frame. */
  whenDrawn(callback: () => void): void {
    this.afterDraw.push(callback);
    this.redraw();
  }

  setViewport(viewport: Viewport): void {
    this.zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, viewport.zoom));
    this.pan = { ...viewport.pan };
    this.redraw();
  }

  fit(): void {
    if (this.content) this.setViewport(fitViewport(this.width, this.height, this.content.geometry));
  }

  /** Zooms by a factor around a point of the canvas (its centre by default). */
  zoomBy(factor: number, at = { x: this.width / 2, y: this.height / 2 }): void {
    const zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, this.zoom * factor));
    const k = zoom / this.zoom;
    this.setViewport({ zoom, pan: { x: at.x - (at.x - this.pan.x) * k, y: at.y - (at.y - this.pan.y) * k } });
  }

  /** Where a graph point is on the canvas. */
  toScreen(x: number, y: number): { x: number; y: number } {
    return { x: x * this.zoom + this.pan.x, y: y * this.zoom + this.pan.y };
  }

  /** Pans so the graph point is in the middle, unless it is already well inside the view. */
  keepInView(x: number, y: number): void {
    const at = this.toScreen(x, y);
    if (at.x >= 20 && at.y >= 20 && at.x <= this.width - 20 && at.y <= this.height - 20) return;
    this.setViewport({ zoom: this.zoom, pan: { x: this.width / 2 - x * this.zoom, y: this.height / 2 - y * this.zoom } });
  }

  /** Names and arrows are drawn at the current zoom. */
  get close(): boolean {
    return this.zoom >= (this.content?.closeZoom ?? 0);
  }

  hitAt(screenX: number, screenY: number): Hit | null {
    const c = this.content;
    if (!c) return null;
    return hitTest(c.geometry, c.style, c.hidden, (screenX - this.pan.x) / this.zoom, (screenY - this.pan.y) / this.zoom, EDGE_SLACK_PX / this.zoom);
  }

  private redraw(): void {
    this.pictureStale = true;
    this.requestFrame();
  }

  private requestFrame(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private get moving(): boolean {
    return (this.drag?.moved ?? false) || this.wheelTimer !== undefined;
  }

  private draw(): void {
    const c = this.content;
    const ctx = this.canvas.getContext('2d');
    if (!c || !ctx || this.width === 0) return;
    const view: View = { zoom: this.zoom, pan: { ...this.pan }, width: this.width, height: this.height };
    const moved = !this.pictureView || this.pictureView.zoom !== view.zoom || this.pictureView.pan.x !== view.pan.x || this.pictureView.pan.y !== view.pan.y;
    const full = this.pictureStale || (moved && (!this.moving || this.lastDrawMs <= CHEAP_DRAW_MS));
    if (full) {
      const started = performance.now();
      const state: DrawState = { view, hidden: c.hidden, found: c.found, selected: c.selected, focus: c.focus, close: this.close, overlay: c.overlay, options: c.options };
      const pictureContext = this.picture.getContext('2d');
      if (!pictureContext) return;
      drawScene(pictureContext, c.geometry, c.style, state);
      this.lastDrawMs = performance.now() - started;
      this.pictureView = view;
      this.pictureStale = false;
    }
    // The picture where the graph now is: moved by the pan since it was drawn, scaled by the zoom.
    const drawn = this.pictureView ?? view;
    const k = view.zoom / drawn.zoom;
    ctx.clearRect(0, 0, this.width, this.height);
    ctx.drawImage(this.picture, view.pan.x - drawn.pan.x * k, view.pan.y - drawn.pan.y * k, this.width * k, this.height * k);
    this.shown = { zoom: view.zoom, pan: view.pan };
    if (full && this.afterDraw.length > 0) {
      const callbacks = this.afterDraw;
      this.afterDraw = [];
      requestAnimationFrame(() => callbacks.forEach((callback) => callback()));
    }
  }

  private local(event: { clientX: number; clientY: number }): { x: number; y: number } {
    const box = this.surface.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  private pointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    this.drag = { id: event.pointerId, x: event.clientX, y: event.clientY, moved: false };
    this.surface.setPointerCapture(event.pointerId);
  }

  private pointerMove(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag || drag.id !== event.pointerId) {
      const at = this.local(event);
      this.surface.style.cursor = this.hitAt(at.x, at.y) ? 'pointer' : '';
      return;
    }
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < CLICK_SLOP_PX) return;
    drag.moved = true;
    drag.x = event.clientX;
    drag.y = event.clientY;
    this.surface.style.cursor = 'grabbing';
    this.pan = { x: this.pan.x + dx, y: this.pan.y + dy };
    this.requestFrame();
  }

  private pointerUp(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag || drag.id !== event.pointerId) return;
    this.drag = undefined;
    this.surface.style.cursor = '';
    if (this.surface.hasPointerCapture(event.pointerId)) this.surface.releasePointerCapture(event.pointerId);
    if (drag.moved) {
      // The hand rests: the graph is drawn again at where it was left.
      this.requestFrame();
      return;
    }
    if (event.type !== 'pointerup') return;
    const at = this.local(event);
    this.onPick(this.hitAt(at.x, at.y));
  }

  private wheel(event: WheelEvent): void {
    event.preventDefault();
    const at = this.local(event);
    // A notch (100 px of delta) zooms by about 1.26, as the zoom buttons' 1.25 do.
    const zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, this.zoom * 2 ** (-event.deltaY / 300)));
    const k = zoom / this.zoom;
    this.zoom = zoom;
    this.pan = { x: at.x - (at.x - this.pan.x) * k, y: at.y - (at.y - this.pan.y) * k };
    clearTimeout(this.wheelTimer);
    this.wheelTimer = setTimeout(() => {
      this.wheelTimer = undefined;
      this.requestFrame();
    }, WHEEL_REST_MS);
    this.requestFrame();
  }
}
