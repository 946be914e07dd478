// Line and column for a path inside a loaded object, from the YAML syntax tree (never a text search).
// The tree is built lazily per document and cached: most objects never need a position. Work stays linear in
// the document: the loader already reported duplicate keys, so the tree is built without the parser's
// pairwise duplicate check, and each mapping gets a key index the first time a path goes through it.
// Where only the start is asked (`start`), a plain block-YAML document is read by its outline instead
// (block-outline.ts), which answers as the tree would at a fraction of the cost.
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document, type Node, type YAMLMap } from 'yaml';
import type { SourceSpan } from '../core/index.js';
import { lineAndColumn, outlineOf, startIn, type BlockOutline } from './block-outline.js';
import { documentLineIn, splitDocuments, SplitTexts, type DocumentChunk } from './split.js';

export interface Position {
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** Offsets into the file. */
  readonly start: number;
  readonly end: number;
}

interface ParsedChunk {
  readonly doc: Document;
  readonly counter: LineCounter;
}

/** 1-based, like Position. */
export interface Start {
  readonly line: number;
  readonly column: number;
}

export class PositionResolver {
  private readonly trees = new Map<string, ParsedChunk>();
  /** Outlines by document; null where the document is not plain block YAML. */
  private readonly outlines = new Map<string, BlockOutline | null>();
  private readonly documents = new Map<string, readonly DocumentChunk[]>();
  private readonly texts: ReadonlyMap<string, string>;

  constructor(texts: ReadonlyMap<string, string>) {
    this.texts = texts;
  }

  /** The document a span names, in the text of its file (each file split once, on first use, unless its reader did). */
  document(span: Pick<SourceSpan, 'file' | 'document'>): DocumentChunk | undefined {
    return this.documentsOf(span.file)?.[span.document];
  }

  /** 1-based line where the span's document starts (its `---` line when it has one). */
  documentLine(span: Pick<SourceSpan, 'file' | 'document'>): number | undefined {
    return documentLineIn(this.documentsOf(span.file), span.document);
  }

  private documentsOf(file: string): readonly DocumentChunk[] | undefined {
    let chunks = this.documents.get(file);
    if (!chunks) {
      const text = this.texts.get(file);
      if (text === undefined) return undefined;
      chunks = (this.texts instanceof SplitTexts && this.texts.documentsOf(file)) || splitDocuments(text);
      this.documents.set(file, chunks);
    }
    return chunks;
  }

  private tree(span: SourceSpan): { chunk: DocumentChunk; parsed: ParsedChunk } | undefined {
    const chunk = this.document(span);
    if (!chunk) return undefined;
    const key = `${span.file}\u0000${span.document}`;
    let parsed = this.trees.get(key);
    if (!parsed) {
      const counter = new LineCounter();
      parsed = { doc: parseDocument(chunk.text, { lineCounter: counter, keepSourceTokens: false, uniqueKeys: false }), counter };
      this.trees.set(key, parsed);
    }
    return { chunk, parsed };
  }

  /** Where `locate` would start, read from the document's outline when it has one. */
  start(span: SourceSpan, path: readonly (string | number)[], options: { key?: boolean } = {}): Start | undefined {
    const chunk = this.document(span);
    if (!chunk) return undefined;
    const key = `${span.file}\u0000${span.document}`;
    let outline = this.outlines.get(key);
    if (outline === undefined) {
      outline = outlineOf(chunk.text) ?? null;
      this.outlines.set(key, outline);
    }
    const offset = outline ? startIn(outline, [...span.pathPrefix, ...path], options.key ?? false) : undefined;
    if (outline && offset !== undefined) {
      const at = lineAndColumn(outline, offset);
      return { line: at.line + 1 + chunk.lineOffset, column: at.column + 1 };
    }
    const position = this.locate(span, path, options);
    return position && { line: position.line, column: position.column };
  }

  /**
   * The node at `path` (keys as strings, list indexes as numbers). When the path goes further than the
   * YAML does, the deepest existing node is used, so a missing field points at its parent. With
   * `key: true` the position is the map key rather than its value.
   */
  locate(span: SourceSpan, path: readonly (string | number)[], options: { key?: boolean } = {}): Position | undefined {
    const found = this.tree(span);
    if (!found) return undefined;
    const { doc, counter } = found.parsed;
    let node: Node | null | undefined = doc.contents;
    let keyNode: Node | undefined;
    for (const segment of [...span.pathPrefix, ...path]) {
      if (!isNode(node)) break;
      const next = childOf(node, segment);
      if (!next) break;
      keyNode = next.key;
      node = next.value;
    }
    const target = options.key && keyNode ? keyNode : isNode(node) ? node : keyNode;
    const range = target?.range;
    if (!range) return undefined;
    const from = counter.linePos(range[0]);
    const to = counter.linePos(range[1]);
    const lineBase = found.chunk.lineOffset;
    return {
      line: from.line + lineBase,
      column: from.col,
      endLine: to.line + lineBase,
      endColumn: to.col,
      start: found.chunk.start + range[0],
      end: found.chunk.start + range[1],
    };
  }
}

type Child = { key: Node | undefined; value: Node | null | undefined };

/** Each mapping's children by key text, the first of duplicate keys winning as in the loader. */
const keyIndexes = new WeakMap<YAMLMap, Map<string, Child>>();

function keyIndex(map: YAMLMap): Map<string, Child> {
  let index = keyIndexes.get(map);
  if (index) return index;
  index = new Map();
  for (const item of map.items) {
    if (!isPair(item)) continue;
    const text = String(isScalar(item.key) ? item.key.value : item.key);
    if (!index.has(text)) index.set(text, { key: isNode(item.key) ? item.key : undefined, value: isNode(item.value) ? item.value : null });
  }
  keyIndexes.set(map, index);
  return index;
}

function childOf(node: Node, segment: string | number): Child | undefined {
  if (isMap(node)) return keyIndex(node).get(String(segment));
  if (typeof segment === 'number' && 'items' in node && Array.isArray(node.items)) {
    const value = node.items[segment] as unknown;
    return isNode(value) ? { key: undefined, value } : undefined;
  }
  return undefined;
}
