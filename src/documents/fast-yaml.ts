// A reader for the YAML that Kubernetes manifests are made of: block mappings and sequences of plain, simple
// quoted, integer, boolean and null scalars, and one-line flow sequences of them (`exportTo: ["."]`). It gives
// exactly what js-yaml's `load` gives for such a document, faster, and declines (undefined) as soon as a line
// uses anything else: flow mappings, block scalars, anchors, tags, escapes, multi-line scalars, tabs, floats,
// timestamps, duplicate keys. The caller then asks js-yaml, which also reports the errors. `fast-yaml.test.ts`
// holds it to js-yaml on every document of the fixtures and generated worlds, and on random mutations of them.

interface Line {
  readonly indent: number;
  readonly content: string;
}

/** Raised inside the reader when the document leaves the subset; never escapes `fastLoad`. */
class Declined extends Error {}

const DECLINE = new Declined();

const NULLS = new Set(['null', 'Null', 'NULL']);
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const COLON = 0x3a;
const BOOLEANS = new Map([
  ['true', true],
  ['True', true],
  ['TRUE', true],
  ['false', false],
  ['False', false],
  ['FALSE', false],
]);
/** Plain scalars that js-yaml leaves strings: they start with a letter, `_` or `/` (no number, date or float does). */
const STRING_START = /^[A-Za-z_/]/;
const SMALL_INTEGER = /^(?:0|[1-9][0-9]{0,14})$/;
const PLAIN_KEY = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;

/** js-yaml's value of one document in the subset, or undefined when the document is outside it. */
export function fastLoad(text: string): { value: unknown } | undefined {
  // Tabs, carriage returns and byte order marks change how YAML reads indentation and line ends.
  if (/[\t\r\uFEFF]/.test(text)) return undefined;
  const lines = significantLines(text);
  if (!lines || lines.length === 0) return undefined;
  const reader = new BlockReader(lines);
  try {
    const value = reader.node(lines[0]!.indent);
    if (!reader.done()) return undefined;
    return { value };
  } catch (error) {
    if (error instanceof Declined) return undefined;
    throw error;
  }
}

/** Lines with content, comments cut, the document's own `---` dropped; undefined outside the subset. */
function significantLines(text: string): Line[] | undefined {
  const lines: Line[] = [];
  let first = true;
  for (const raw of text.split('\n')) {
    let indent = 0;
    while (raw.charCodeAt(indent) === 0x20) indent++;
    let content = raw.slice(indent);
    if (content === '' || content.startsWith('#')) continue;
    if (first && indent === 0 && content.startsWith('---')) {
      first = false;
      if (content.trimEnd() === '---') continue;
      return undefined;
    }
    first = false;
    if (indent === 0 && (content.startsWith('...') || content.startsWith('%'))) return undefined;
    const comment = content.includes('#') ? content.search(/\s#/) : -1;
    if (comment !== -1) {
      // A `#` after a space inside quotes is text, not a comment: leave such lines to js-yaml.
      if (/["']/.test(content)) return undefined;
      content = content.slice(0, comment);
    }
    if (content.charCodeAt(content.length - 1) === 0x20) content = content.trimEnd();
    if (content !== '') lines.push({ indent, content });
  }
  return lines;
}

class BlockReader {
  private at = 0;
  private readonly lines: Line[];

  constructor(lines: Line[]) {
    this.lines = lines;
  }

  done(): boolean {
    return this.at === this.lines.length;
  }

  private get line(): Line | undefined {
    return this.lines[this.at];
  }

  /** The block that starts at the current line, which is indented exactly `indent`. */
  node(indent: number): unknown {
    const line = this.line;
    if (!line || line.indent !== indent) throw DECLINE;
    // A line that is neither an item nor `key:` makes mapping() decline.
    return isItem(line.content) ? this.sequence(indent) : this.mapping(indent);
  }

  private mapping(indent: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (let line = this.line; line && line.indent === indent && !isItem(line.content); line = this.line) {
      const split = keyOf(line.content);
      if (split === undefined) throw DECLINE;
      const [key, rest] = split;
      if (Object.prototype.hasOwnProperty.call(result, key)) throw DECLINE;
      this.at++;
      result[key] = rest === '' ? this.nested(indent, true) : this.scalarValue(rest, indent);
    }
    if (this.line && this.line.indent > indent) throw DECLINE;
    return result;
  }

  private sequence(indent: number): unknown[] {
    const result: unknown[] = [];
    for (let line = this.line; line && line.indent === indent && isItem(line.content); line = this.line) {
      const after = line.content.slice(1);
      if (after === '') {
        this.at++;
        result.push(this.nested(indent, false));
        continue;
      }
      const item = after.trimStart();
      const column = indent + 1 + (after.length - item.length);
      if (isItem(item)) throw DECLINE;
      if (keyOf(item) !== undefined) {
        // `- key: value`: a mapping whose first entry sits on the item's line, the others under it.
        this.lines[this.at] = { indent: column, content: item };
        result.push(this.mapping(column));
      } else {
        this.at++;
        result.push(this.scalarValue(item, indent));
      }
    }
    if (this.line && this.line.indent > indent) throw DECLINE;
    return result;
  }

  /** What follows a key or item with nothing after it: a deeper block, a sequence at the key's indent, or null. */
  private nested(indent: number, compactSequence: boolean): unknown {
    const next = this.line;
    if (next && next.indent > indent) return this.node(next.indent);
    if (compactSequence && next && next.indent === indent && isItem(next.content)) return this.sequence(indent);
    return null;
  }

  /** A scalar on its key's or item's line; a deeper line after it would continue it over lines. */
  private scalarValue(text: string, indent: number): unknown {
    const value = scalar(text);
    if (this.line && this.line.indent > indent) throw DECLINE;
    return value;
  }
}

function isItem(content: string): boolean {
  return content === '-' || content.startsWith('- ');
}

/** `key: rest` split at the first `: ` (or a trailing `:`), with the key as js-yaml names the property. */
function keyOf(content: string): [string, string] | undefined {
  let sep = content.indexOf(': ');
  if (sep === -1) {
    if (!content.endsWith(':')) return undefined;
    sep = content.length - 1;
  }
  const text = content.slice(0, sep);
  if (!PLAIN_KEY.test(text) || text === '__proto__') throw DECLINE;
  return [String(scalar(text)), content.slice(sep + 1).trimStart()];
}

/** A value on one line: a scalar, `[]`, `{}`, or a flow sequence of scalars (`["a", b]`). */
function scalar(text: string): unknown {
  const first = text.charAt(0);
  if (first === '[') return flowSequence(text);
  if (text === '{}') return {};
  return plainOrQuoted(text);
}

/** `[a, "b"]` on one line, items without commas, brackets, braces or colons of their own. */
function flowSequence(text: string): unknown[] {
  if (!text.endsWith(']')) throw DECLINE;
  const inner = text.slice(1, -1).trim();
  if (inner === '') return [];
  return inner.split(',').map((part) => {
    const item = part.trim();
    if (item === '' || /[[\]{}:]/.test(item)) throw DECLINE;
    return plainOrQuoted(item);
  });
}

function plainOrQuoted(text: string): unknown {
  const first = text.charCodeAt(0);
  if (first === DOUBLE_QUOTE) {
    const inner = text.slice(1, -1);
    if (text.length < 2 || text.charCodeAt(text.length - 1) !== DOUBLE_QUOTE || inner.includes('"') || inner.includes('\\')) throw DECLINE;
    return inner;
  }
  if (first === SINGLE_QUOTE) {
    const inner = text.slice(1, -1);
    // Inside single quotes a quote is written twice; a single one would end the scalar early.
    if (text.length < 2 || text.charCodeAt(text.length - 1) !== SINGLE_QUOTE) throw DECLINE;
    if (!inner.includes("'")) return inner;
    if (inner.replaceAll("''", '').includes("'")) throw DECLINE;
    return inner.replaceAll("''", "'");
  }
  if (first >= DIGIT_0 && first <= DIGIT_9) {
    if (SMALL_INTEGER.test(text)) return Number(text);
    throw DECLINE;
  }
  if (text === '~') return null;
  if (!STRING_START.test(text) || text.includes(': ') || text.charCodeAt(text.length - 1) === COLON) throw DECLINE;
  // Only words of four or five letters can be null or a boolean.
  if (text.length === 4 || text.length === 5) {
    if (NULLS.has(text)) return null;
    const bool = BOOLEANS.get(text);
    if (bool !== undefined) return bool;
  }
  return text;
}
