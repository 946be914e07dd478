// The layout off the main thread: the page stays responsive while positions are computed, and the
// result comes back as one transferable array. Dagre for small graphs, the layered grid beyond (layout.ts).
import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';
import { layeredGrid, useDagre, type LayoutRequest, type LayoutResult } from './layout.js';

cytoscape.use(dagre);

export interface LayoutMessage {
  readonly id: number;
  readonly request: LayoutRequest;
}

/** Kiali's dagre settings (kiali-ui-reference §2.1): left to right, tight ranks. */
function dagreLayout(request: LayoutRequest): Omit<LayoutResult, 'ms'> {
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    style: [{ selector: 'node', style: { width: 40, height: 40 } }],
    elements: [
      ...request.nodes.map((_, i) => ({ data: { id: String(i) } })),
      ...request.edges.map(([s, t], i) => ({ data: { id: `e${i}`, source: String(s), target: String(t) } })),
    ],
  });
  cy.layout({ name: 'dagre', rankDir: 'LR', nodeSep: 40, rankSep: 120, edgeSep: 20 } as cytoscape.LayoutOptions).run();
  const positions = new Float64Array(request.nodes.length * 2);
  request.nodes.forEach((_, i) => {
    const p = cy.getElementById(String(i)).position();
    positions[2 * i] = p.x;
    positions[2 * i + 1] = p.y;
  });
  cy.destroy();
  return { positions, algorithm: 'dagre', boxes: [] };
}

self.onmessage = (event: MessageEvent<LayoutMessage>) => {
  const started = performance.now();
  const { id, request } = event.data;
  const result = useDagre(request) ? dagreLayout(request) : layeredGrid(request);
  const message: { id: number; result: LayoutResult } = { id, result: { ...result, ms: performance.now() - started } };
  (self as unknown as Worker).postMessage(message, [result.positions.buffer]);
};
