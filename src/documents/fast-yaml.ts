// A reader for the YAML that Kubernetes manifests are made of: block mappings and sequences of plain, simple
// quoted, integer, boolean and null scalars, and one-line flow sequences of them (`exportTo: ["."]`). It gives
// exactly what js-yaml's `load` gives for such a document, faster, and declines (undefined) as soon as a line
// uses anything else: flow mappings, block scalars, anchors, tags, escapes, multi-line scalars, tabs, floats,
// timestamps, duplicate keys. The caller then asks js-yaml, which also reports the errors. `fast-yaml.test.ts`
// holds it to js-yaml on every document of the fixtures and generated worlds, and on random mutations of them.
//
// It writes the document as JSON text and lets JSON.parse build the value: that builds objects faster than
// property-by-property assignment, and they take less than half the memory, which is most of what a large
// mesh keeps after reading.


// eslint-disable-next-line no-control-regex -- finding control characters is the point
const OUTSIDE_TEXT = /[\t\r\uFEFF\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Raised inside the reader when the document leaves the subset; never escapes `blockYamlAsJson`. */
class Declined extends Error {}

const DECLINE = new Declined();

const NULLS = new Set(['null', 'Null', 'NULL']);
const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const DOT = 0x2e;
const PERCENT = 0x25;
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
/** n, N, t, T, f, F: how null, true and false start. */
const WORD_STARTS = new Set([0x6e, 0x4e, 0x74, 0x54, 0x66, 0x46]);
const SMALL_INTEGER = /^(?:0|[1-9][0-9]{0,14})$/;

/**
 * A document as `blockYamlAsJson` wrote it, possibly on another thread: its JSON text, or null when it is
 * outside the fast subset (js-yaml reads it).
 */
export type DocumentJson = string | null;

/** js-yaml's value of one document in the subset, or undefined when the document is outside it. */
export function fastLoad(text: string): { value: unknown } | undefined {
  const json = blockYamlAsJson(text);
  return json === undefined ? undefined : { value: JSON.parse(json) as unknown };
}

/**
 * The JSON text of js-yaml's value of one document in the subset, or undefined when the document is outside
 * it. Apart from `fastLoad`, so the text can be written on another thread and parsed where it is needed.
 */
export function blockYamlAsJson(text: string): string | undefined {
  // Tabs, carriage returns and byte order marks change how YAML reads indentation and line ends; js-yaml
  // refuses control characters and lone surrogates (any surrogate is left to it).
  if (OUTSIDE_TEXT.test(text)) return undefined;
  const reader = new BlockReader(text);
  try {
    reader.advance();
    if (reader.done()) return undefined;
    const json = reader.node(reader.indent);
    if (!reader.done()) return undefined;
    // Appending keeps the text as a tree of pieces until it is first read. Reading it now flattens it while
    // the pieces are young, so they die at the next scavenge instead of being copied with the document's
    // text until it is parsed or posted: half of writing a large mesh was the collector moving them.
    json.charCodeAt(0);
    return json;
  } catch (error) {
    if (error instanceof Declined) return undefined;
    throw error;
  }
}

/**
 * Reads a document line by line, one line ahead: the current line's content is text[start, end) (comment
 * and trailing spaces cut), indented `indent` spaces, or `indent` is -1 past the last line, which ends every
 * block. Lines are found as the reader goes, so a document is scanned once and no list of lines is kept.
 */
class BlockReader {
  indent = -1;
  private start = 0;
  private end = 0;
  /** Where the line after the current one begins. */
  private next = 0;
  private first = true;
  /** The next ` #` of the text, looked for again only once passed: one scan of the text for all lines. */
  private hash = -1;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  done(): boolean {
    return this.indent === -1;
  }

  /** Moves to the next line with content, skipping blank and comment lines and the document's own `---`. */
  advance(): void {
    const { text } = this;
    while (this.next <= text.length) {
      const lineStart = this.next;
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd === -1) lineEnd = text.length;
      this.next = lineEnd + 1;
      let start = lineStart;
      while (start < lineEnd && text.charCodeAt(start) === SPACE) start++;
      // Blank lines first: the last one ends at the text's end, and reading past it deoptimised this loop.
      if (start === lineEnd) continue;
      const head = text.charCodeAt(start);
      if (head === HASH) continue;
      const indent = start - lineStart;
      let end = lineEnd;
      while (text.charCodeAt(end - 1) === SPACE) end--;
      if (this.first && indent === 0 && head === DASH && text.startsWith('---', start)) {
        this.first = false;
        if (end - start === 3) continue;
        throw DECLINE;
      }
      this.first = false;
      if (indent === 0 && (head === PERCENT || (head === DOT && text.startsWith('...', start)))) throw DECLINE;
      if (this.hash < start) {
        this.hash = text.indexOf(' #', start);
        if (this.hash === -1) this.hash = text.length;
      }
      if (this.hash < end) {
        // A `#` after a space inside quotes is text, not a comment: leave such lines to js-yaml.
        for (let i = start; i < this.hash; i++) {
          const c = text.charCodeAt(i);
          if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) throw DECLINE;
        }
        end = this.hash;
        while (end > start && text.charCodeAt(end - 1) === SPACE) end--;
        if (end === start) continue;
      }
      this.indent = indent;
      this.start = start;
      this.end = end;
      return;
    }
    this.indent = -1;
  }

  /** The block that starts at the current line, which is indented exactly `indent`, as JSON. */
  node(indent: number): string {
    if (this.indent !== indent) throw DECLINE;
    // A line that is neither an item nor `key:` makes mapping() decline.
    return this.isItem() ? this.sequence(indent) : this.mapping(indent);
  }

  /** Whether the current line is `-` alone or `- ` followed by the item. */
  private isItem(): boolean {
    const { start } = this;
    return this.text.charCodeAt(start) === DASH && (this.end === start + 1 || this.text.charCodeAt(start + 1) === SPACE);
  }

  private mapping(indent: number): string {
    let json = '{';
    const keys: string[] = [];
    // Most mappings have a few keys, compared in a list; a long one (annotations) gets a set.
    let many: Set<string> | undefined;
    while (this.indent === indent && !this.isItem()) {
      const sep = this.separator();
      if (sep === -1) throw DECLINE;
      const key = this.key(sep);
      if (keys.length === 16) many = new Set(keys);
      // JSON.parse would keep the last of two equal keys; js-yaml refuses them.
      if (many ? many.has(key) : keys.includes(key)) throw DECLINE;
      keys.push(key);
      many?.add(key);
      const rest = this.after(sep);
      this.advance();
      // Plain keys hold no character JSON escapes.
      json += `${keys.length > 1 ? ',' : ''}"${key}":${rest === '' ? this.nested(indent, true) : this.scalarValue(rest, indent)}`;
    }
    if (this.indent > indent) throw DECLINE;
    return json + '}';
  }

  private sequence(indent: number): string {
    let json = '[';
    while (this.indent === indent && this.isItem()) {
      if (json.length > 1) json += ',';
      const { start, end } = this;
      let item = start + 1;
      if (item === end) {
        this.advance();
        json += this.nested(indent, false);
        continue;
      }
      while (this.text.charCodeAt(item) === SPACE) item++;
      // Looked at as the line's content from here on: an item inside an item is not in the subset.
      this.start = item;
      if (this.isItem()) throw DECLINE;
      if (this.separator() !== -1) {
        // `- key: value`: a mapping whose first entry sits on the item's line, the others under it.
        const column = indent + (item - start);
        this.indent = column;
        json += this.mapping(column);
      } else {
        this.advance();
        json += this.scalarValue(this.text.slice(item, end), indent);
      }
    }
    if (this.indent > indent) throw DECLINE;
    return json + ']';
  }

  /** What follows a key or item with nothing after it: a deeper block, a sequence at the key's indent, or null. */
  private nested(indent: number, compactSequence: boolean): string {
    const next = this.indent;
    if (next > indent) return this.node(next);
    if (compactSequence && next === indent && this.isItem()) return this.sequence(indent);
    return 'null';
  }

  /** A scalar on its key's or item's line; a deeper line after it would continue it over lines. */
  private scalarValue(text: string, indent: number): string {
    const value = scalar(text);
    if (this.indent > indent) throw DECLINE;
    return value;
  }

  /** Where the current line's `key: ` splits (the first `: `, or a trailing `:`), or -1 when it is no `key:`. */
  private separator(): number {
    const { start, end } = this;
    const sep = this.text.indexOf(': ', start);
    if (sep !== -1 && sep < end) return sep;
    return this.text.charCodeAt(end - 1) === COLON ? end - 1 : -1;
  }

  /** The key before `sep`, as js-yaml names the property (`True:` is the key "true"); only plain keys. */
  private key(sep: number): string {
    const { start } = this;
    if (sep === start || !isKeyStart(this.text.charCodeAt(start))) throw DECLINE;
    for (let i = start + 1; i < sep; i++) if (!isKeyChar(this.text.charCodeAt(i))) throw DECLINE;
    const text = this.text.slice(start, sep);
    if (text === '__proto__') throw DECLINE;
    const first = this.text.charCodeAt(start);
    // A key of digits is a number to js-yaml, whose property name is the same digits unless they have a leading zero.
    if (first >= DIGIT_0 && first <= DIGIT_9) {
      if (SMALL_INTEGER.test(text)) return text;
      throw DECLINE;
    }
    return String(word(text, first));
  }

  /** The current line's text after `key:`, leading spaces cut. */
  private after(sep: number): string {
    const { end } = this;
    let from = sep + 1;
    while (from < end && this.text.charCodeAt(from) === SPACE) from++;
    return from < end ? this.text.slice(from, end) : '';
  }
}

/** `[A-Za-z0-9_]`: how a plain key may start. */
function isKeyStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= DIGIT_0 && c <= DIGIT_9) || c === 0x5f;
}

/** `[A-Za-z0-9_./-]`: what a plain key may hold after its first character. */
function isKeyChar(c: number): boolean {
  return isKeyStart(c) || c === DOT || c === 0x2f || c === DASH;
}

/** A value on one line as JSON: a scalar, `[]`, `{}`, or a flow sequence of scalars (`["a", b]`). */
function scalar(text: string): string {
  const first = text.charAt(0);
  if (first === '[') return flowSequence(text);
  if (text === '{}') return '{}';
  return plainOrQuoted(text);
}

/** `[a, "b"]` on one line, items without commas, brackets, braces or colons of their own. */
function flowSequence(text: string): string {
  if (!text.endsWith(']')) throw DECLINE;
  const inner = text.slice(1, -1).trim();
  if (inner === '') return '[]';
  const items = inner.split(',').map((part) => {
    const item = part.trim();
    if (item === '' || /[[\]{}:]/.test(item)) throw DECLINE;
    return plainOrQuoted(item);
  });
  return `[${items.join(',')}]`;
}

/** A scalar of one line as a JSON string. Control characters never get here (OUTSIDE_TEXT declines them). */
function jsonString(text: string): string {
  return text.includes('"') || text.includes('\\') ? JSON.stringify(text) : `"${text}"`;
}

/** One scalar as JSON. */
function plainOrQuoted(text: string): string {
  const first = text.charCodeAt(0);
  if (first === DOUBLE_QUOTE) {
    const inner = text.slice(1, -1);
    if (text.length < 2 || text.charCodeAt(text.length - 1) !== DOUBLE_QUOTE || inner.includes('"') || inner.includes('\\')) throw DECLINE;
    return jsonString(inner);
  }
  if (first === SINGLE_QUOTE) {
    const inner = text.slice(1, -1);
    // Inside single quotes a quote is written twice; a single one would end the scalar early.
    if (text.length < 2 || text.charCodeAt(text.length - 1) !== SINGLE_QUOTE) throw DECLINE;
    if (!inner.includes("'")) return jsonString(inner);
    if (inner.replaceAll("''", '').includes("'")) throw DECLINE;
    return jsonString(inner.replaceAll("''", "'"));
  }
  // Digits without a leading zero are already the JSON of the number js-yaml reads.
  if (first >= DIGIT_0 && first <= DIGIT_9) {
    if (SMALL_INTEGER.test(text)) return text;
    throw DECLINE;
  }
  if (text === '~') return 'null';
  if (!startsString(first) || text.includes(': ') || text.charCodeAt(text.length - 1) === COLON) throw DECLINE;
  const value = word(text, first);
  return typeof value === 'string' ? jsonString(value) : String(value);
}

/** Plain scalars that js-yaml leaves strings start with a letter, `_` or `/` (no number, date or float does). */
function startsString(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x2f;
}

/** A plain word: null and the booleans (four or five letters, starting n, t or f in any case) read as such. */
function word(text: string, first: number): string | boolean | null {
  if ((text.length !== 4 && text.length !== 5) || !WORD_STARTS.has(first)) return text;
  if (NULLS.has(text)) return null;
  return BOOLEANS.get(text) ?? text;
}
