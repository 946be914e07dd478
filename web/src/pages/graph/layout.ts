// Where nodes go, computed off the main thread (layout.worker.ts). Three layouts, all our own code:
// - "layered" (small and medium graphs): Sugiyama-style layers by call depth across the whole graph, every
//   namespace a horizontal lane (its box), crossings reduced by barycentre sweeps, and every edge routed
//   orthogonally through the gaps between layers and through slots reserved for it in the layers it
//   spans, so no edge runs through a node. Dagre (Kiali's layout) took 2.4 s at 150 nodes / 400 edges here
//   and ELK's layered algorithm 12 s at 100 / 300; this takes milliseconds (docs/graph.md).
// - "layered grid" (large graphs, and graphs too deep for layers): every namespace a block whose columns are
//   call depth, blocks packed on shelves; every edge routed orthogonally through the empty channels between
//   columns, rows and shelves, so no edge runs through a node either. O(nodes + edges).
// - "concentric": rings by how many edges a node has, busiest in the middle (Kiali offers it too).

export interface LayoutRequest {
  readonly nodes: readonly { readonly id: string; readonly namespace: string }[];
  /** Pairs of indexes into `nodes`. */
  readonly edges: readonly (readonly [number, number])[];
}

/**
 * A request as the page posts it to the worker: each namespace once, nodes and edges as typed arrays. The
 * structured clone of 80,000 small objects cost the main thread more than the grid layout itself (about half a
 * second at 20,000 nodes / 60,000 edges); typed arrays are copied in one go.
 */
export interface PackedRequest {
  readonly namespaces: readonly string[];
  /** Node i is in namespaces[nodeNamespace[i]]. */
  readonly nodeNamespace: Uint32Array;
  /** Source and target index of edge e at 2e and 2e + 1. */
  readonly edges: Uint32Array;
}

export function packRequest(nodes: readonly { readonly id: string; readonly namespace: string }[], edges: readonly { readonly source: string; readonly target: string }[]): PackedRequest {
  const namespaces: string[] = [];
  const namespaceIndex = new Map<string, number>();
  const nodeIndex = new Map<string, number>();
  const nodeNamespace = new Uint32Array(nodes.length);
  nodes.forEach((n, i) => {
    let k = namespaceIndex.get(n.namespace);
    if (k === undefined) {
      k = namespaces.push(n.namespace) - 1;
      namespaceIndex.set(n.namespace, k);
    }
    nodeNamespace[i] = k;
    nodeIndex.set(n.id, i);
  });
  const packed = new Uint32Array(edges.length * 2);
  edges.forEach((e, i) => {
    packed[2 * i] = nodeIndex.get(e.source) ?? 0;
    packed[2 * i + 1] = nodeIndex.get(e.target) ?? 0;
  });
  return { namespaces, nodeNamespace, edges: packed };
}

/** The request the layouts read, unpacked in the worker. Node ids are not needed there: nodes are indexes. */
export function unpackRequest(packed: PackedRequest): LayoutRequest {
  return {
    nodes: Array.from(packed.nodeNamespace, (k, i) => ({ id: String(i), namespace: packed.namespaces[k] ?? '' })),
    edges: Array.from({ length: packed.edges.length / 2 }, (_, e) => [packed.edges[2 * e] ?? 0, packed.edges[2 * e + 1] ?? 0] as const),
  };
}

export interface NamespaceBox {
  readonly namespace: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type LayoutName = 'layered' | 'layered-grid' | 'concentric';

export interface LayoutResult {
  /** x, y of node i at 2i, 2i + 1. */
  readonly positions: Float64Array;
  readonly algorithm: LayoutName;
  /** Namespace boxes (lanes of the layered layout, blocks of the grid). */
  readonly boxes: readonly NamespaceBox[];
  /**
   * Waypoints of routed edges: the points of edge i are x, y pairs in `routes` from routeStart[i] to
   * routeStart[i + 1] (no points: a straight line). Empty when the layout does not route.
   */
  readonly routes: Float64Array;
  readonly routeStart: Uint32Array;
  readonly ms: number;
}

/**
 * The layered layout reads best; above these sizes the grid takes over: Cytoscape's drawing of thousands of
 * routed edges cost seconds of the first frame here (1,000 nodes / 3,000 edges: 13 s against 4 s straight).
 */
export const LAYERED_MAX_NODES = 600;
export const LAYERED_MAX_EDGES = 1_500;
/**
 * Slots reserved for long edges, per edge: a graph whose edges span more layers than this on average is too
 * deep to read as layers (and costs more than it shows); the grid takes over.
 */
const MAX_DUMMIES_PER_EDGE = 2;

const COLUMN = 170;
const ROW = 70;
const BLOCK_GAP = 90;
/** Room above a block for its namespace label. */
const LABEL = 40;
/** Where a vertical run of an edge may sit inside a gap: spread so parallel runs stay apart. */
const RUN_SPREAD = 9;
const RUN_OFFSETS = 7;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The layout a graph of this size opens with. */
export function defaultLayout(request: LayoutRequest): LayoutName {
  return request.nodes.length <= LAYERED_MAX_NODES && request.edges.length <= LAYERED_MAX_EDGES ? 'layered' : 'layered-grid';
}

/** Fresh each time: the worker transfers the buffers, which detaches them. */
const noRoutes = () => ({ routes: new Float64Array(0), routeStart: new Uint32Array(0) });

/**
 * Longest-path depth inside one namespace, from the namespace's own edges (pairs of node indexes); a cycle is
 * cut where the walk meets it, at the node with the fewest callers still unplaced.
 */
function depths(members: readonly number[], edges: readonly (readonly [number, number])[]): Map<number, number> {
  const incoming = new Map<number, number[]>();
  const outgoing = new Map<number, number[]>();
  for (const [s, t] of edges) {
    if (s === t) continue;
    push(outgoing, s, t);
    push(incoming, t, s);
  }
  const depth = new Map<number, number>();
  const pending = new Map(members.map((m) => [m, incoming.get(m)?.length ?? 0]));
  const queue = members.filter((m) => (pending.get(m) ?? 0) === 0);
  let head = 0;
  while (depth.size < members.length) {
    if (head === queue.length) {
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
  // Each namespace's own edges, gathered once (not a scan of every edge per namespace: 2,000 × 60,000).
  const inside = new Map<string, (readonly [number, number])[]>();
  for (const edge of request.edges) {
    const namespace = request.nodes[edge[0]]?.namespace;
    if (namespace !== undefined && namespace === request.nodes[edge[1]]?.namespace) push(inside, namespace, edge);
  }

  const blocks = [...byNamespace.keys()]
    .sort((a, b) => (a === 'unknown' ? -1 : b === 'unknown' ? 1 : a < b ? -1 : 1))
    .map((namespace) => {
      const members = byNamespace.get(namespace) ?? [];
      const depth = depths(members, inside.get(namespace) ?? []);
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

  // Shelf packing towards a square overall shape. Every block of a shelf starts at the shelf's top, so the row
  // boundaries of its blocks line up across the whole shelf (the routes use them).
  const area = blocks.reduce((sum, b) => sum + (b.width + BLOCK_GAP) * (b.height + BLOCK_GAP), 0);
  const shelf = Math.max(Math.sqrt(area) * 1.3, ...blocks.map((b) => b.width));
  const positions = new Float64Array(request.nodes.length * 2);
  const boxes: NamespaceBox[] = [];
  const nodeShelf = new Int32Array(request.nodes.length);
  const shelfTops: number[] = [0];
  const shelfBottoms: number[] = [0];
  let x = 0;
  let right = 0;
  for (const block of blocks) {
    if (x > 0 && x + block.width > shelf) {
      x = 0;
      shelfTops.push((shelfBottoms[shelfBottoms.length - 1] ?? 0) + BLOCK_GAP);
      shelfBottoms.push(shelfTops[shelfTops.length - 1] ?? 0);
    }
    const index = shelfTops.length - 1;
    const y = shelfTops[index] ?? 0;
    block.columns.forEach((column, c) =>
      column?.forEach((m, r) => {
        positions[2 * m] = x + c * COLUMN + COLUMN / 2;
        positions[2 * m + 1] = y + LABEL + r * ROW + ROW / 2;
        nodeShelf[m] = index;
      }),
    );
    boxes.push({ namespace: block.namespace, x, y, width: block.width, height: block.height });
    right = Math.max(right, x + block.width);
    x += block.width + BLOCK_GAP;
    shelfBottoms[index] = Math.max(shelfBottoms[index] ?? 0, y + block.height);
  }
  return { positions, algorithm: 'layered-grid', boxes, ...gridRoutes(request, positions, { nodeShelf, shelfTops, shelfBottoms, right }) };
}

/** Where the grid's shelves are: what its routes need beyond the node positions. */
interface Shelves {
  readonly nodeShelf: Int32Array;
  readonly shelfTops: readonly number[];
  readonly shelfBottoms: readonly number[];
  /** The right edge of the widest shelf. */
  readonly right: number;
}

/**
 * The channels a grid route runs in, and the band around a channel's line where its runs may sit, clear of
 * every node's disc (17 px at most) and of the neighbouring channels' bands.
 */
const Channel = {
  /** A column boundary: 85 px from any node; ±27 px keeps the runs of two blocks' facing borders apart. */
  Column: 0,
  /** Left or right of all shelves. */
  Outer: 1,
  /** A row boundary, 35 px from the rows above and below: from 4 px above it to 14 px below (under the names). */
  Row: 2,
  /** A corridor between shelves: downward edges in its upper half, upward ones in its lower half. */
  CorridorDown: 3,
  CorridorUp: 4,
} as const;
type Channel = (typeof Channel)[keyof typeof Channel];
/** Per channel: the middle of its band and how far the band reaches either side of it. */
const BAND_CENTRE = [0, 0, 5, -21, 21];
const BAND_HALF = [27, 27, 9, 18, 18];
/** Parallel runs at most RUN_SPREAD apart, at least this; a band full at this spacing is reused. */
const MIN_SPREAD = 3;

/**
 * Orthogonal routes for the grid, through channels where no node stands: the column boundaries of a block
 * (85 px from any node, and free from the shelf's top down to its bottom), the row boundaries of a shelf (35 px
 * from any node, and lined up across all its blocks and the gaps between them), the corridors between shelves
 * and the outer corridors left and right of all shelves. An edge leaves its source sideways to a column
 * boundary, runs along it to a row boundary (same shelf) or to the corridor towards the target's shelf, across
 * (round the nearer outer corridor when shelves lie between), and enters its target sideways from a column
 * boundary. Neighbours in one row stay straight. Runs that share a stretch of one channel get tracks of their
 * own (interval partitioning), so lines lie side by side, not on top of each other, as long as the band has
 * room. O(edges log edges).
 */
function gridRoutes(request: LayoutRequest, positions: Float64Array, shelves: Shelves): { routes: Float64Array; routeStart: Uint32Array } {
  const { nodeShelf, shelfTops, shelfBottoms, right } = shelves;
  const rowBoundary = (shelf: number, y: number, below: boolean) => {
    const top = (shelfTops[shelf] ?? 0) + LABEL;
    return top + (Math.floor((y - top) / ROW) + (below ? 1 : 0)) * ROW;
  };
  /** The corridor between shelf k and shelf k + 1. */
  const corridorBelow = (k: number) => (shelfBottoms[k] ?? 0) + BLOCK_GAP / 2;

  // A route is its runs, alternately vertical and horizontal, starting and ending with a vertical one: it
  // leaves the source along the source's row to the first, and enters the target along the target's row.
  const runLine: number[] = [];
  const runChannel: Channel[] = [];
  const runStart = new Uint32Array(request.edges.length + 1);
  const run = (channel: Channel, line: number) => {
    runChannel.push(channel);
    runLine.push(line);
  };
  request.edges.forEach(([s, t], e) => {
    runStart[e] = runLine.length;
    const xs = positions[2 * s] ?? 0;
    const ys = positions[2 * s + 1] ?? 0;
    const xt = positions[2 * t] ?? 0;
    const yt = positions[2 * t + 1] ?? 0;
    const from = nodeShelf[s] ?? 0;
    const to = nodeShelf[t] ?? 0;
    if (s === t || (from === to && ys === yt && Math.abs(xt - xs) === COLUMN)) return;
    // Forward edges leave right and enter left; backward ones leave left and enter right; a node calling one in
    // its own column leaves and enters on the right.
    const exit = xs + (xt >= xs ? 1 : -1) * (COLUMN / 2);
    const entry = xt + (xt > xs ? -1 : 1) * (COLUMN / 2);
    run(Channel.Column, exit);
    if (from === to) {
      if (exit === entry) return;
      // A row boundary next to the target's row, on the source's side (below both when in one row).
      run(Channel.Row, yt === ys ? rowBoundary(from, ys, true) : rowBoundary(from, yt, yt < ys));
    } else {
      const down = to > from;
      const corridor = down ? Channel.CorridorDown : Channel.CorridorUp;
      const leave = down ? corridorBelow(from) : corridorBelow(from - 1);
      const arrive = down ? corridorBelow(to - 1) : corridorBelow(to);
      run(corridor, leave);
      if (leave !== arrive) {
        // Round the outer corridor nearer to both ends, a gap away from the outermost column boundaries.
        run(Channel.Outer, exit + entry < 2 * right - exit - entry ? -BLOCK_GAP : right + BLOCK_GAP);
        run(corridor, arrive);
      }
    }
    run(Channel.Column, entry);
  });
  runStart[request.edges.length] = runLine.length;

  // The stretch each run covers along its channel: between the lines of the runs before and after it (the
  // source's and the target's rows at the ends).
  const low = new Float64Array(runLine.length);
  const high = new Float64Array(runLine.length);
  request.edges.forEach(([s, t], e) => {
    const first = runStart[e] ?? 0;
    const last = (runStart[e + 1] ?? 0) - 1;
    for (let r = first; r <= last; r++) {
      const before = r === first ? (positions[2 * s + 1] ?? 0) : (runLine[r - 1] ?? 0);
      const after = r === last ? (positions[2 * t + 1] ?? 0) : (runLine[r + 1] ?? 0);
      low[r] = Math.min(before, after);
      high[r] = Math.max(before, after);
    }
  });
  const offset = spreadRuns(runChannel, runLine, low, high);

  const routeStart = new Uint32Array(request.edges.length + 1);
  const points: number[] = [];
  request.edges.forEach(([s, t], e) => {
    routeStart[e] = points.length;
    const first = runStart[e] ?? 0;
    const last = (runStart[e + 1] ?? 0) - 1;
    if (last < first) return;
    const at = (r: number) => (runLine[r] ?? 0) + (offset[r] ?? 0);
    points.push(at(first), positions[2 * s + 1] ?? 0);
    for (let r = first + 1; r < last; r += 2) points.push(at(r - 1), at(r), at(r + 1), at(r));
    points.push(at(last), positions[2 * t + 1] ?? 0);
  });
  routeStart[request.edges.length] = points.length;
  return { routes: Float64Array.from(points), routeStart };
}

/**
 * Where each run sits across its channel: runs of one channel line that overlap get different tracks (the
 * fewest tracks, handed out in order along the line), and the tracks are spread over the channel's band.
 */
function spreadRuns(channel: readonly Channel[], line: readonly number[], low: Float64Array, high: Float64Array): Float64Array {
  const byLine = new Map<string, number[]>();
  channel.forEach((c, r) => push(byLine, `${c} ${line[r] ?? 0}`, r));
  const offset = new Float64Array(channel.length);
  const track = new Uint32Array(channel.length);
  for (const runs of byLine.values()) {
    runs.sort((a, b) => (low[a] ?? 0) - (low[b] ?? 0));
    // Tracks by the end of their last run, the earliest first: a run takes the earliest track free before it.
    const heapEnd: number[] = [];
    const heapTrack: number[] = [];
    let tracks = 0;
    for (const r of runs) {
      if (heapEnd.length > 0 && (heapEnd[0] ?? 0) < (low[r] ?? 0)) {
        track[r] = heapTrack[0] ?? 0;
        heapEnd[0] = high[r] ?? 0;
        siftDown(heapEnd, heapTrack, 0);
      } else {
        track[r] = tracks++;
        heapEnd.push(high[r] ?? 0);
        heapTrack.push(track[r] ?? 0);
        siftUp(heapEnd, heapTrack, heapEnd.length - 1);
      }
    }
    const c = channel[runs[0] ?? 0] ?? Channel.Column;
    const half = BAND_HALF[c] ?? 0;
    const room = Math.floor((2 * half) / MIN_SPREAD) + 1;
    const used = Math.min(tracks, room);
    const spread = used > 1 ? Math.min(RUN_SPREAD, (2 * half) / (used - 1)) : 0;
    for (const r of runs) offset[r] = (BAND_CENTRE[c] ?? 0) + (((track[r] ?? 0) % room) - (used - 1) / 2) * spread;
  }
  return offset;
}

function siftUp(keys: number[], values: number[], i: number): void {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if ((keys[parent] ?? 0) <= (keys[i] ?? 0)) return;
    swap(keys, values, i, parent);
    i = parent;
  }
}

function siftDown(keys: number[], values: number[], i: number): void {
  for (;;) {
    const left = 2 * i + 1;
    let smallest = i;
    if (left < keys.length && (keys[left] ?? 0) < (keys[smallest] ?? 0)) smallest = left;
    if (left + 1 < keys.length && (keys[left + 1] ?? 0) < (keys[smallest] ?? 0)) smallest = left + 1;
    if (smallest === i) return;
    swap(keys, values, i, smallest);
    i = smallest;
  }
}

function swap(keys: number[], values: number[], a: number, b: number): void {
  [keys[a], keys[b]] = [keys[b] ?? 0, keys[a] ?? 0];
  [values[a], values[b]] = [values[b] ?? 0, values[a] ?? 0];
}

/**
 * Layers by longest path: nodes are taken in topological order; when only cycles are left, the cycle is cut
 * at the node with the fewest callers still unplaced (those edges then point backwards). Every node sits one
 * layer right of its furthest placed caller; a pure caller (a traffic generator, callers outside the mesh)
 * then moves next to its nearest callee, which keeps its edges short.
 */
function longestPathLayers(n: number, edges: LayoutRequest['edges']): Int32Array {
  const out: number[][] = Array.from({ length: n }, () => []);
  const pending = new Int32Array(n);
  for (const [s, t] of edges) {
    if (s === t) continue;
    out[s]?.push(t);
    pending[t] = (pending[t] ?? 0) + 1;
  }
  const callers = Int32Array.from(pending);
  const layer = new Int32Array(n);
  const placed = new Uint8Array(n);
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (pending[i] === 0) queue.push(i);
  let head = 0;
  let count = 0;
  while (count < n) {
    if (head === queue.length) {
      let cut = -1;
      for (let i = 0; i < n; i++) if (!placed[i] && (cut < 0 || (pending[i] ?? 0) < (pending[cut] ?? 0))) cut = i;
      queue.push(cut);
    }
    const node = queue[head++] as number;
    if (placed[node]) continue;
    placed[node] = 1;
    count++;
    for (const target of out[node] ?? []) {
      if (placed[target]) continue;
      layer[target] = Math.max(layer[target] ?? 0, (layer[node] ?? 0) + 1);
      pending[target] = (pending[target] ?? 0) - 1;
      if (pending[target] === 0) queue.push(target);
    }
  }
  for (let node = 0; node < n; node++) {
    if (callers[node] !== 0) continue;
    let nearest = Infinity;
    for (const target of out[node] ?? []) nearest = Math.min(nearest, layer[target] ?? 0);
    if (Number.isFinite(nearest)) layer[node] = Math.max(layer[node] ?? 0, nearest - 1);
  }
  return layer;
}

/** Callers without identity first, then in name order. */
const byLaneOrder = (a: string, b: string) => (a === 'unknown' ? -1 : b === 'unknown' ? 1 : a < b ? -1 : a > b ? 1 : 0);

const LANE_GAP = 36;
/** Rows of the layered layout: room for a node and its name (two lines at the largest label step) below it. */
const LANE_ROW = 92;

/**
 * The layered layout with namespace lanes and routed edges. Undefined when the graph needs more dummy
 * slots than MAX_DUMMIES_PER_EDGE allows (a very deep graph), so the caller can use the grid.
 */
export function layeredLanes(request: LayoutRequest, dummiesPerEdge = MAX_DUMMIES_PER_EDGE): Omit<LayoutResult, 'ms'> | undefined {
  const n = request.nodes.length;
  const all = Array.from({ length: n }, (_, i) => i);
  const layer = longestPathLayers(n, request.edges);
  const layerOf = (i: number) => layer[i] ?? 0;
  // Lanes from the top: callers without identity, then by the mean layer of their nodes (calling namespaces
  // above called ones), then by name.
  const meanLayer = new Map<string, { sum: number; count: number }>();
  request.nodes.forEach((node, i) => {
    const entry = meanLayer.get(node.namespace) ?? { sum: 0, count: 0 };
    entry.sum += layerOf(i);
    entry.count++;
    meanLayer.set(node.namespace, entry);
  });
  const mean = (name: string) => {
    const entry = meanLayer.get(name);
    return entry ? entry.sum / entry.count : 0;
  };
  const laneNames = [...meanLayer.keys()].sort((a, b) => (a === 'unknown' || b === 'unknown' ? byLaneOrder(a, b) : mean(a) - mean(b) || byLaneOrder(a, b)));
  const laneIndex = new Map(laneNames.map((name, i) => [name, i]));

  // Items: real nodes (0..n-1) and dummy slots (n..), each in a lane and a layer.
  const itemLayer: number[] = all.map(layerOf);
  const itemLane: number[] = request.nodes.map((node) => laneIndex.get(node.namespace) ?? 0);
  /** Chains of items per edge, from its lower-layer end to its higher one. */
  const chains: number[][] = [];
  const up: number[][] = all.map(() => []);
  const down: number[][] = all.map(() => []);
  const link = (a: number, b: number) => {
    (down[a] ??= []).push(b);
    (up[b] ??= []).push(a);
  };
  for (const [s, t] of request.edges) {
    if (s === t) {
      chains.push([]);
      continue;
    }
    const [from, to] = layerOf(s) <= layerOf(t) ? [s, t] : [t, s];
    const chain = [from];
    for (let layer = layerOf(from) + 1; layer < layerOf(to); layer++) {
      const dummy = itemLayer.length;
      if (dummy - n >= Math.max(300, dummiesPerEdge * request.edges.length)) return undefined;
      itemLayer.push(layer);
      // A long edge keeps to its caller's lane until its last gap.
      itemLane.push(itemLane[from] ?? 0);
      up.push([]);
      down.push([]);
      link(chain[chain.length - 1] as number, dummy);
      chain.push(dummy);
    }
    if (layerOf(from) !== layerOf(to)) link(chain[chain.length - 1] as number, to);
    chain.push(to);
    chains.push(chain);
  }

  // Groups: the items of one lane in one layer, in their order from the top.
  const layers = Math.max(0, ...itemLayer) + 1;
  const groups: number[][] = Array.from({ length: laneNames.length * layers }, () => []);
  const groupOf = (item: number) => (itemLane[item] ?? 0) * layers + (itemLayer[item] ?? 0);
  itemLayer.forEach((_, item) => groups[groupOf(item)]?.push(item));
  const order = new Float64Array(itemLayer.length);
  const renumber = () => {
    // A global order key: lane first, then place inside the lane's group.
    for (const group of groups) group.forEach((item, k) => (order[item] = (itemLane[item] ?? 0) * 1e6 + k));
  };
  renumber();
  const centre = new Float64Array(itemLayer.length);
  const sweep = (neighbours: number[][], layerRange: number[]) => {
    for (const layer of layerRange) {
      for (let lane = 0; lane < laneNames.length; lane++) {
        const group = groups[lane * layers + layer];
        if (!group || group.length < 2) continue;
        for (const item of group) {
          const near = neighbours[item] ?? [];
          let sum = 0;
          for (const m of near) sum += order[m] ?? 0;
          centre[item] = near.length > 0 ? sum / near.length : (order[item] ?? 0);
        }
        group.sort((a, b) => (centre[a] ?? 0) - (centre[b] ?? 0) || a - b);
        group.forEach((item, k) => (order[item] = lane * 1e6 + k));
      }
    }
  };
  const forward = Array.from({ length: layers }, (_, l) => l);
  const backward = [...forward].reverse();
  for (let pass = 0; pass < 3; pass++) {
    sweep(up, forward);
    sweep(down, backward);
  }

  // Rows inside each lane: an item goes to the row of its callers when free (straight runs), else below.
  const row = new Float64Array(itemLayer.length);
  const laneRows = new Array<number>(laneNames.length).fill(1);
  for (const layer of forward) {
    for (let lane = 0; lane < laneNames.length; lane++) {
      let next = 0;
      for (const item of groups[lane * layers + layer] ?? []) {
        const callers = (up[item] ?? []).filter((m) => itemLane[m] === lane);
        const wanted = callers.length > 0 ? Math.round(callers.reduce((sum, m) => sum + (row[m] ?? 0), 0) / callers.length) : next;
        row[item] = Math.max(next, wanted);
        next = (row[item] ?? 0) + 1;
      }
      laneRows[lane] = Math.max(laneRows[lane] ?? 1, next);
    }
  }

  const laneTop: number[] = [];
  let top = 0;
  for (let lane = 0; lane < laneNames.length; lane++) {
    laneTop.push(top);
    top += LABEL + (laneRows[lane] ?? 1) * LANE_ROW + LANE_GAP;
  }
  const xOf = (item: number) => (itemLayer[item] ?? 0) * COLUMN + COLUMN / 2;
  const yOf = (item: number) => (laneTop[itemLane[item] ?? 0] ?? 0) + LABEL + (row[item] ?? 0) * LANE_ROW + LANE_ROW / 3;
  const positions = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    positions[2 * i] = xOf(i);
    positions[2 * i + 1] = yOf(i);
  }

  // Routes: horizontal through layers (at the row of the item there), vertical only in the gap between two
  // layers, where no node ever stands. Points run from the edge's source to its target.
  const routeStart = new Uint32Array(request.edges.length + 1);
  const points: number[] = [];
  request.edges.forEach(([s, t], e) => {
    routeStart[e] = points.length;
    const chain = chains[e] ?? [];
    const corners: number[] = [];
    if (chain.length >= 2 && itemLayer[chain[0] as number] === itemLayer[chain[chain.length - 1] as number]) {
      // Both ends in one layer (a cut cycle): out to the gap on the right, along it, back in.
      const a = chain[0] as number;
      const b = chain[chain.length - 1] as number;
      const x = xOf(a) + COLUMN / 2 - (e % RUN_OFFSETS) * RUN_SPREAD * 0.5;
      corners.push(x, yOf(a), x, yOf(b));
    } else {
      for (let k = 0; k + 1 < chain.length; k++) {
        const a = chain[k] as number;
        const b = chain[k + 1] as number;
        if (yOf(a) === yOf(b)) continue;
        const x = xOf(a) + COLUMN / 2 + ((e % RUN_OFFSETS) - (RUN_OFFSETS - 1) / 2) * RUN_SPREAD;
        corners.push(x, yOf(a), x, yOf(b));
      }
    }
    const reversed = chain[0] !== s && chain[0] === t;
    if (reversed) for (let k = corners.length - 2; k >= 0; k -= 2) points.push(corners[k] as number, corners[k + 1] as number);
    else points.push(...corners);
  });
  routeStart[request.edges.length] = points.length;

  const boxes: NamespaceBox[] = laneNames.map((namespace, lane) => {
    let first = Infinity;
    let last = -Infinity;
    for (let i = 0; i < n; i++) {
      if (itemLane[i] !== lane) continue;
      first = Math.min(first, itemLayer[i] ?? 0);
      last = Math.max(last, itemLayer[i] ?? 0);
    }
    const x = first * COLUMN + 10;
    return { namespace, x, y: laneTop[lane] ?? 0, width: (last - first + 1) * COLUMN - 20, height: LABEL + (laneRows[lane] ?? 1) * LANE_ROW };
  });
  return { positions, algorithm: 'layered', boxes, routes: Float64Array.from(points), routeStart };
}

/** Rings by degree, the busiest node in the middle; namespaces are not boxed. */
export function concentric(request: LayoutRequest): Omit<LayoutResult, 'ms'> {
  const degree = new Array<number>(request.nodes.length).fill(0);
  for (const [s, t] of request.edges) {
    degree[s] = (degree[s] ?? 0) + 1;
    degree[t] = (degree[t] ?? 0) + 1;
  }
  const byDegree = request.nodes.map((_, i) => i).sort((a, b) => (degree[b] ?? 0) - (degree[a] ?? 0) || a - b);
  const positions = new Float64Array(request.nodes.length * 2);
  let placed = 0;
  for (let ring = 0; placed < byDegree.length; ring++) {
    const radius = ring * 110;
    // As many nodes as fit on the ring 70 px apart.
    const capacity = ring === 0 ? 1 : Math.max(1, Math.floor((2 * Math.PI * radius) / 70));
    const count = Math.min(capacity, byDegree.length - placed);
    for (let k = 0; k < count; k++) {
      const node = byDegree[placed + k] as number;
      const angle = (2 * Math.PI * k) / count;
      positions[2 * node] = radius * Math.cos(angle);
      positions[2 * node + 1] = radius * Math.sin(angle);
    }
    placed += count;
  }
  return { positions, algorithm: 'concentric', boxes: [], ...noRoutes() };
}

/** The chosen layout; "layered" gives way to the grid when the graph is too deep for it. */
export function runLayout(request: LayoutRequest, wanted: LayoutName): Omit<LayoutResult, 'ms'> {
  if (wanted === 'concentric') return concentric(request);
  if (wanted === 'layered') return layeredLanes(request) ?? layeredGrid(request);
  return layeredGrid(request);
}
