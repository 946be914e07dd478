// Find/Hide expressions (kiali-ui-reference §2.7, with its flaws fixed): `operand op value` clauses joined
// by AND/OR with the usual precedence (AND first) and parentheses; `!`/`not` negate. An expression tests
// either nodes or edges. Security operands (mtls, plaintext, nodata, principals) switch Display → Security
// on, as in Kiali. Unknown words are errors with a message, never silently ignored.
import type { GraphEdge, GraphNode } from '../../../../src/api/graph-schemas.js';

type Target = 'node' | 'edge';
type Value = string | number | boolean | null | readonly string[];

interface Operand {
  readonly target: Target;
  readonly help: string;
  /** The value compared with `op value`. */
  readonly value: (data: never) => Value;
  /** `operand` alone; absent when the operand needs a comparison. */
  readonly unary?: (data: never) => boolean;
  /** `!operand`, when it is not simply the opposite (unknown values match neither). */
  readonly negated?: (data: never) => boolean;
  readonly security?: boolean;
}

const edge = (o: { help: string; value: (e: GraphEdge) => Value; unary?: (e: GraphEdge) => boolean; negated?: (e: GraphEdge) => boolean; security?: boolean }): Operand => ({ target: 'edge', ...o }) as Operand;
const node = (o: { help: string; value: (n: GraphNode) => Value; unary?: (n: GraphNode) => boolean; negated?: (n: GraphNode) => boolean }): Operand => ({ target: 'node', ...o }) as Operand;
const unhealthy = (status: string) => status === 'degraded' || status === 'failure';

export const OPERANDS: Readonly<Record<string, Operand>> = {
  mtls: edge({ help: 'edges that carried mTLS; `mtls < 100` for partial, `mtls = 100` for all', value: (e) => e.mtlsPercent, unary: (e) => (e.mtlsPercent ?? 0) > 0, negated: (e) => e.mtlsPercent === 0, security: true }),
  plaintext: edge({ help: 'edges that carried plaintext; `plaintext > 10` for more than 10 %', value: (e) => e.plaintextPercent, unary: (e) => (e.plaintextPercent ?? 0) > 0, negated: (e) => e.plaintextPercent === 0, security: true }),
  nodata: edge({ help: 'edges the destination reported nothing about (no mTLS share)', value: (e) => e.mtlsPercent === null, unary: (e) => e.mtlsPercent === null, security: true }),
  security: edge({ help: 'mtls, partial, plaintext or no-data', value: (e) => e.security, security: true }),
  mismatch: edge({ help: 'configuration and traffic disagree; or its kind, e.g. `mismatch = plaintext-where-mtls-expected`', value: (e) => e.mismatch?.kind ?? null, unary: (e) => e.mismatch !== null }),
  predicted: edge({ help: 'outcome the configuration predicts: mtls, plaintext, tls, fail (unknown when none)', value: (e) => e.predictedOutcome ?? 'unknown' }),
  protocol: edge({ help: 'http, grpc or tcp', value: (e) => e.protocol }),
  rate: edge({ help: 'requests (TCP: connections) per second', value: (e) => e.requestRate }),
  error: edge({ help: 'error percentage; alone: any error', value: (e) => e.errorPercent ?? 0, unary: (e) => e.errorRate > 0 }),
  sourceprincipal: edge({ help: 'a source principal, e.g. `sourceprincipal contains ns/travel-portal`', value: (e) => e.sourcePrincipals, security: true }),
  destprincipal: edge({ help: 'a destination principal', value: (e) => e.destinationPrincipals, security: true }),
  waypoint: edge({ help: 'edges through a waypoint; or which one, e.g. `waypoint = travel-agency/waypoint`', value: (e) => e.waypoint, unary: (e) => e.waypoint !== null }),
  edgehealth: edge({ help: 'healthy, degraded, failure or idle', value: (e) => e.health }),
  namespace: node({ help: 'the node’s namespace', value: (n) => n.namespace }),
  name: node({ help: 'workload, app or service name', value: (n) => n.workload ?? n.app ?? n.service ?? n.id }),
  kind: node({ help: 'workload, app, service or outside', value: (n) => n.kind }),
  version: node({ help: 'the app version', value: (n) => n.version }),
  sidecar: node({ help: 'has a sidecar; `!sidecar` = known to have none', value: (n) => n.sidecar, unary: (n) => n.sidecar === true, negated: (n) => n.sidecar === false }),
  ambient: node({ help: 'workloads in ambient mode (ztunnel carries their traffic)', value: (n) => n.dataplane === 'ambient', unary: (n) => n.dataplane === 'ambient' }),
  dataplane: node({ help: 'sidecar, ambient or none (unknown for services)', value: (n) => n.dataplane ?? 'unknown' }),
  outside: node({ help: 'callers without identity: outside the mesh, without sidecar, or plaintext TCP', value: (n) => n.kind === 'outside', unary: (n) => n.kind === 'outside' }),
  health: node({ help: 'healthy, degraded, failure or idle', value: (n) => n.health.status }),
  healthy: node({ help: 'healthy nodes', value: (n) => n.health.status === 'healthy', unary: (n) => n.health.status === 'healthy', negated: (n) => unhealthy(n.health.status) }),
  unhealthy: node({ help: 'degraded or failing nodes', value: (n) => unhealthy(n.health.status), unary: (n) => unhealthy(n.health.status) }),
  idle: node({ help: 'nodes without traffic in the window', value: (n) => n.health.status === 'idle', unary: (n) => n.health.status === 'idle' }),
  noderate: node({ help: 'requests per second in and out', value: (n) => n.health.requestRate }),
};

const ALIASES: Readonly<Record<string, string>> = { 'no-data': 'nodata', errors: 'error', requests: 'rate', outofmesh: 'outside', om: 'outside', ns: 'namespace' };

export const OPERATORS: readonly { op: string; help: string }[] = [
  { op: '=', help: 'equals (case-insensitive for text)' },
  { op: '!=', help: 'differs' },
  { op: '< <= > >=', help: 'compares numbers' },
  { op: 'contains (*=)', help: 'text contains; a list contains an entry that does' },
  { op: 'startswith (^=)', help: 'text starts with' },
  { op: 'endswith ($=)', help: 'text ends with' },
  { op: '! / not', help: 'negates a clause or a parenthesised group' },
  { op: 'AND, OR, ( )', help: 'AND binds tighter than OR' },
];

export type Matcher =
  | { readonly ok: true; readonly target: Target; readonly security: boolean; readonly test: (data: GraphNode | GraphEdge) => boolean }
  | { readonly ok: false; readonly error: string };

type Ast =
  | { readonly kind: 'and' | 'or'; readonly left: Ast; readonly right: Ast }
  | { readonly kind: 'not'; readonly inner: Ast }
  | { readonly kind: 'test'; readonly operand: string; readonly op: string | undefined; readonly value: string | undefined };

const OPERATOR_WORDS: Readonly<Record<string, string>> = { contains: '*=', startswith: '^=', endswith: '$=', '!contains': '!*=', '!startswith': '!^=', '!endswith': '!$=' };
const SYMBOLS = ['!*=', '!^=', '!$=', '<=', '>=', '!=', '*=', '^=', '$=', '=', '<', '>', '(', ')', '!'];

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new Error('a quoted value is not closed');
      tokens.push(`"${text.slice(i + 1, end)}`);
      i = end + 1;
      continue;
    }
    const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
    if (symbol) {
      tokens.push(symbol);
      i += symbol.length;
      continue;
    }
    const word = /^[^\s()=<>!*^$"']+/.exec(text.slice(i))?.[0];
    if (!word) throw new Error(`unexpected "${c}"`);
    tokens.push(word);
    i += word.length;
  }
  return tokens;
}

class Parser {
  private position = 0;
  private readonly tokens: readonly string[];

  constructor(tokens: readonly string[]) {
    this.tokens = tokens;
  }

  parse(): Ast {
    const ast = this.or();
    if (this.position < this.tokens.length) throw new Error(`unexpected "${this.tokens[this.position]}"`);
    return ast;
  }

  private peek(): string | undefined {
    return this.tokens[this.position];
  }

  private or(): Ast {
    let left = this.and();
    while (/^(or|\|\|)$/i.test(this.peek() ?? '')) {
      this.position++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Ast {
    let left = this.unary();
    while (/^(and|&&)$/i.test(this.peek() ?? '')) {
      this.position++;
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): Ast {
    const token = this.peek();
    if (token === '!' || token?.toLowerCase() === 'not') {
      this.position++;
      return { kind: 'not', inner: this.unary() };
    }
    if (token === '(') {
      this.position++;
      const inner = this.or();
      if (this.peek() !== ')') throw new Error('a parenthesis is not closed');
      this.position++;
      return inner;
    }
    return this.test();
  }

  private test(): Ast {
    let word = this.peek();
    if (word === undefined) throw new Error('the expression ends too early');
    this.position++;
    // Kiali's spellings: "has mtls", "is outside".
    if (/^(has|is)$/i.test(word) && this.peek() !== undefined) {
      word = this.peek() as string;
      this.position++;
    }
    const operand = word.toLowerCase();
    let next = this.peek()?.toLowerCase();
    // `! contains` is `!contains`: the tokenizer splits the negation off the word.
    if (next === '!' && OPERATOR_WORDS[`!${this.tokens[this.position + 1]?.toLowerCase()}`]) {
      this.position++;
      next = `!${this.peek()?.toLowerCase()}`;
    }
    const op = next === undefined ? undefined : (OPERATOR_WORDS[next] ?? (SYMBOLS.includes(next) && next !== '(' && next !== ')' && next !== '!' ? next : undefined));
    if (op === undefined) return { kind: 'test', operand, op: undefined, value: undefined };
    this.position++;
    const value = this.peek();
    if (value === undefined || value === '(' || value === ')') throw new Error(`"${operand} ${op}" needs a value`);
    this.position++;
    return { kind: 'test', operand, op, value: value.startsWith('"') ? value.slice(1) : value };
  }
}

function targets(ast: Ast): Set<Target> {
  if (ast.kind === 'test') return new Set([operandOf(ast.operand).target]);
  if (ast.kind === 'not') return targets(ast.inner);
  return new Set([...targets(ast.left), ...targets(ast.right)]);
}

function operandOf(word: string): Operand {
  const operand = OPERANDS[ALIASES[word] ?? word];
  if (!operand) throw new Error(`unknown operand "${word}"; try ${Object.keys(OPERANDS).slice(0, 6).join(', ')}, …`);
  return operand;
}

function compare(actual: Value, op: string, raw: string): boolean {
  const negate = op.startsWith('!') && op !== '!=';
  const base = negate ? op.slice(1) : op;
  let result: boolean;
  if (Array.isArray(actual)) result = actual.some((a) => compare(a, base, raw));
  else if (['<', '<=', '>', '>='].includes(base)) {
    const a = typeof actual === 'number' ? actual : NaN;
    const b = Number(raw);
    if (!Number.isFinite(b)) throw new Error(`"${raw}" is not a number`);
    result = base === '<' ? a < b : base === '<=' ? a <= b : base === '>' ? a > b : a >= b;
  } else {
    const a = actual === null ? 'null' : String(actual).toLowerCase();
    const b = raw.toLowerCase();
    if (typeof actual === 'number' && (base === '=' || base === '!=')) result = actual === Number(raw);
    else if (base === '=' || base === '!=') result = a === b;
    else if (base === '*=') result = a.includes(b);
    else if (base === '^=') result = a.startsWith(b);
    else result = a.endsWith(b);
    if (base === '!=') result = !result;
  }
  return negate ? !result : result;
}

function evaluate(ast: Ast, data: never): boolean {
  switch (ast.kind) {
    case 'and':
      return evaluate(ast.left, data) && evaluate(ast.right, data);
    case 'or':
      return evaluate(ast.left, data) || evaluate(ast.right, data);
    case 'not':
      if (ast.inner.kind === 'test' && ast.inner.op === undefined) {
        const operand = operandOf(ast.inner.operand);
        if (operand.negated) return operand.negated(data);
      }
      return !evaluate(ast.inner, data);
    case 'test': {
      const operand = operandOf(ast.operand);
      if (ast.op === undefined || ast.value === undefined) {
        if (!operand.unary) throw new Error(`"${ast.operand}" needs a comparison, e.g. ${ast.operand} = …`);
        return operand.unary(data);
      }
      return compare(operand.value(data), ast.op, ast.value);
    }
  }
}

function usesSecurity(ast: Ast): boolean {
  if (ast.kind === 'test') return operandOf(ast.operand).security === true;
  if (ast.kind === 'not') return usesSecurity(ast.inner);
  return usesSecurity(ast.left) || usesSecurity(ast.right);
}

/** Parses once; the test then runs per element. Errors are messages for the input's helper text. */
export function compileExpression(text: string): Matcher | undefined {
  if (text.trim() === '') return undefined;
  try {
    const ast = new Parser(tokenize(text)).parse();
    const found = targets(ast);
    if (found.size > 1) return { ok: false, error: 'an expression tests nodes or edges, not both' };
    const target = [...found][0] ?? 'edge';
    const security = usesSecurity(ast);
    // Compile-time checks: every unary operand can stand alone, every number parses.
    for (let probe: Ast[] = [ast]; probe.length > 0; ) {
      const next = probe.pop() as Ast;
      if (next.kind === 'test') {
        const operand = operandOf(next.operand);
        if (next.op === undefined && !operand.unary) throw new Error(`"${next.operand}" needs a comparison, e.g. ${next.operand} = …`);
        if (next.op !== undefined && ['<', '<=', '>', '>='].includes(next.op) && !Number.isFinite(Number(next.value))) throw new Error(`"${next.value}" is not a number`);
      } else if (next.kind === 'not') probe.push(next.inner);
      else probe.push(next.left, next.right);
    }
    return { ok: true, target, security, test: (data) => evaluate(ast, data as never) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export const FIND_PRESETS: readonly { label: string; expression: string }[] = [
  { label: 'Plaintext edges', expression: 'plaintext' },
  { label: 'Partly mTLS edges', expression: 'mtls > 0 AND mtls < 100' },
  { label: 'Config vs traffic mismatches', expression: 'mismatch' },
  { label: 'Edges predicted to fail', expression: 'predicted = fail' },
  { label: 'Edges with errors', expression: 'error' },
  { label: 'Workloads without sidecar', expression: '!sidecar AND !ambient' },
  { label: 'Ambient workloads', expression: 'ambient' },
  { label: 'Edges through a waypoint', expression: 'waypoint' },
  { label: 'Unhealthy nodes', expression: 'unhealthy' },
];

export const HIDE_PRESETS: readonly { label: string; expression: string }[] = [
  { label: 'Edges fully on mTLS', expression: 'mtls = 100' },
  { label: 'Healthy nodes', expression: 'healthy' },
  { label: 'Idle nodes', expression: 'idle' },
  { label: 'Callers without identity', expression: 'outside' },
];
