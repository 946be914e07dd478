// Where nodes go, computed off the main thread (layout.worker.ts). Dagre (Kiali's layout) reads best but
// grows steeply: measured here, 150 nodes / 400 edges 0.6 s, 300 / 900 2.4 s, 600 / 1,800 16 s, and
// 1,000 / 5,000 ran out of memory (docs/graph.md). Above DAGRE_MAX_* the "layered grid" is used instead:
// O(nodes + edges), every namespace a block whose columns are call depth (callers left of callees),
// blocks packed in rows. Predictable, stable across refreshes, and 5,000 nodes take a few milliseconds.

export interface LayoutRequest {
  readonly nodes: readonly { readonly id: string; readonly namespace: string }[];
  /** Pairs of indexes into `nodes`. */
  readonly edges: readonly (readonly [number, number])[];
}

export interface NamespaceBox {
  readonly namespace: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LayoutResult {
  /** x, y of node i at 2i, 2i + 1. */
  readonly positions: Float64Array;
  readonly algorithm: 'dagre' | 'layered-grid';
  /** Namespace blocks of the layered grid, for their labels. */
  readonly boxes: readonly NamespaceBox[];
  readonly ms: number;
}

export const DAGRE_MAX_NODES = 150;
export const DAGRE_MAX_EDGES = 400;

const COLUMN = 170;
const ROW = 70;
const BLOCK_GAP = 90;
/** Room above a block for its namespace label. */
const LABEL = 40;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function useDagre(request: LayoutRequest): boolean {
  return request.nodes.length <= DAGRE_MAX_NODES && request.edges.length <= DAGRE_MAX_EDGES;
}

/** Longest-path depth inside each namespace; a cycle is cut where the walk meets it. */
function depths(request: LayoutRequest, members: readonly number[], inNamespace: (i: number) => boolean): Map<number, number> {
  const incoming = new Map<number, number[]>();
  const outgoing = new Map<number, number[]>();
  for (const [s, t] of request.edges) {
    if (s === t || !inNamespace(s) || !inNamespace(t)) continue;
    push(outgoing, s, t);
    push(incoming, t, s);
  }
  const depth = new Map<number, number>();
  const pending = new Map(members.map((m) => [m, incoming.get(m)?.length ?? 0]));
  const queue = members.filter((m) => (pending.get(m) ?? 0) === 0);
  let head = 0;
  while (depth.size < members.length) {
    if (head === queue.length) {
      // A cycle: start from the unplaced node with the fewest unplaced callers.
      const next = members.filter((m) => !depth.has(m)).sort((a, b) => (pending.get(a) ?? 0) - (pending.get(b) ?? 0))[0];
      if (next === undefined) break;
      pending.set(next, 0);
      queue.push(next);
    }
    const current = queue[head++] as number;
    if (depth.has(current)) continue;
    const from = (incoming.get(current) ?? []).filter((p) => depth.has(p)).map((p) => (depth.get(p) ?? 0) + 1);
    depth.set(current, Math.max(0, ...from));
    for (const next of outgoing.get(current) ?? []) {
      const left = (pending.get(next) ?? 0) - 1;
      pending.set(next, left);
      if (left === 0 && !depth.has(next)) queue.push(next);
    }
  }
  return depth;
}

export function layeredGrid(request: LayoutRequest): Omit<LayoutResult, 'ms'> {
  const byNamespace = new Map<string, number[]>();
  request.nodes.forEach((n, i) => push(byNamespace, n.namespace, i));
  const callers = new Map<number, number[]>();
  for (const [s, t] of request.edges) push(callers, t, s);

  const blocks = [...byNamespace.keys()]
    .sort((a, b) => (a === 'unknown' ? -1 : b === 'unknown' ? 1 : a < b ? -1 : 1))
    .map((namespace) => {
      const members = byNamespace.get(namespace) ?? [];
      const depth = depths(request, members, (i) => request.nodes[i]?.namespace === namespace);
      const columns: number[][] = [];
      for (const m of members) (columns[depth.get(m) ?? 0] ??= []).push(m);
      // One barycentre pass: a node sits near the rows of its callers in the previous column.
      const row = new Map<number, number>();
      columns.forEach((column, c) => {
        if (c > 0) {
          const centre = (m: number) => {
            const rows = (callers.get(m) ?? []).map((p) => row.get(p)).filter((r): r is number => r !== undefined);
            return rows.length > 0 ? rows.reduce((a, b) => a + b, 0) / rows.length : Infinity;
          };
          column.sort((a, b) => centre(a) - centre(b) || a - b);
        }
        column.forEach((m, r) => row.set(m, r));
      });
      const width = Math.max(1, columns.length) * COLUMN;
      const height = LABEL + Math.max(1, ...columns.map((c) => c?.length ?? 0)) * ROW;
      return { namespace, columns, width, height };
    });

  // Shelf packing towards a square overall shape.
  const area = blocks.reduce((sum, b) => sum + (b.width + BLOCK_GAP) * (b.height + BLOCK_GAP), 0);
  const shelf = Math.max(Math.sqrt(area) * 1.3, ...blocks.map((b) => b.width));
  const positions = new Float64Array(request.nodes.length * 2);
  const boxes: NamespaceBox[] = [];
  let x = 0;
  let y = 0;
  let shelfHeight = 0;
  for (const block of blocks) {
    if (x > 0 && x + block.width > shelf) {
      x = 0;
      y += shelfHeight + BLOCK_GAP;
      shelfHeight = 0;
    }
    block.columns.forEach((column, c) =>
      column?.forEach((m, r) => {
        positions[2 * m] = x + c * COLUMN + COLUMN / 2;
        positions[2 * m + 1] = y + LABEL + r * ROW + ROW / 2;
      }),
    );
    boxes.push({ namespace: block.namespace, x, y, width: block.width, height: block.height });
    x += block.width + BLOCK_GAP;
    shelfHeight = Math.max(shelfHeight, block.height);
  }
  return { positions, algorithm: 'layered-grid', boxes };
}
