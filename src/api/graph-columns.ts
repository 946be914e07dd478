// The traffic graph in columns (GET /api/graph?encoding=columns): the same graph as graph-schemas.ts's JSON,
// with every string once in a table and nodes and edges as parallel arrays of numbers. A graph of 5,000
// nodes is a fifth of its JSON (docs/graph.md), and parsing arrays of numbers is what browsers do fastest.
// The web app and the tests decode it here; the documented JSON shape stays the default for scripts and
// `meshlock graph -o json`.
import * as z from 'zod';
import { Graph, type GraphEdge, type GraphNode } from './graph-schemas.js';

/**
 * A column checked with one plain loop: zod's per-element parsing of 100,000s of numbers (without its JIT,
 * which the console's CSP forbids) cost more than the whole decode. The JSON Schema still says what it holds.
 */
function column<T>(what: string, items: { type: string | string[] }, test: (value: unknown) => boolean) {
  return z.custom<T[]>((value) => Array.isArray(value) && value.every(test), { message: `expected an array of ${what}` }).meta({ type: 'array', items });
}
const Indexes = column<number>('integers', { type: 'integer' }, Number.isInteger);
const Numbers = column<number | null>('numbers or nulls', { type: ['number', 'null'] }, (v) => v === null || typeof v === 'number');
const Rates = column<number>('numbers', { type: 'number' }, (v) => typeof v === 'number');

/** A list per edge: edge i has count[i] items, following those of the edges before it (small numbers, not offsets). */
const Lists = <T extends z.ZodRawShape>(columns: T) => z.object({ count: Indexes, ...columns });

export const GraphColumns = z.object({
  format: z.literal('columns/2'),
  strings: z.array(z.string()),
  graphType: Graph.shape.graphType,
  durationSeconds: Graph.shape.durationSeconds,
  endSeconds: Graph.shape.endSeconds,
  telemetry: Graph.shape.telemetry,
  namespaces: Graph.shape.namespaces,
  nodes: z.object({
    /** String indexes; -1 is null. */
    id: Indexes,
    kind: Indexes,
    namespace: Indexes,
    workload: Indexes,
    app: Indexes,
    version: Indexes,
    service: Indexes,
    /** 1 true, 0 false, -1 unknown. */
    sidecar: Indexes,
    /** String indexes; -1 is null. */
    dataplane: Indexes,
    waypoint: Indexes,
    /** HEALTH_STRIDE per node: status (string index), requestRate, errorRate, errorPercent for all, inbound, outbound. */
    health: Numbers,
  }),
  edges: z.object({
    /** Node indexes. */
    source: Indexes,
    target: Indexes,
    protocol: Indexes,
    security: Indexes,
    lock: Indexes,
    health: Indexes,
    predictedOutcome: Indexes,
    mismatchKind: Indexes,
    mismatchMessage: Indexes,
    waypoint: Indexes,
    /** 1: traffic in the window; 0: a predicted failure of a caller seen before it. */
    observed: Indexes,
    /** EDGE_STRIDE per edge, in EDGE_NUMBERS order (decodeGraph reads them by position). */
    numbers: Numbers,
    responses: Lists({ code: Indexes, flags: Indexes, rate: Rates, error: Indexes }),
    sourcePrincipals: Lists({ value: Indexes }),
    destinationPrincipals: Lists({ value: Indexes }),
    services: Lists({ value: Indexes }),
    predictions: Lists({
      outcome: Indexes,
      clientSends: Indexes,
      clientDecidedBy: Indexes,
      serverMode: Indexes,
      serverDecidedBy: Indexes,
      reason: Indexes,
      port: Indexes,
      waypoint: Indexes,
    }),
  }),
});

export type GraphColumns = z.infer<typeof GraphColumns>;
export const GraphEncoding = z.enum(['json', 'columns']);

const EDGE_NUMBERS = ['requestRate', 'errorRate', 'errorPercent', 'tcpSentBytesRate', 'tcpReceivedBytesRate', 'mtlsPercent', 'plaintextPercent'] as const;
const EDGE_STRIDE = EDGE_NUMBERS.length;
const HEALTH_STRIDE = 12;

type ReadonlyDeep<T> = T extends readonly (infer U)[] ? readonly ReadonlyDeep<U>[] : T extends object ? { readonly [K in keyof T]: ReadonlyDeep<T[K]> } : T;
/** What the server builds (core's readonly shapes); the schema decides every field. */
export type GraphInput = ReadonlyDeep<z.input<typeof Graph>>;

class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  of(value: string | null | undefined): number {
    if (value === null || value === undefined) return -1;
    let found = this.index.get(value);
    if (found === undefined) {
      found = this.strings.length;
      this.strings.push(value);
      this.index.set(value, found);
    }
    return found;
  }
}

function listsOf<E, T extends Record<string, unknown[]>>(edges: readonly E[], items: (edge: E) => readonly unknown[], columns: T, push: (item: never, columns: T) => void): { count: number[] } & T {
  const count: number[] = [];
  for (const edge of edges) {
    const list = items(edge);
    for (const item of list) push(item as never, columns);
    count.push(list.length);
  }
  return { count, ...columns };
}

/** The part of the columns that depends on the graph alone, not on the window it was asked for. */
export type GraphParts = Pick<GraphColumns, 'strings' | 'nodes' | 'edges'>;

/** The graph's columns; `parts` when they were already encoded from this graph (encodeGraphParts). */
export function encodeGraph(graph: GraphInput, parts: GraphParts = encodeGraphParts(graph)): GraphColumns {
  return {
    format: 'columns/2',
    graphType: graph.graphType,
    durationSeconds: graph.durationSeconds,
    endSeconds: graph.endSeconds,
    telemetry: { ...graph.telemetry },
    namespaces: graph.namespaces.map((n) => ({ namespace: n.namespace, status: n.status, nodes: { ...n.nodes } })),
    nodes: parts.nodes,
    edges: parts.edges,
    strings: parts.strings,
  };
}

export function encodeGraphParts(graph: Pick<GraphInput, 'nodes' | 'edges'>): GraphParts {
  const t = new StringTable();
  const nodeIndex = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const health: (number | null)[] = [];
  for (const n of graph.nodes) {
    for (const h of [n.health, n.health.inbound, n.health.outbound]) health.push(t.of(h.status), h.requestRate, h.errorRate, h.errorPercent);
  }
  const numbers: (number | null)[] = [];
  for (const e of graph.edges) for (const key of EDGE_NUMBERS) numbers.push(e[key]);
  const edges = graph.edges;
  const parts: Omit<GraphParts, 'strings'> = {
    nodes: {
      id: graph.nodes.map((n) => t.of(n.id)),
      kind: graph.nodes.map((n) => t.of(n.kind)),
      namespace: graph.nodes.map((n) => t.of(n.namespace)),
      workload: graph.nodes.map((n) => t.of(n.workload)),
      app: graph.nodes.map((n) => t.of(n.app)),
      version: graph.nodes.map((n) => t.of(n.version)),
      service: graph.nodes.map((n) => t.of(n.service)),
      sidecar: graph.nodes.map((n) => (n.sidecar === null ? -1 : n.sidecar ? 1 : 0)),
      dataplane: graph.nodes.map((n) => t.of(n.dataplane)),
      waypoint: graph.nodes.map((n) => t.of(n.waypoint)),
      health,
    },
    edges: {
      source: edges.map((e) => nodeIndex.get(e.source) ?? -1),
      target: edges.map((e) => nodeIndex.get(e.target) ?? -1),
      protocol: edges.map((e) => t.of(e.protocol)),
      security: edges.map((e) => t.of(e.security)),
      lock: edges.map((e) => t.of(e.lock)),
      health: edges.map((e) => t.of(e.health)),
      predictedOutcome: edges.map((e) => t.of(e.predictedOutcome)),
      mismatchKind: edges.map((e) => t.of(e.mismatch?.kind)),
      mismatchMessage: edges.map((e) => t.of(e.mismatch?.message)),
      waypoint: edges.map((e) => t.of(e.waypoint)),
      observed: edges.map((e) => (e.observed ? 1 : 0)),
      numbers,
      responses: listsOf(edges, (e) => e.responses, { code: [] as number[], flags: [] as number[], rate: [] as number[], error: [] as number[] }, (r: GraphInput['edges'][number]['responses'][number], c) => {
        c.code.push(t.of(r.code));
        c.flags.push(t.of(r.flags));
        c.rate.push(r.rate);
        c.error.push(r.error ? 1 : 0);
      }),
      sourcePrincipals: listsOf(edges, (e) => e.sourcePrincipals, { value: [] as number[] }, (p: string, c) => c.value.push(t.of(p))),
      destinationPrincipals: listsOf(edges, (e) => e.destinationPrincipals, { value: [] as number[] }, (p: string, c) => c.value.push(t.of(p))),
      services: listsOf(edges, (e) => e.services, { value: [] as number[] }, (p: string, c) => c.value.push(t.of(p))),
      predictions: listsOf(
        edges,
        (e) => e.predictions,
        { outcome: [] as number[], clientSends: [] as number[], clientDecidedBy: [] as number[], serverMode: [] as number[], serverDecidedBy: [] as number[], reason: [] as number[], port: [] as number[], waypoint: [] as number[] },
        (p: GraphInput['edges'][number]['predictions'][number], c) => {
          c.outcome.push(t.of(p.outcome));
          c.clientSends.push(t.of(p.clientSends));
          c.clientDecidedBy.push(t.of(p.clientDecidedBy));
          c.serverMode.push(t.of(p.serverMode));
          c.serverDecidedBy.push(t.of(p.serverDecidedBy));
          c.reason.push(t.of(p.reason));
          c.port.push(p.port);
          c.waypoint.push(t.of(p.waypoint));
        },
      ),
    },
  };
  // The table is complete only once everything above has been encoded.
  return { ...parts, strings: t.strings };
}

/** Thrown for columns that do not make a graph (an index out of range, a value outside its enum). */
export class GraphDecodeError extends Error {
  override readonly name = 'GraphDecodeError';
}

function fail(message: string): never {
  throw new GraphDecodeError(message);
}

/** The value of one enum of the graph's schema, or a decode error naming the field. */
function enumOf<T extends string>(values: readonly T[], field: string): (value: string | null) => T {
  const allowed = new Set<string>(values);
  return (value) => {
    if (value === null || !allowed.has(value)) throw new GraphDecodeError(`${field}: ${value ?? 'null'} is not one of ${values.join(', ')}`);
    return value as T;
  };
}

const edgeShape = Graph.shape.edges.element.shape;
const nodeShape = Graph.shape.nodes.element.shape;
const predictionShape = edgeShape.predictions.element.shape;
const healthOf = enumOf(nodeShape.health.shape.status.options, 'health');
const kindOf = enumOf(nodeShape.kind.options, 'kind');
const protocolOf = enumOf(edgeShape.protocol.options, 'protocol');
const securityOf = enumOf(edgeShape.security.options, 'security');
const lockOf = enumOf(edgeShape.lock.unwrap().options, 'lock');
const outcomeOf = enumOf(predictionShape.outcome.options, 'outcome');
const sendsOf = enumOf(predictionShape.clientSends.options, 'clientSends');
const serverModeOf = enumOf(predictionShape.serverMode.options, 'serverMode');
const mismatchOf = enumOf(edgeShape.mismatch.unwrap().shape.kind.options, 'mismatch');
const dataplaneOf = enumOf(nodeShape.dataplane.unwrap().options, 'dataplane');

/** Where each edge's items start in a list's item columns: the counts added up once. */
function startsOf(lists: { readonly count: readonly number[] }): Int32Array {
  const starts = new Int32Array(lists.count.length + 1);
  for (let i = 0; i < lists.count.length; i++) starts[i + 1] = (starts[i] ?? 0) + (lists.count[i] ?? 0);
  return starts;
}

/**
 * The graph of columns as the JSON route gives it, checked index by index, in plain loops over the columns.
 */
export function decodeGraph(columns: GraphColumns): Graph {
  const { strings } = columns;
  const text = (i: number | undefined): string | null => {
    if (i === -1) return null;
    const value = strings[i ?? -2];
    if (value === undefined) throw new GraphDecodeError(`string index ${i ?? 'missing'} is out of range`);
    return value;
  };
  const required = (i: number | undefined, field: string): string => text(i) ?? fail(`${field} is missing`);
  const number = (values: readonly (number | null)[], i: number): number => values[i] ?? fail(`number ${i} is missing`);
  const c = columns.nodes;
  const healthAt = (at: number) => ({ status: healthOf(text(number(c.health, at))), requestRate: number(c.health, at + 1), errorRate: number(c.health, at + 2), errorPercent: c.health[at + 3] ?? null });
  const nodes: GraphNode[] = new Array<GraphNode>(c.id.length);
  for (let i = 0; i < c.id.length; i++) {
    const sidecar = c.sidecar[i];
    const dataplane = text(c.dataplane[i] ?? -1);
    const at = i * HEALTH_STRIDE;
    nodes[i] = {
      id: required(c.id[i], 'node id'),
      kind: kindOf(text(c.kind[i] ?? -1)),
      namespace: required(c.namespace[i] ?? -1, 'node namespace'),
      workload: text(c.workload[i] ?? -1),
      app: text(c.app[i] ?? -1),
      version: text(c.version[i] ?? -1),
      service: text(c.service[i] ?? -1),
      sidecar: sidecar === 1 ? true : sidecar === 0 ? false : null,
      dataplane: dataplane === null ? null : dataplaneOf(dataplane),
      waypoint: text(c.waypoint[i] ?? -1),
      health: { ...healthAt(at), inbound: healthAt(at + 4), outbound: healthAt(at + 8) },
    };
  }
  const e = columns.edges;
  const nodeId = (i: number | undefined) => nodes[i ?? -1]?.id ?? fail(`node index ${i ?? 'missing'} is out of range`);
  const values = (lists: { readonly count: readonly number[]; readonly value: readonly number[] }, starts: Int32Array, i: number): string[] => {
    const out: string[] = [];
    for (let k = starts[i] ?? 0; k < (starts[i + 1] ?? 0); k++) out.push(required(lists.value[k] ?? -1, 'list value'));
    return out;
  };
  const r = e.responses;
  const p = e.predictions;
  const [responseStarts, sourceStarts, destinationStarts, serviceStarts, predictionStarts] = [r, e.sourcePrincipals, e.destinationPrincipals, e.services, p].map(startsOf) as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];
  const prediction = (k: number): GraphEdge['predictions'][number] => ({
    outcome: outcomeOf(text(p.outcome[k] ?? -1)),
    clientSends: sendsOf(text(p.clientSends[k] ?? -1)),
    clientDecidedBy: text(p.clientDecidedBy[k] ?? -1),
    serverMode: serverModeOf(text(p.serverMode[k] ?? -1)),
    serverDecidedBy: text(p.serverDecidedBy[k] ?? -1),
    reason: required(p.reason[k] ?? -1, 'reason'),
    port: p.port[k] ?? 0,
    waypoint: text(p.waypoint[k] ?? -1),
  });
  const edges: GraphEdge[] = new Array<GraphEdge>(e.source.length);
  for (let i = 0; i < e.source.length; i++) {
    const source = nodeId(e.source[i]);
    const target = nodeId(e.target[i]);
    const protocol = protocolOf(text(e.protocol[i] ?? -1));
    const at = i * EDGE_STRIDE;
    const mismatchKind = text(e.mismatchKind[i] ?? -1);
    const outcome = text(e.predictedOutcome[i] ?? -1);
    const lockText = text(e.lock[i] ?? -1);
    const responses: GraphEdge['responses'][number][] = [];
    for (let k = responseStarts[i] ?? 0; k < (responseStarts[i + 1] ?? 0); k++) {
      responses.push({ code: required(r.code[k] ?? -1, 'code'), flags: required(r.flags[k] ?? -1, 'flags'), rate: r.rate[k] ?? 0, error: r.error[k] === 1 });
    }
    const predictions: GraphEdge['predictions'][number][] = [];
    for (let k = predictionStarts[i] ?? 0; k < (predictionStarts[i + 1] ?? 0); k++) predictions.push(prediction(k));
    edges[i] = {
      id: `${source}>${target}>${protocol}`,
      source,
      target,
      protocol,
      requestRate: number(e.numbers, at),
      errorRate: number(e.numbers, at + 1),
      errorPercent: e.numbers[at + 2] ?? null,
      responses,
      tcpSentBytesRate: number(e.numbers, at + 3),
      tcpReceivedBytesRate: number(e.numbers, at + 4),
      mtlsPercent: e.numbers[at + 5] ?? null,
      plaintextPercent: e.numbers[at + 6] ?? null,
      security: securityOf(text(e.security[i] ?? -1)),
      lock: lockText === null ? null : lockOf(lockText),
      sourcePrincipals: values(e.sourcePrincipals, sourceStarts, i),
      destinationPrincipals: values(e.destinationPrincipals, destinationStarts, i),
      services: values(e.services, serviceStarts, i),
      predictedOutcome: outcome === null ? null : outcomeOf(outcome),
      predictions,
      waypoint: text(e.waypoint[i] ?? -1),
      mismatch: mismatchKind === null ? null : { kind: mismatchOf(mismatchKind), message: required(e.mismatchMessage[i] ?? -1, 'mismatch message') },
      health: healthOf(text(e.health[i] ?? -1)),
      observed: e.observed[i] !== 0,
    };
  }
  return {
    graphType: columns.graphType,
    durationSeconds: columns.durationSeconds,
    endSeconds: columns.endSeconds,
    telemetry: columns.telemetry,
    nodes,
    edges,
    namespaces: columns.namespaces,
  };
}

/** The graph whichever encoding the server answered with. */
export function graphOf(body: Graph | GraphColumns): Graph {
  return 'format' in body ? decodeGraph(body) : body;
}
