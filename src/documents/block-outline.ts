// Where each node of a plain block-YAML document starts, read line by line. Building the `yaml` library's
// syntax tree costs far more than the few positions a report asks of a document; nearly every document
// is plain block YAML, whose node starts follow from indentation alone. Anything this reader is not sure
// of (flow collections it would have to enter, anchors, tags, multi-line plain scalars, complex or unusual
// keys, tabs, CR line ends) makes it give up on the document, and positions.ts asks the syntax tree.

/** A node of the outline: where it starts (offset in the document text) and its children. */
type OutlineNode =
  | { readonly type: 'map'; readonly start: number; readonly entries: ReadonlyMap<string, Entry> }
  | { readonly type: 'seq'; readonly start: number; readonly items: readonly OutlineNode[] }
  | { readonly type: 'leaf'; readonly start: number }
  /** A key with no value: the syntax tree's empty scalar sits at a place this reader does not pin down. */
  | { readonly type: 'empty' };

interface Entry {
  readonly keyStart: number;
  readonly value: OutlineNode;
}

export interface BlockOutline {
  readonly root: OutlineNode;
  /** Offset of the first character of each line. */
  readonly lineStarts: readonly number[];
}

/** Thrown inside the reader when the document leaves the subset it reads. */
class NotSure extends Error {}

const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;

/** Keys whose text is their value under YAML 1.2's core schema (no booleans, nulls or numbers in disguise). */
const PLAIN_KEY = /^(?:[A-Za-z_][A-Za-z0-9_./-]*|0|[1-9][0-9]{0,14})$/;
const SPECIAL_KEY = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE|[Nn]ull|NULL)$/;

interface Line {
  readonly start: number;
  /** Offset just past the last character (the newline or the end of the text). */
  readonly end: number;
  /** Offset of the first non-space character; `end` when there is none. */
  readonly content: number;
  /** Blank, or only a comment. */
  readonly empty: boolean;
}

class Reader {
  private readonly text: string;
  readonly lines: Line[] = [];
  /** The line being read. */
  private at = 0;

  constructor(text: string) {
    this.text = text;
    let start = 0;
    while (start <= text.length) {
      const newline = text.indexOf('\n', start);
      const end = newline === -1 ? text.length : newline;
      let content = start;
      while (content < end && text.charCodeAt(content) === SPACE) content++;
      this.lines.push({ start, end, content, empty: content === end || text.charCodeAt(content) === HASH });
      if (newline === -1) break;
      start = newline + 1;
    }
  }

  read(): OutlineNode {
    const first = this.lines[0];
    // The document's own `---` line, when it has one, carries nothing.
    if (first && this.text.startsWith('---', first.start)) {
      if (this.text.slice(first.start + 3, first.end).trim() !== '') throw new NotSure();
      this.at = 1;
    }
    if (this.nextContent() === undefined) throw new NotSure();
    const line = this.current();
    const root = this.collection(line.content, line.content - line.start);
    if (this.nextContent() !== undefined) throw new NotSure();
    return root;
  }

  private current(): Line {
    const line = this.lines[this.at];
    if (!line) throw new NotSure();
    return line;
  }

  /** Skips blank and comment lines; the index of the next line with content, or undefined at the end. */
  private nextContent(): number | undefined {
    while (this.at < this.lines.length && this.lines[this.at]?.empty) this.at++;
    return this.at < this.lines.length ? this.at : undefined;
  }

  private indentOf(index: number): number {
    const line = this.lines[index];
    return line ? line.content - line.start : -1;
  }

  private isItem(offset: number, end: number): boolean {
    return this.text.charCodeAt(offset) === DASH && (offset + 1 === end || this.text.charCodeAt(offset + 1) === SPACE);
  }

  /** A block map or sequence whose first entry starts at `offset`, in column `column` (0-based). */
  private collection(offset: number, column: number): OutlineNode {
    const line = this.current();
    if (this.isItem(offset, line.end)) return this.sequence(offset, column);
    if (this.keyAt(offset, line.end)) return this.map(offset, column);
    throw new NotSure();
  }

  /** The key of a `key: value` line starting at `offset`: its text and the offset just past its colon. */
  private keyAt(offset: number, end: number): { text: string; after: number } | undefined {
    const first = this.text.charCodeAt(offset);
    if (first === 0x22 || first === 0x27) {
      const close = this.text.indexOf(String.fromCharCode(first), offset + 1);
      if (close === -1 || close >= end) return undefined;
      const inner = this.text.slice(offset + 1, close);
      // Escapes and doubled quotes change the key's text: left to the syntax tree.
      if (inner.includes('\\') || this.text.charCodeAt(close + 1) === first) throw new NotSure();
      if (this.text.charCodeAt(close + 1) !== COLON) return undefined;
      const after = close + 2;
      if (after < end && this.text.charCodeAt(after) !== SPACE) throw new NotSure();
      return { text: inner, after };
    }
    let colon = this.text.indexOf(':', offset);
    while (colon !== -1 && colon < end && colon + 1 < end && this.text.charCodeAt(colon + 1) !== SPACE) colon = this.text.indexOf(':', colon + 1);
    if (colon === -1 || colon >= end) return undefined;
    const text = this.text.slice(offset, colon);
    if (!PLAIN_KEY.test(text) || SPECIAL_KEY.test(text)) throw new NotSure();
    return { text, after: colon + 1 };
  }

  private map(firstOffset: number, column: number): OutlineNode {
    const entries = new Map<string, Entry>();
    let offset = firstOffset;
    for (;;) {
      const line = this.current();
      const key = this.keyAt(offset, line.end);
      if (!key) throw new NotSure();
      const value = this.valueAfter(key.after, line.end, column, true);
      // The first of duplicate keys counts, as when the documents were read.
      if (!entries.has(key.text)) entries.set(key.text, { keyStart: offset, value });
      const next = this.nextContent();
      if (next === undefined) break;
      const indent = this.indentOf(next);
      if (indent < column) break;
      if (indent > column) throw new NotSure();
      const nextLine = this.current();
      // A sequence item in a map's own column belongs to no key (a key's indentless sequence was read with it).
      if (this.isItem(nextLine.content, nextLine.end)) throw new NotSure();
      offset = nextLine.content;
    }
    return { type: 'map', start: firstOffset, entries };
  }

  private sequence(firstOffset: number, column: number): OutlineNode {
    const items: OutlineNode[] = [];
    let offset = firstOffset;
    for (;;) {
      const line = this.current();
      let content = offset + 1;
      while (content < line.end && this.text.charCodeAt(content) === SPACE) content++;
      if (content < line.end && this.text.charCodeAt(content) !== HASH && this.isItem(content, line.end)) throw new NotSure();
      if (content < line.end && this.text.charCodeAt(content) !== HASH && this.keyAt(content, line.end)) {
        // `- key: value`: a map whose column is where its first key is.
        items.push(this.map(content, content - line.start));
      } else {
        items.push(this.valueAfter(offset + 1, line.end, column, false));
      }
      const next = this.nextContent();
      if (next === undefined) break;
      const indent = this.indentOf(next);
      if (indent < column) break;
      const nextLine = this.current();
      if (indent > column) throw new NotSure();
      if (!this.isItem(nextLine.content, nextLine.end)) break;
      offset = nextLine.content;
    }
    return { type: 'seq', start: firstOffset, items };
  }

  /**
   * The value after a key's colon or an item's dash at `from` on the current line, whose parent sits in
   * `column`. Leaves the reader on the line after the value.
   */
  private valueAfter(from: number, end: number, column: number, ofKey: boolean): OutlineNode {
    let offset = from;
    while (offset < end && this.text.charCodeAt(offset) === SPACE) offset++;
    if (offset === end || this.text.charCodeAt(offset) === HASH) {
      this.at++;
      const next = this.nextContent();
      if (next === undefined) return { type: 'empty' };
      const indent = this.indentOf(next);
      const line = this.current();
      // A key's sequence may sit at the key's own indentation.
      if (indent > column || (ofKey && indent === column && this.isItem(line.content, line.end))) return this.collection(line.content, indent);
      return { type: 'empty' };
    }
    const first = this.text.charCodeAt(offset);
    switch (first) {
      case 0x22: // "
      case 0x27: {
        // '
        const close = this.text.indexOf(String.fromCharCode(first), offset + 1);
        if (close === -1 || close >= end) throw new NotSure();
        if (first === 0x22 && this.text.slice(offset + 1, close).includes('\\')) throw new NotSure();
        if (first === 0x27 && this.text.charCodeAt(close + 1) === 0x27) throw new NotSure();
        this.restIsComment(close + 1, end);
        this.at++;
        this.noContinuation(column);
        return { type: 'leaf', start: offset };
      }
      case 0x5b: // [
      case 0x7b: {
        // {
        const { node, after } = this.flow(offset, end);
        this.restIsComment(after, end);
        this.at++;
        this.noContinuation(column);
        return node;
      }
      case 0x7c: // |
      case 0x3e: {
        // >: the block scalar's lines are every following line indented past its parent.
        this.at++;
        while (this.at < this.lines.length) {
          const line = this.lines[this.at] as Line;
          if (line.content !== line.end && line.content - line.start <= column) break;
          this.at++;
        }
        return { type: 'leaf', start: offset };
      }
      default: {
        if (!/[A-Za-z0-9_./\-+~=(]/.test(String.fromCharCode(first)) || this.isItem(offset, end)) throw new NotSure();
        const comment = this.text.indexOf(' #', offset);
        const value = this.text.slice(offset, comment !== -1 && comment < end ? comment : end);
        if (value.includes(': ') || value.trimEnd().endsWith(':')) throw new NotSure();
        this.at++;
        this.noContinuation(column);
        return { type: 'leaf', start: offset };
      }
    }
  }

  /**
   * A flow collection closed on its own line whose entries are scalars (`[a, "b"]`, `{name: a, namespace: b}`).
   * Nesting, escapes and comments inside are left to the syntax tree.
   */
  private flow(offset: number, end: number): { node: OutlineNode; after: number } {
    const isMap = this.text.charCodeAt(offset) === 0x7b;
    const close = isMap ? 0x7d : 0x5d;
    const parts: { start: number; end: number }[] = [];
    let partStart = offset + 1;
    let at = offset + 1;
    for (;; at++) {
      if (at >= end) throw new NotSure();
      const c = this.text.charCodeAt(at);
      if (c === 0x22 || c === 0x27) {
        const closing = this.text.indexOf(String.fromCharCode(c), at + 1);
        if (closing === -1 || closing >= end) throw new NotSure();
        if ((c === 0x22 && this.text.slice(at + 1, closing).includes('\\')) || (c === 0x27 && this.text.charCodeAt(closing + 1) === 0x27)) throw new NotSure();
        at = closing;
      } else if (c === 0x2c || c === close) {
        parts.push({ start: partStart, end: at });
        partStart = at + 1;
        if (c === close) break;
      } else if (c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === HASH) throw new NotSure();
    }
    const entries = new Map<string, Entry>();
    const items: OutlineNode[] = [];
    parts.forEach((part, index) => {
      let start = part.start;
      while (start < part.end && this.text.charCodeAt(start) === SPACE) start++;
      if (start === part.end) {
        // Only `[]`, `{}` and a trailing comma leave a part empty.
        if (index === parts.length - 1) return;
        throw new NotSure();
      }
      if (!isMap) {
        items.push({ type: 'leaf', start: this.flowScalar(start, part.end) });
        return;
      }
      const key = this.flowKey(start, part.end);
      let value = key.after;
      while (value < part.end && this.text.charCodeAt(value) === SPACE) value++;
      if (value === part.end) throw new NotSure();
      if (!entries.has(key.text)) entries.set(key.text, { keyStart: start, value: { type: 'leaf', start: this.flowScalar(value, part.end) } });
    });
    return { node: isMap ? { type: 'map', start: offset, entries } : { type: 'seq', start: offset, items }, after: at + 1 };
  }

  /** A scalar entry of a flow collection from `start` to `end`: quoted, or plain without a colon. */
  private flowScalar(start: number, end: number): number {
    const text = this.text.slice(start, end).trimEnd();
    const first = text.charCodeAt(0);
    if (first === 0x22 || first === 0x27) {
      if (text.length < 2 || text.charCodeAt(text.length - 1) !== first || text.slice(1, -1).includes(String.fromCharCode(first))) throw new NotSure();
    } else if (!/^[A-Za-z0-9_./\-+~=(][^:]*$/.test(text) || text.includes(' ')) throw new NotSure();
    return start;
  }

  /** A flow map entry's key: plain or quoted, then `: `. */
  private flowKey(start: number, end: number): { text: string; after: number } {
    const colon = this.text.indexOf(': ', start);
    if (colon === -1 || colon >= end) throw new NotSure();
    let text = this.text.slice(start, colon);
    const first = text.charCodeAt(0);
    if (first === 0x22 || first === 0x27) {
      if (text.length < 2 || text.charCodeAt(text.length - 1) !== first) throw new NotSure();
      text = text.slice(1, -1);
      if (text.includes(String.fromCharCode(first))) throw new NotSure();
    } else if (!PLAIN_KEY.test(text) || SPECIAL_KEY.test(text)) throw new NotSure();
    return { text, after: colon + 1 };
  }

  private restIsComment(from: number, end: number): void {
    const rest = this.text.slice(from, end);
    if (rest.trim() !== '' && !/^ +#/.test(rest)) throw new NotSure();
  }

  /** After a one-line value: a more indented line would continue it (or be an error). */
  private noContinuation(column: number): void {
    const next = this.nextContent();
    if (next !== undefined && this.indentOf(next) > column) throw new NotSure();
  }
}

/** The outline of one document's text, or undefined when the document is not plain block YAML. */
export function outlineOf(text: string): BlockOutline | undefined {
  if (text.includes('\t') || text.includes('\r') || text.includes('\uFEFF') || /^[%&!*?]/m.test(text)) return undefined;
  const reader = new Reader(text);
  try {
    return { root: reader.read(), lineStarts: reader.lines.map((l) => l.start) };
  } catch (error) {
    if (error instanceof NotSure) return undefined;
    throw error;
  }
}

/**
 * Offset of the node at `path`, or of its key with `key: true`, by the rule positions.ts follows on the
 * syntax tree: the deepest node the path reaches. undefined when only the syntax tree can say.
 */
export function startIn(outline: BlockOutline, path: readonly (string | number)[], key: boolean): number | undefined {
  let node: OutlineNode = outline.root;
  let keyStart: number | undefined;
  for (const segment of path) {
    let entry: { keyStart: number | undefined; value: OutlineNode } | undefined;
    if (node.type === 'map') entry = node.entries.get(String(segment));
    else if (node.type === 'seq') {
      const item = typeof segment === 'number' ? node.items[segment] : undefined;
      entry = item && { keyStart: undefined, value: item };
    }
    if (!entry) break;
    keyStart = entry.keyStart;
    node = entry.value;
  }
  if (key && keyStart !== undefined) return keyStart;
  return node.type === 'empty' ? undefined : node.start;
}

/** 0-based line and column of an offset. */
export function lineAndColumn(outline: BlockOutline, offset: number): { line: number; column: number } {
  const starts = outline.lineStarts;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low, column: offset - (starts[low] ?? 0) };
}
