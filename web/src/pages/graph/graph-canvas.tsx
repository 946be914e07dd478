// The graph on Cytoscape's canvas renderer. Positions come from the layout worker; a refresh that keeps
// the same nodes and edges only updates their data (no relayout, unlike Kiali's full rebuild per poll).
// Large graphs pan on a cached texture (textureOnViewport) and hide labels below a readable zoom, which
// keeps 5,000 nodes / 25,000 edges interactive; docs/graph.md has the measurements behind these choices.
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Graph } from '../../../../src/api/graph-schemas.js';
import type { Matcher } from './find-hide.js';
import { edgeClasses, edgeLabel, graphStyle, nodeClasses, nodeLabel } from './graph-style.js';
import type { EdgeLabels } from './graph-settings.js';
import type { LayoutRequest, LayoutResult } from './layout.js';
import type { LayoutMessage } from './layout.worker.js';
import { drawOverlay, type OverlayItems } from './overlay.js';

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

/** Above this many elements the viewport optimisations are on. */
const LARGE = 2_000;
/**
 * A large graph draws arrows and node names from this zoom on, where they are big enough to read: drawing
 * them for 30,000 elements at the fitted zoom cost seconds of the first frame and showed specks.
 */
const CLOSE_ZOOM = 0.45;

interface Props {
  readonly graph: Graph;
  readonly security: boolean;
  readonly sidecars: boolean;
  readonly labels: EdgeLabels;
  readonly find: Matcher | undefined;
  readonly hide: Matcher | undefined;
  readonly selected: Selection | null;
  readonly onSelect: (selection: Selection | null) => void;
}

interface Placed {
  /** The graph whose structure was laid out. */
  readonly structure: string;
  readonly nodeIds: readonly string[];
  readonly result: LayoutResult;
}

declare global {
  interface Window {
    /** For end-to-end tests and the bench: where an element is drawn, in page pixels. */
    meshlockGraph?: { point(id: string): { x: number; y: number } | null };
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
    edges: graph.edges.flatMap((e) => {
      const s = index.get(e.source);
      const t = index.get(e.target);
      return s === undefined || t === undefined ? [] : [[s, t] as const];
    }),
  };
}

/** With several namespaces a name alone is ambiguous (travels in two of the demo's), so labels add the namespace. */
function spansNamespaces(graph: Graph): boolean {
  const first = graph.nodes.find((n) => n.kind !== 'outside')?.namespace;
  return graph.nodes.some((n) => n.kind !== 'outside' && n.namespace !== first);
}

interface Look {
  readonly security: boolean;
  readonly sidecars: boolean;
  readonly labels: EdgeLabels;
  /** Zoomed in enough for arrows and names. */
  readonly close: boolean;
}

function elements(graph: Graph, placed: Placed, look: Look): ElementDefinition[] {
  const positions = placed.result.positions;
  const namespaced = spansNamespaces(graph);
  return [
    ...graph.nodes.map((n, i) => ({ group: 'nodes' as const, data: { id: n.id, label: nodeLabel(n, namespaced) }, classes: nodeClasses(n, look), position: { x: positions[2 * i] ?? 0, y: positions[2 * i + 1] ?? 0 } })),
    ...graph.edges.map((e) => ({ group: 'edges' as const, data: { id: e.id, source: e.source, target: e.target, label: edgeLabel(e, look.labels) }, classes: edgeClasses(e, look) })),
  ];
}

/** Classes and labels of every element for the current look, in one batch. */
function restyle(cy: Core, graph: Graph, look: Look): void {
  const namespaced = spansNamespaces(graph);
  cy.batch(() => {
    for (const n of graph.nodes) cy.getElementById(n.id).data('label', nodeLabel(n, namespaced)).classes(nodeClasses(n, look));
    for (const e of graph.edges) cy.getElementById(e.id).data('label', edgeLabel(e, look.labels)).classes(edgeClasses(e, look));
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

function overlayItems(graph: Graph, placed: Placed, hidden: ReadonlySet<string>): OverlayItems {
  const index = new Map(placed.nodeIds.map((id, i) => [id, i]));
  const p = placed.result.positions;
  const visibleEdges = graph.edges.filter((e) => !hidden.has(e.id) && !hidden.has(e.source) && !hidden.has(e.target));
  const edgePoints = new Float64Array(visibleEdges.length * 2);
  visibleEdges.forEach((e, i) => {
    const s = index.get(e.source) ?? 0;
    const t = index.get(e.target) ?? 0;
    edgePoints[2 * i] = ((p[2 * s] ?? 0) + (p[2 * t] ?? 0)) / 2;
    edgePoints[2 * i + 1] = ((p[2 * s + 1] ?? 0) + (p[2 * t + 1] ?? 0)) / 2;
  });
  const bare = graph.nodes.filter((n) => n.sidecar === false && n.kind !== 'outside' && !hidden.has(n.id));
  const badgePoints = new Float64Array(bare.length * 2);
  bare.forEach((n, i) => {
    const at = index.get(n.id) ?? 0;
    badgePoints[2 * i] = p[2 * at] ?? 0;
    badgePoints[2 * i + 1] = p[2 * at + 1] ?? 0;
  });
  return { edgePoints, edgeSecurity: visibleEdges.map((e) => e.security), badgePoints, boxes: placed.result.boxes };
}

export function GraphCanvas(props: Props) {
  const { graph, security, sidecars, labels, find, hide, selected, onSelect } = props;
  const frame = useRef<HTMLDivElement>(null);
  const container = useRef<HTMLDivElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const cyRef = useRef<Core | undefined>(undefined);
  const worker = useRef<Worker | undefined>(undefined);
  const requested = useRef(0);
  const items = useRef<OverlayItems | undefined>(undefined);
  const options = useRef({ security, sidecars });
  const close = useRef(true);
  const select = useRef(onSelect);
  const [placed, setPlaced] = useState<Placed | undefined>();
  const [shown, setShown] = useState<string | undefined>();
  select.current = onSelect;
  options.current = { security, sidecars };

  const redraw = () => {
    const cy = cyRef.current;
    const canvas = overlay.current;
    const ctx = canvas?.getContext('2d');
    if (!cy || !canvas || !ctx || !items.current) return;
    drawOverlay(ctx, { zoom: cy.zoom(), pan: cy.pan(), width: canvas.width, height: canvas.height }, items.current, options.current);
  };

  useEffect(() => {
    const w = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    const resize = new ResizeObserver(() => {
      const canvas = overlay.current;
      const box = container.current?.getBoundingClientRect();
      if (canvas && box) {
        canvas.width = Math.round(box.width);
        canvas.height = Math.round(box.height);
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
    };
    return () => {
      w.terminate();
      resize.disconnect();
      cyRef.current?.destroy();
      cyRef.current = undefined;
      delete window.meshlockGraph;
    };
  }, []);

  // A new structure is laid out in the worker; the same structure keeps its positions.
  const structure = useMemo(() => structureOf(graph), [graph]);
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
    const message: LayoutMessage = { id, request };
    w.postMessage(message);
  }, [structure, graph, placed?.structure]);

  // Draw the laid-out graph: a new Cytoscape for a new structure, data updates for a refresh of the same one.
  useEffect(() => {
    if (!placed || placed.structure !== structure || !container.current) return;
    const cy = cyRef.current;
    if (cy && shown === structure) {
      restyle(cy, graph, { security, sidecars, labels, close: close.current });
      return;
    }
    cy?.destroy();
    claimCytoscapeStylesheet();
    const large = graph.nodes.length + graph.edges.length > LARGE;
    // A large graph opens fitted, far below CLOSE_ZOOM.
    close.current = !large;
    const created = cytoscape({
      container: container.current,
      elements: elements(graph, placed, { security, sidecars, labels, close: close.current }),
      style: graphStyle(),
      layout: { name: 'preset' },
      minZoom: 0.01,
      maxZoom: 4,
      pixelRatio: 1,
      boxSelectionEnabled: false,
      selectionType: 'single',
      textureOnViewport: large,
      autoungrabify: large,
    });
    created.fit(undefined, 30);
    // A handful of nodes fitted to the canvas would be drawn huge; readable size is enough.
    if (created.zoom() > MAX_FIT_ZOOM) created.zoom({ level: MAX_FIT_ZOOM, renderedPosition: { x: created.width() / 2, y: created.height() / 2 } });
    performance.mark('graph:created');
    created.on('tap', 'node', (event) => select.current({ kind: 'node', id: event.target.id() }));
    created.on('tap', 'edge', (event) => select.current({ kind: 'edge', id: event.target.id() }));
    created.on('tap', (event) => {
      if (event.target === created) select.current(null);
    });
    created.on('render', redraw);
    if (large) {
      created.on('zoom', () => {
        const wanted = created.zoom() >= CLOSE_ZOOM;
        if (wanted === close.current) return;
        close.current = wanted;
        created.batch(() => {
          created.edges().toggleClass('arrows', wanted);
          created.nodes().toggleClass('named', wanted);
        });
      });
    }
    created.on('dragfree', 'node', () => {
      // A dragged node moves its edges' midpoints; small graphs only (large ones are not grabbable).
      const positions = new Float64Array(placed.nodeIds.length * 2);
      placed.nodeIds.forEach((id, i) => {
        const p = created.getElementById(id).position();
        positions[2 * i] = p.x;
        positions[2 * i + 1] = p.y;
      });
      items.current = overlayItems(graph, { ...placed, result: { ...placed.result, positions, boxes: [] } }, new Set());
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
    restyle(cy, graph, { security, sidecars, labels, close: close.current });
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
    items.current = overlayItems(graph, placed, hidden);
    redraw();
  }, [find, hide, shown, graph, security, sidecars, labels]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || shown !== structure) return;
    cy.$(':selected').unselect();
    if (selected) cy.getElementById(selected.id).select();
  }, [selected, shown, structure]);

  return (
    <div
      ref={frame}
      className="ml-graph-frame"
      data-testid="graph-canvas"
      data-nodes={graph.nodes.length}
      data-edges={graph.edges.length}
      data-layout={placed?.result.algorithm ?? ''}
      data-layout-ms={placed ? Math.round(placed.result.ms) : ''}
      data-rendered={shown === structure ? 'true' : 'false'}
    >
      <div ref={container} className="ml-graph-cy" />
      <canvas ref={overlay} className="ml-graph-overlay" aria-hidden="true" />
    </div>
  );
}
