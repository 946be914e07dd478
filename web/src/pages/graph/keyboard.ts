// Keyboard walking of the graph: left and right go through the nodes in reading order (columns left to
// right, top to bottom), up and down through the edges of the node last visited, and from an edge left and
// right go to its source and target. What has focus is read out in words.
import type { Graph } from '../../../../src/api/graph-schemas.js';
import { nodeLabel } from './graph-style.js';

export interface FocusKey {
  readonly kind: 'node' | 'edge';
  readonly id: string;
  /** For an edge: the node whose edges are being walked. */
  readonly anchor?: string;
}

type Position = { x: number; y: number };

/** Nodes in reading order: by column (x rounded to 60 px), then from the top. */
function readingOrder(graph: Graph, hidden: ReadonlySet<string>, positionOf: (id: string) => Position): string[] {
  return graph.nodes
    .filter((n) => !hidden.has(n.id))
    .map((n) => ({ id: n.id, at: positionOf(n.id) }))
    .sort((a, b) => Math.round(a.at.x / 60) - Math.round(b.at.x / 60) || a.at.y - b.at.y)
    .map((n) => n.id);
}

function edgesOf(graph: Graph, node: string, hidden: ReadonlySet<string>): string[] {
  const visible = graph.edges.filter((e) => !hidden.has(e.id) && !hidden.has(e.source) && !hidden.has(e.target));
  return [...visible.filter((e) => e.source === node), ...visible.filter((e) => e.target === node && e.source !== node)].map((e) => e.id);
}

/** The element a key moves focus to; undefined when the key does not move focus. */
export function nextFocus(graph: Graph, focus: FocusKey | null, key: string, hidden: ReadonlySet<string>, positionOf: (id: string) => Position): FocusKey | null | undefined {
  const nodes = () => readingOrder(graph, hidden, positionOf);
  const step = (list: readonly string[], current: string | undefined, by: number) => {
    if (list.length === 0) return undefined;
    const at = current === undefined ? -1 : list.indexOf(current);
    return list[at < 0 ? (by > 0 ? 0 : list.length - 1) : (at + by + list.length) % list.length];
  };
  if (key === 'Home' || key === 'End') {
    const list = nodes();
    const id = key === 'Home' ? list[0] : list[list.length - 1];
    return id === undefined ? null : { kind: 'node', id };
  }
  if (key !== 'ArrowRight' && key !== 'ArrowLeft' && key !== 'ArrowDown' && key !== 'ArrowUp') return undefined;
  if (focus?.kind === 'edge') {
    const edge = graph.edges.find((e) => e.id === focus.id);
    if (!edge) return null;
    if (key === 'ArrowRight') return { kind: 'node', id: edge.target };
    if (key === 'ArrowLeft') return { kind: 'node', id: edge.source };
    const anchor = focus.anchor ?? edge.source;
    const id = step(edgesOf(graph, anchor, hidden), focus.id, key === 'ArrowDown' ? 1 : -1);
    return id === undefined ? focus : { kind: 'edge', id, anchor };
  }
  if (key === 'ArrowRight' || key === 'ArrowLeft') {
    const id = step(nodes(), focus?.id, key === 'ArrowRight' ? 1 : -1);
    return id === undefined ? null : { kind: 'node', id };
  }
  if (!focus) return nextFocus(graph, null, 'ArrowRight', hidden, positionOf);
  const id = step(edgesOf(graph, focus.id, hidden), undefined, key === 'ArrowDown' ? 1 : -1);
  return id === undefined ? focus : { kind: 'edge', id, anchor: focus.id };
}

/** What a screen reader hears for the focused element. */
export function describeElement(graph: Graph, focus: FocusKey): string {
  if (focus.kind === 'node') {
    const node = graph.nodes.find((n) => n.id === focus.id);
    if (!node) return '';
    const count = graph.edges.filter((e) => e.source === node.id || e.target === node.id).length;
    return `${node.kind === 'outside' ? 'Callers without identity' : `${node.kind} ${nodeLabel(node)} in ${node.namespace}`}, ${node.health.status}, ${count} edge${count === 1 ? '' : 's'}. Enter for details.`;
  }
  const edge = graph.edges.find((e) => e.id === focus.id);
  if (!edge) return '';
  const name = (id: string) => {
    const node = graph.nodes.find((n) => n.id === id);
    return node ? nodeLabel(node) : id;
  };
  const share = edge.mtlsPercent === null ? 'no mTLS data' : `${edge.mtlsPercent}% mTLS`;
  const failure = edge.predictedOutcome === 'fail' ? (edge.observed ? ', predicted to fail' : ', predicted to fail, seen before the window') : '';
  return `Edge ${name(edge.source)} to ${name(edge.target)}, ${edge.protocol.toUpperCase()}, ${share}, ${edge.health}${failure}. Enter for details.`;
}
