// The graph on Cytoscape's canvas renderer. Positions (and the routes of edges around nodes) come from the
// layout worker; namespace boxes are drawn underneath, locks and badges on a canvas above. A refresh that
// keeps the same nodes and edges only updates their data (no relayout, unlike Kiali's full rebuild per poll).
// Large graphs pan on a cached texture (textureOnViewport) and show names only when zoomed in, which keeps
// 20,000 nodes interactive; docs/graph.md has the measurements behind these choices. The canvas is one Tab
// stop: arrow keys walk nodes and their edges, Enter opens the side panel.
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Graph } from '../../../../src/api/graph-schemas.js';
import type { Matcher } from './find-hide.js';
import { GraphControls } from './graph-controls.js';
import { dashClass, edgeClasses, edgeLabel, graphStyle, labelClass, nodeClasses, nodeLabel, outOfMesh, PATTERNED_EDGES, predictedFailure } from './graph-style.js';
import type { EdgeLabels, GraphSettings } from './graph-settings.js';
import { describeElement, nextFocus, type FocusKey } from './keyboard.js';
import { defaultLayout, type LayoutRequest, type LayoutResult } from './layout.js';
import type { LayoutMessage } from './layout.worker.js';
import { drawBoxes, drawOverlay, type OverlayItems } from './overlay.js';

export type Selection = { readonly kind: 'node' | 'edge'; readonly id: string };

/**
 * Cytoscape adds a <style id="__________cytoscape_stylesheet"> (position: relative on its container) unless
 * an element with that id exists; the console's CSP refuses style elements without its nonce. The rule is
 * in styles.css (.ml-graph-cy), so a placeholder with that id is all Cytoscape needs to find.
 */
function claimCytoscapeStylesheet(): void {
  const id = '__________cytoscape_stylesheet';
  if (document.getElementById(id)) return;
  const placeholder = document.createElement('meta');
  placeholder.id = id;
  document.head.append(placeholder);
}

const MAX_FIT_ZOOM = 1.4;
const MIN_ZOOM = 0.01;
const FIT_PADDING = 36;

/** Above this many elements the viewport optimisations are on. */
const LARGE = 2_000;
/** Above this many elements panning moves a cached picture of the graph instead of redrawing it per frame. */
const TEXTURE = 150;
/**
 * A large graph draws arrows and node names from this zoom on, where names are at least 11 px (graph-style.ts
 * grows their font as the zoom falls): drawing them for 80,000 elements at the fitted zoom cost seconds of the
 * first frame and showed specks.
 */
const CLOSE_ZOOM = 0.48;

interface Props {
  readonly graph: Graph;
  readonly security: boolean;
  readonly sidecars: boolean;
  readonly labels: EdgeLabels;
  readonly layout: GraphSettings['layout'];
  readonly find: Matcher | undefined;
  readonly hide: Matcher | undefined;
  readonly selected: Selection | null;
  readonly onSelect: (selection: Selection | null) => void;
}

interface Placed {
  /** The graph whose structure was laid out, and with which layout. */
  readonly structure: string;
  readonly nodeIds: readonly string[];
  readonly result: LayoutResult;
}

declare global {
  interface Window {
    /** For end-to-end tests and the bench: where an element is drawn (page pixels), and the smallest node name drawn. */
    meshlockGraph?: {
      point(id: string): { x: number; y: number } | null;
      labelPx(): number | null;
      zoom(): number;
      /** Names of the namespace boxes drawn, top to bottom. */
      boxes(): string[];
      /** "edge through node" for every drawn edge whose line passes over a node it does not connect. */
      edgesThroughNodes(): string[];
      /** The classes an element is drawn with (graph-style.ts), e.g. `waypoint` or `ambient`; null when not drawn. */
      classes(id: string): string[] | null;
    };
  }
}

/** Node ids and edge ids, order-independent: equal strings mean the layout still holds. */
function structureOf(graph: Graph): string {
  return `${graph.nodes.map((n) => n.id).join('\n')}\u0000${graph.edges.map((e) => e.id).join('\n')}`;
}

function layoutRequest(graph: Graph): LayoutRequest {
  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
  return {
    nodes: graph.nodes.map((n) => ({ id: n.id, namespace: n.namespace })),
    edges: graph.edges.map((e) => [index.get(e.source) ?? 0, index.get(e.target) ?? 0] as const),
  };
}

/**
 * With several namespaces a name alone is ambiguous (travels in two of the demo's), so labels add the
 * namespace, unless the layout draws namespace boxes that say it.
 */
function spansNamespaces(graph: Graph, boxed: boolean): boolean {
  if (boxed) return false;
  const first = graph.nodes.find((n) => n.kind !== 'outside')?.namespace;
  return graph.nodes.some((n) => n.kind !== 'outside' && n.namespace !== first);
}

interface Look {
  readonly security: boolean;
  readonly sidecars: boolean;
  readonly labels: EdgeLabels;
  /** Zoomed in enough for arrows and names. */
  readonly close: boolean;
  /** The dash step of patterned edges at this zoom (graph-style.ts dashClass). */
  readonly dash: string;
}

/**
 * Waypoints of edge e as Cytoscape's segment weights (along source → target) and distances (perpendicular,
 * on the side of (−dy, dx)), measured between the node centres (edge-distances: node-position).
 */
function segmentsOf(result: LayoutResult, e: number, s: number, t: number): { sw: number[]; sd: number[] } | undefined {
  const from = result.routeStart[e] ?? 0;
  const to = result.routeStart[e + 1] ?? 0;
  if (to <= from) return undefined;
  const p = result.positions;
  const sx = p[2 * s] ?? 0;
  const sy = p[2 * s + 1] ?? 0;
  const dx = (p[2 * t] ?? 0) - sx;
  const dy = (p[2 * t + 1] ?? 0) - sy;
  const length2 = dx * dx + dy * dy;
  if (length2 === 0) return undefined;
  const length = Math.sqrt(length2);
  const sw: number[] = [];
  const sd: number[] = [];
  for (let k = from; k < to; k += 2) {
    const px = (result.routes[k] ?? 0) - sx;
    const py = (result.routes[k + 1] ?? 0) - sy;
    sw.push((px * dx + py * dy) / length2);
    sd.push((py * dx - px * dy) / length);
  }
  return { sw, sd };
}

function elements(graph: Graph, placed: Placed, look: Look, labelSize: string): ElementDefinition[] {
  const { positions } = placed.result;
  const namespaced = spansNamespaces(graph, placed.result.boxes.length > 0);
  const index = new Map(placed.nodeIds.map((id, i) => [id, i]));
  return [
    ...graph.nodes.map((n, i) => ({ group: 'nodes' as const, data: { id: n.id, label: nodeLabel(n, namespaced) }, classes: `${nodeClasses(n, look)} ${labelSize}`, position: { x: positions[2 * i] ?? 0, y: positions[2 * i + 1] ?? 0 } })),
    ...graph.edges.map((e, i) => {
      const route = segmentsOf(placed.result, i, index.get(e.source) ?? 0, index.get(e.target) ?? 0);
      return { group: 'edges' as const, data: { id: e.id, source: e.source, target: e.target, label: edgeLabel(e, look.labels), ...route }, classes: `${edgeClasses(e, look)}${route ? ' routed' : ''}` };
    }),
  ];
}

/** Classes and labels of every element for the current look, in one batch. */
function restyle(cy: Core, graph: Graph, look: Look, boxed: boolean): void {
  const namespaced = spansNamespaces(graph, boxed);
  cy.batch(() => {
    for (const n of graph.nodes) cy.getElementById(n.id).data('label', nodeLabel(n, namespaced)).classes(`${nodeClasses(n, look)} ${labelClass(cy.zoom())}`);
    for (const e of graph.edges) {
      const element = cy.getElementById(e.id);
      element.data('label', edgeLabel(e, look.labels)).classes(`${edgeClasses(e, look)}${element.data('sw') ? ' routed' : ''}`);
    }
  });
}

/** Ids an expression matches, and for Hide the nodes it leaves without any visible edge. */
function matches(graph: Graph, matcher: Matcher | undefined, orphans: boolean): Set<string> {
  const ids = new Set<string>();
  if (!matcher?.ok) return ids;
  if (matcher.target === 'node') {
    for (const n of graph.nodes) if (matcher.test(n)) ids.add(n.id);
    return ids;
  }
  for (const e of graph.edges) if (matcher.test(e)) ids.add(e.id);
  if (orphans) {
    const visible = new Set<string>();
    for (const e of graph.edges) {
      if (ids.has(e.id)) continue;
      visible.add(e.source);
      visible.add(e.target);
    }
    const connected = new Set(graph.edges.flatMap((e) => [e.source, e.target]));
    for (const n of graph.nodes) if (connected.has(n.id) && !visible.has(n.id)) ids.add(n.id);
  }
  return ids;
}

/**
 * Where the overlay draws, in model coordinates: a routed edge's lock sits where Cytoscape puts its middle
 * (on the bend), a straight edge's halfway between its nodes (read from flat arrays, cheap for 60,000).
 */
function overlayItems(cy: Core, graph: Graph, hidden: ReadonlySet<string>): OverlayItems {
  const at = new Map<string, { x: number; y: number }>();
  for (const n of graph.nodes) at.set(n.id, cy.getElementById(n.id).position());
  const visibleEdges = graph.edges.filter((e) => !hidden.has(e.id) && !hidden.has(e.source) && !hidden.has(e.target));
  const edgePoints = new Float64Array(visibleEdges.length * 2);
  visibleEdges.forEach((e, i) => {
    const element = cy.getElementById(e.id);
    const s = at.get(e.source) ?? { x: 0, y: 0 };
    const t = at.get(e.target) ?? { x: 0, y: 0 };
    const mid = element.data('sw') ? element.midpoint() : { x: (s.x + t.x) / 2, y: (s.y + t.y) / 2 };
    edgePoints[2 * i] = mid.x;
    edgePoints[2 * i + 1] = mid.y;
  });
  const pointsOf = (nodes: readonly Graph['nodes'][number][]) => {
    const points = new Float64Array(nodes.length * 2);
    nodes.forEach((n, i) => {
      const p = at.get(n.id) ?? { x: 0, y: 0 };
      points[2 * i] = p.x;
      points[2 * i + 1] = p.y;
    });
    return points;
  };
  const shown = graph.nodes.filter((n) => !hidden.has(n.id));
  return {
    edgePoints,
    edgeLocks: visibleEdges.map((e) => e.lock),
    edgeWaypoints: visibleEdges.map((e) => e.waypoint !== null),
    edgeFailures: visibleEdges.map(predictedFailure),
    badgePoints: pointsOf(shown.filter(outOfMesh)),
    ambientPoints: pointsOf(shown.filter((n) => n.dataplane === 'ambient')),
  };
}

type Point = { x: number; y: number };

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const k = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(p.x - (a.x + k * dx), p.y - (a.y + k * dy));
}

/**
 * The viewport that fits the graph into width × height, but never so close that a handful of nodes is drawn
 * huge. The extent comes from the node positions (and the namespace boxes), not from Cytoscape's bounding box,
 * which measures every label and edge first: seconds for a large graph before its first frame. Known before
 * Cytoscape exists, so the graph is created at its final zoom, with the right label sizes, in one pass.
 */
function fitViewport(width: number, height: number, positions: ArrayLike<number>, boxes: LayoutResult['boxes']): { zoom: number; pan: Point } {
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

function fit(cy: Core, boxes: LayoutResult['boxes']): void {
  const positions: number[] = [];
  cy.nodes().forEach((node) => {
    const p = node.position();
    positions.push(p.x, p.y);
  });
  cy.viewport(fitViewport(cy.width(), cy.height(), positions, boxes));
}

export function GraphCanvas(props: Props) {
  const { graph, security, sidecars, labels, layout, find, hide, selected, onSelect } = props;
  const frame = useRef<HTMLDivElement>(null);
  const container = useRef<HTMLDivElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const underlay = useRef<HTMLCanvasElement>(null);
  const cyRef = useRef<Core | undefined>(undefined);
  const worker = useRef<Worker | undefined>(undefined);
  const requested = useRef(0);
  const items = useRef<OverlayItems | undefined>(undefined);
  const boxes = useRef<LayoutResult['boxes']>([]);
  const options = useRef({ security, sidecars });
  const close = useRef(true);
  const dash = useRef('');
  const select = useRef(onSelect);
  const [placed, setPlaced] = useState<Placed | undefined>();
  const [shown, setShown] = useState<string | undefined>();
  const [focus, setFocus] = useState<FocusKey | null>(null);
  select.current = onSelect;
  options.current = { security, sidecars };

  const redraw = () => {
    const cy = cyRef.current;
    if (!cy) return;
    const view = { zoom: cy.zoom(), pan: cy.pan() };
    const under = underlay.current?.getContext('2d');
    if (under && underlay.current) drawBoxes(under, { ...view, width: underlay.current.width, height: underlay.current.height }, boxes.current);
    const over = overlay.current?.getContext('2d');
    if (over && overlay.current && items.current) drawOverlay(over, { ...view, width: overlay.current.width, height: overlay.current.height }, items.current, options.current);
  };

  useEffect(() => {
    const w = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    const resize = new ResizeObserver(() => {
      const box = container.current?.getBoundingClientRect();
      for (const canvas of [overlay.current, underlay.current]) {
        if (canvas && box) {
          canvas.width = Math.round(box.width);
          canvas.height = Math.round(box.height);
        }
      }
      cyRef.current?.resize();
      redraw();
    });
    if (container.current) resize.observe(container.current);
    window.meshlockGraph = {
      point(id) {
        const cy = cyRef.current;
        const element = cy?.getElementById(id);
        const box = container.current?.getBoundingClientRect();
        if (!element || element.empty() || !box) return null;
        const at = element.isEdge() ? element.renderedMidpoint() : cy?.nodes().getElementById(id).renderedPosition();
        if (!at) return null;
        return { x: box.left + at.x, y: box.top + at.y };
      },
      labelPx() {
        const cy = cyRef.current;
        const named = cy?.nodes('.named');
        if (!cy || !named || named.empty()) return null;
        return Math.min(...named.map((n) => parseFloat(n.style('font-size')) * cy.zoom()));
      },
      zoom: () => cyRef.current?.zoom() ?? 0,
      classes(id) {
        const element = cyRef.current?.getElementById(id);
        return element && !element.empty() ? element.classes() : null;
      },
      boxes: () => boxes.current.map((b) => (b.namespace === 'unknown' ? 'no identity' : b.namespace)),
      edgesThroughNodes() {
        const cy = cyRef.current;
        if (!cy) return [];
        const nodes = cy.nodes().map((n) => ({ id: n.id(), at: n.position(), radius: n.width() / 2 }));
        const through: string[] = [];
        cy.edges().forEach((edge) => {
          const line = [edge.source().position(), ...(edge.data('sw') ? edge.segmentPoints() : []), edge.target().position()];
          for (const node of nodes) {
            if (node.id === edge.source().id() || node.id === edge.target().id()) continue;
            for (let k = 0; k + 1 < line.length; k++) {
              if (distanceToSegment(node.at, line[k] as Point, line[k + 1] as Point) < node.radius) {
                through.push(`${edge.id()} through ${node.id}`);
                break;
              }
            }
          }
        });
        return through;
      },
    };
    return () => {
      w.terminate();
      resize.disconnect();
      cyRef.current?.destroy();
      cyRef.current = undefined;
      delete window.meshlockGraph;
    };
  }, []);

  // A new structure (or another layout) is laid out in the worker; the same one keeps its positions.
  const structure = useMemo(() => `${layout}\u0000${structureOf(graph)}`, [graph, layout]);
  useEffect(() => {
    if (placed?.structure === structure) return;
    const w = worker.current;
    if (!w) return;
    const id = ++requested.current;
    // Marks for the bench's first-paint breakdown: data in hand, layout back, elements created, first frame drawn.
    performance.mark('graph:data');
    const request = layoutRequest(graph);
    w.onmessage = (event: MessageEvent<{ id: number; result: LayoutResult }>) => {
      if (event.data.id !== requested.current) return;
      performance.mark('graph:layout');
      setPlaced({ structure, nodeIds: request.nodes.map((n) => n.id), result: event.data.result });
    };
    const message: LayoutMessage = { id, request, layout: layout === 'auto' ? defaultLayout(request) : layout };
    w.postMessage(message);
  }, [structure, graph, layout, placed?.structure]);

  // Draw the laid-out graph: a new Cytoscape for a new structure, data updates for a refresh of the same one.
  useEffect(() => {
    if (!placed || placed.structure !== structure || !container.current) return;
    const cy = cyRef.current;
    if (cy && shown === structure) {
      restyle(cy, graph, { security, sidecars, labels, close: close.current, dash: dash.current }, boxes.current.length > 0);
      return;
    }
    cy?.destroy();
    claimCytoscapeStylesheet();
    const large = graph.nodes.length + graph.edges.length > LARGE;
    const box = container.current.getBoundingClientRect();
    const viewport = fitViewport(box.width, box.height, placed.result.positions, placed.result.boxes);
    close.current = !large || viewport.zoom >= CLOSE_ZOOM;
    dash.current = dashClass(viewport.zoom);
    boxes.current = placed.result.boxes;
    const options: cytoscape.CytoscapeOptions = {
      container: container.current,
      elements: elements(graph, placed, { security, sidecars, labels, close: close.current, dash: dash.current }, labelClass(viewport.zoom)),
      zoom: viewport.zoom,
      pan: viewport.pan,
      style: graphStyle(),
      // The viewport above is already the fitted one: preset's own fit (its default) measures every element's box.
      layout: { name: 'preset', fit: false },
      minZoom: MIN_ZOOM,
      maxZoom: 4,
      pixelRatio: 1,
      boxSelectionEnabled: false,
      selectionType: 'single',
      textureOnViewport: graph.nodes.length + graph.edges.length > TEXTURE,
      autoungrabify: large,
    };
    // Measuring only: Cytoscape's WebGL renderer (an option its types do not list), against the canvas one.
    if (new URLSearchParams(window.location.search).get('renderer') === 'webgl') Object.assign(options, { renderer: { name: 'canvas', webgl: true } });
    const created = cytoscape(options);
    performance.mark('graph:created');
    created.on('tap', 'node', (event) => select.current({ kind: 'node', id: event.target.id() }));
    created.on('tap', 'edge', (event) => select.current({ kind: 'edge', id: event.target.id() }));
    created.on('tap', (event) => {
      if (event.target === created) select.current(null);
    });
    created.on('render', redraw);
    let labelled = labelClass(created.zoom());
    created.on('zoom', () => {
      const zoom = created.zoom();
      const wanted = !large || zoom >= CLOSE_ZOOM;
      const size = labelClass(zoom);
      const step = dashClass(zoom);
      if (wanted === close.current && size === labelled && step === dash.current) return;
      created.batch(() => {
        if (size !== labelled) created.nodes().removeClass(labelled).addClass(size);
        if (wanted !== close.current) {
          created.edges().toggleClass('arrows', wanted);
          created.nodes().toggleClass('named', wanted);
        }
        if (step !== dash.current) {
          const patterned = created.edges(PATTERNED_EDGES);
          if (dash.current) patterned.removeClass(dash.current);
          if (step) patterned.addClass(step);
        }
      });
      labelled = size;
      close.current = wanted;
      dash.current = step;
    });
    created.on('dragfree', 'node', () => {
      // A dragged node moves its edges' midpoints; small graphs only (large ones are not grabbable).
      items.current = overlayItems(created, graph, new Set());
      redraw();
    });
    cyRef.current = created;
    created.one('render', () =>
      requestAnimationFrame(() => {
        performance.mark('graph:drawn');
        frame.current?.setAttribute('data-first-paint-ms', String(Math.round(performance.now())));
        setShown(structure);
      }),
    );
  }, [placed, graph]);

  // Display options on what is drawn.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || shown !== structure) return;
    restyle(cy, graph, { security, sidecars, labels, close: close.current, dash: dash.current }, boxes.current.length > 0);
    redraw();
  }, [security, sidecars, labels, shown]);

  // Find highlights, Hide removes (and the nodes it leaves without edges). After any restyle, which resets classes.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !placed || shown !== structure) return;
    const found = matches(graph, find, false);
    const hidden = matches(graph, hide, true);
    cy.batch(() => {
      cy.elements('.found').removeClass('found');
      cy.elements('.hidden').removeClass('hidden');
      for (const id of found) cy.getElementById(id).addClass('found');
      for (const id of hidden) cy.getElementById(id).addClass('hidden');
    });
    items.current = overlayItems(cy, graph, hidden);
    redraw();
  }, [find, hide, shown, graph, security, sidecars, labels]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || shown !== structure) return;
    cy.$(':selected').unselect();
    if (selected) cy.getElementById(selected.id).select();
  }, [selected, shown, structure]);

  // The keyboard focus ring, and the focused element kept in view.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || shown !== structure) return;
    cy.elements('.kbd-focus').removeClass('kbd-focus');
    if (!focus) return;
    const element = cy.getElementById(focus.id);
    if (element.empty()) return;
    element.addClass('kbd-focus');
    const at = element.isEdge() ? element.renderedMidpoint() : cy.nodes().getElementById(focus.id).renderedPosition();
    if (at.x < 20 || at.y < 20 || at.x > cy.width() - 20 || at.y > cy.height() - 20) cy.center(element);
  }, [focus, shown, structure]);

  const zoomBy = (factor: number) => {
    const cy = cyRef.current;
    if (cy) cy.zoom({ level: Math.min(cy.maxZoom(), Math.max(cy.minZoom(), cy.zoom() * factor)), renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const cy = cyRef.current;
    if (!cy || event.target !== event.currentTarget) return;
    if (event.key === 'Enter' || event.key === ' ') {
      if (focus) {
        event.preventDefault();
        onSelect(focus);
      }
      return;
    }
    if (event.key === 'Escape') {
      onSelect(null);
      return;
    }
    if (event.key === '+' || event.key === '=') return zoomBy(1.25);
    if (event.key === '-') return zoomBy(0.8);
    const hidden = new Set(cy.elements('.hidden').map((e) => e.id()));
    const next = nextFocus(graph, focus, event.key, hidden, (id) => cy.getElementById(id).position());
    if (next === undefined) return;
    event.preventDefault();
    setFocus(next);
  };

  const focusedText = focus ? describeElement(graph, focus) : '';
  const ready = shown === structure;

  return (
    <div
      ref={frame}
      className="ml-graph-frame"
      data-testid="graph-canvas"
      data-nodes={graph.nodes.length}
      data-edges={graph.edges.length}
      data-layout={placed?.result.algorithm ?? ''}
      data-layout-ms={placed ? Math.round(placed.result.ms) : ''}
      data-rendered={ready ? 'true' : 'false'}
      data-focused={focus?.id ?? ''}
    >
      <canvas ref={underlay} className="ml-graph-underlay" aria-hidden="true" />
      <div
        ref={container}
        className="ml-graph-cy"
        tabIndex={0}
        role="application"
        aria-roledescription="traffic graph"
        aria-label="Traffic graph: arrow keys move between nodes (left, right) and along a node's edges (up, down); Enter opens the details; + and − zoom"
        onKeyDown={onKeyDown}
        onFocus={(event) => {
          if (event.target === event.currentTarget && !focus && ready) setFocus(nextFocus(graph, null, 'ArrowRight', new Set(), (id) => cyRef.current?.getElementById(id).position() ?? { x: 0, y: 0 }) ?? null);
        }}
      />
      <canvas ref={overlay} className="ml-graph-overlay" aria-hidden="true" />
      <p className="pf-v6-screen-reader" aria-live="polite" data-testid="graph-focus-text">
        {focusedText}
      </p>
      <GraphControls
        onZoomIn={() => zoomBy(1.25)}
        onZoomOut={() => zoomBy(0.8)}
        onFit={() => cyRef.current && fit(cyRef.current, boxes.current)}
        onReset={() => {
          const cy = cyRef.current;
          if (!cy) return;
          fit(cy, boxes.current);
          setFocus(null);
          onSelect(null);
        }}
      />
    </div>
  );
}
