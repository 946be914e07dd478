// The traffic graph on a canvas of our own (draw.ts), at every size. Positions (and the routes of edges around
// nodes) come from the layout worker; the scene is flat arrays built once per laid-out structure (scene.ts), and
// a refresh that keeps the same nodes and edges only restyles it (no relayout, unlike Kiali's rebuild per
// poll). graph-view.ts holds the viewport and the mouse; large graphs show names and arrows only when zoomed
// in. docs/graph.md has the measurements behind these choices. The canvas is one Tab stop: arrow keys walk
// nodes and their edges, Enter opens the side panel.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Graph } from '../../../../src/api/graph-schemas.js';
import type { Matcher } from './find-hide.js';
import { GraphControls } from './graph-controls.js';
import type { EdgeLabels, GraphSettings } from './graph-settings.js';
import { dashClass, edgeClasses, labelClass, labelFontSize, nodeClasses } from './graph-style.js';
import { fitViewport, GraphView } from './graph-view.js';
import { describeElement, nextFocus, type FocusKey } from './keyboard.js';
import { packRequest, type LayoutResult } from './layout.js';
import type { LayoutMessage } from './layout.worker.js';
import { edgesThroughNodes, matchMarks, overlayItems, sceneGeometry, sceneStyle, type Hit, type SceneGeometry } from './scene.js';

export type Selection = { readonly kind: 'node' | 'edge'; readonly id: string };

/** Above this many elements names and arrows wait for CLOSE_ZOOM (the legend says so). */
const LARGE = 2_000;
/**
 * A large graph draws arrows and node names from this zoom on, where names are at least 11 px (graph-style.ts
 * grows their font as the zoom falls): at the fitted zoom of 20,000 nodes they would be specks.
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
      /** The viewport the canvas shows now (the bench checks that every frame of a drag shows the moved graph). */
      shownView(): { zoom: number; x: number; y: number } | null;
      /** The classes an element is drawn with (graph-style.ts), e.g. `waypoint` or `ambient`; null when not in the graph. */
      classes(id: string): string[] | null;
    };
  }
}

/** Node ids and edge ids, order-independent: equal strings mean the layout still holds. */
function structureOf(graph: Graph): string {
  return `${graph.nodes.map((n) => n.id).join('\n')}\u0000${graph.edges.map((e) => e.id).join('\n')}`;
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

function hitOf(geometry: SceneGeometry | undefined, key: { kind: 'node' | 'edge'; id: string } | null): Hit | null {
  if (!key) return null;
  const index = (key.kind === 'node' ? geometry?.nodeIndex : geometry?.edgeIndex)?.get(key.id);
  return index !== undefined ? { kind: key.kind, index } : null;
}

export function GraphCanvas(props: Props) {
  const { graph, security, sidecars, labels, layout, find, hide, selected, onSelect } = props;
  const frame = useRef<HTMLDivElement>(null);
  const surface = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const view = useRef<GraphView | undefined>(undefined);
  const worker = useRef<Worker | undefined>(undefined);
  const requested = useRef(0);
  const select = useRef(onSelect);
  const [placed, setPlaced] = useState<Placed | undefined>();
  const [shown, setShown] = useState<string | undefined>();
  const [focus, setFocus] = useState<FocusKey | null>(null);
  select.current = onSelect;

  // A new structure (or another layout) is laid out in the worker; the same one keeps its positions.
  const structure = useMemo(() => `${layout}\u0000${structureOf(graph)}`, [graph, layout]);
  const current = placed?.structure === structure ? placed : undefined;
  // The graph that was laid out has the same ids in the same order as this one (equal structure).
  const geometry = useMemo(() => (current ? sceneGeometry(graph, current.result) : undefined), [current]);
  const style = useMemo(
    () => (geometry ? sceneStyle(graph, { security, sidecars, labels, namespaced: spansNamespaces(graph, geometry.boxes.length > 0) }) : undefined),
    [geometry, graph, security, sidecars, labels],
  );
  const hidden = useMemo(() => (geometry ? matchMarks(graph, geometry, hide, true) : undefined), [geometry, graph, hide]);
  const found = useMemo(() => (geometry ? matchMarks(graph, geometry, find, false) : undefined), [geometry, graph, find]);
  const overlay = useMemo(() => (geometry && hidden ? overlayItems(graph, geometry, hidden) : undefined), [geometry, graph, hidden]);
  const large = graph.nodes.length + graph.edges.length > LARGE;

  // What the test hooks read: the latest of everything, without re-creating them.
  const latest = useRef({ graph, geometry, style, hidden, found, focus, security, sidecars, labels });
  latest.current = { graph, geometry, style, hidden, found, focus, security, sidecars, labels };

  useEffect(() => {
    const w = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    if (!canvas.current || !surface.current) return;
    const graphView = new GraphView(canvas.current, surface.current, (hit) => {
      const { graph: g } = latest.current;
      select.current(hit ? { kind: hit.kind, id: (hit.kind === 'node' ? g.nodes[hit.index]?.id : g.edges[hit.index]?.id) ?? '' } : null);
    });
    view.current = graphView;
    const element = surface.current;
    const resize = new ResizeObserver(() => {
      const box = element.getBoundingClientRect();
      graphView.resize(box.width, box.height);
    });
    resize.observe(element);
    const indexOf = (id: string) => {
      const g = latest.current.geometry;
      const node = g?.nodeIndex.get(id);
      if (node !== undefined) return { kind: 'node' as const, index: node };
      const edge = g?.edgeIndex.get(id);
      return edge !== undefined ? { kind: 'edge' as const, index: edge } : undefined;
    };
    const marked = (hit: Hit, marks: { nodes: Uint8Array; edges: Uint8Array } | undefined) => (hit.kind === 'node' ? marks?.nodes : marks?.edges)?.[hit.index] === 1;
    window.meshlockGraph = {
      point(id) {
        const hit = indexOf(id);
        const g = latest.current.geometry;
        if (!hit || !g) return null;
        const xy = hit.kind === 'node' ? g.positions : g.midpoints;
        const at = graphView.toScreen(xy[2 * hit.index] ?? 0, xy[2 * hit.index + 1] ?? 0);
        const box = element.getBoundingClientRect();
        return { x: box.left + at.x, y: box.top + at.y };
      },
      labelPx: () => (latest.current.geometry && graphView.close ? labelFontSize(graphView.zoom) * graphView.zoom : null),
      zoom: () => graphView.zoom,
      shownView: () => (graphView.shown ? { zoom: graphView.shown.zoom, x: graphView.shown.pan.x, y: graphView.shown.pan.y } : null),
      classes(id) {
        const hit = indexOf(id);
        const { graph: g, style: s, hidden: h, found: f, focus: k, security: sec, sidecars: side, labels: lab } = latest.current;
        if (!hit || !s) return null;
        const close = graphView.close;
        const edge = g.edges[hit.index];
        const node = g.nodes[hit.index];
        const own = hit.kind === 'node' ? (node ? `${nodeClasses(node, { sidecars: side, close })} ${labelClass(graphView.zoom)}` : '') : edge ? edgeClasses(edge, { security: sec, labels: lab, close, dash: dashClass(graphView.zoom) }) : '';
        const states = [marked(hit, f) ? 'found' : '', marked(hit, h) ? 'hidden' : '', k?.id === id ? 'kbd-focus' : ''];
        return [...own.split(' '), ...states].filter(Boolean);
      },
      boxes: () => (latest.current.geometry?.boxes ?? []).map((b) => (b.namespace === 'unknown' ? 'no identity' : b.namespace)),
      edgesThroughNodes() {
        const { graph: g, geometry: geo, style: s } = latest.current;
        return geo && s ? edgesThroughNodes(g, geo, s) : [];
      },
    };
    return () => {
      w.terminate();
      resize.disconnect();
      graphView.destroy();
      view.current = undefined;
      delete window.meshlockGraph;
    };
  }, []);

  useEffect(() => {
    if (placed?.structure === structure) return;
    const w = worker.current;
    if (!w) return;
    const id = ++requested.current;
    // Marks for the bench's first-paint breakdown: data in hand, layout back, scene built, first frame drawn.
    performance.mark('graph:data');
    const request = packRequest(graph.nodes, graph.edges);
    w.onmessage = (event: MessageEvent<{ id: number; result: LayoutResult }>) => {
      if (event.data.id !== requested.current) return;
      performance.mark('graph:layout');
      setPlaced({ structure, result: event.data.result });
    };
    const message: LayoutMessage = { id, request, layout };
    w.postMessage(message, [request.nodeNamespace.buffer, request.edges.buffer]);
  }, [structure, graph, layout, placed?.structure]);

  // A newly laid-out structure opens at its fitted viewport; anything else redraws the same view.
  useEffect(() => {
    const graphView = view.current;
    const element = surface.current;
    if (!graphView || !element || !geometry || !style || !hidden || !found || !overlay) return;
    const fresh = shown !== structure;
    if (fresh) {
      const box = element.getBoundingClientRect();
      graphView.resize(box.width, box.height);
      graphView.setViewport(fitViewport(box.width, box.height, geometry));
      performance.mark('graph:created');
    }
    graphView.show({
      geometry,
      style,
      hidden,
      found,
      overlay,
      selected: hitOf(geometry, selected),
      focus: hitOf(geometry, focus),
      options: { security, sidecars },
      closeZoom: large ? CLOSE_ZOOM : 0,
    });
    if (fresh) {
      graphView.whenDrawn(() => {
        performance.mark('graph:drawn');
        frame.current?.setAttribute('data-first-paint-ms', String(Math.round(performance.now())));
        setShown(structure);
      });
    }
  }, [geometry, style, hidden, found, overlay, selected, focus, security, sidecars, large, structure, shown]);

  // The focused element kept in view.
  useEffect(() => {
    const at = hitOf(geometry, focus);
    if (!at || !geometry) return;
    const xy = at.kind === 'node' ? geometry.positions : geometry.midpoints;
    view.current?.keepInView(xy[2 * at.index] ?? 0, xy[2 * at.index + 1] ?? 0);
  }, [focus, geometry]);

  const positionOf = (id: string) => {
    const i = geometry?.nodeIndex.get(id);
    return i === undefined || !geometry ? { x: 0, y: 0 } : { x: geometry.positions[2 * i] ?? 0, y: geometry.positions[2 * i + 1] ?? 0 };
  };
  const hiddenIds = () => {
    const ids = new Set<string>();
    graph.nodes.forEach((n, i) => (hidden?.nodes[i] ? ids.add(n.id) : undefined));
    graph.edges.forEach((e, i) => (hidden?.edges[i] ? ids.add(e.id) : undefined));
    return ids;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const graphView = view.current;
    if (!graphView || event.target !== event.currentTarget) return;
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
    if (event.key === '+' || event.key === '=') return graphView.zoomBy(1.25);
    if (event.key === '-') return graphView.zoomBy(0.8);
    const next = nextFocus(graph, focus, event.key, hiddenIds(), positionOf);
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
      <div
        ref={surface}
        className="ml-graph-cy"
        tabIndex={0}
        role="application"
        aria-roledescription="traffic graph"
        aria-label="Traffic graph: arrow keys move between nodes (left, right) and along a node's edges (up, down); Enter opens the details; + and − zoom"
        onKeyDown={onKeyDown}
        onFocus={(event) => {
          // From the keyboard only: a press that starts a drag must not move the view to the first node.
          const fromKeyboard = event.currentTarget.matches(':focus-visible');
          if (event.target === event.currentTarget && fromKeyboard && !focus && ready) setFocus(nextFocus(graph, null, 'ArrowRight', hiddenIds(), positionOf) ?? null);
        }}
      >
        <canvas ref={canvas} className="ml-graph-canvas" aria-hidden="true" />
      </div>
      <p className="pf-v6-screen-reader" aria-live="polite" data-testid="graph-focus-text">
        {focusedText}
      </p>
      <GraphControls
        onZoomIn={() => view.current?.zoomBy(1.25)}
        onZoomOut={() => view.current?.zoomBy(0.8)}
        onFit={() => view.current?.fit()}
        onReset={() => {
          view.current?.fit();
          setFocus(null);
          onSelect(null);
        }}
      />
    </div>
  );
}
