import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isNode, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { hostileInputs } from '../testing/hostile-inputs.js';
import { outlineOf } from './block-outline.js';
import { PositionResolver } from './positions.js';
import { splitDocuments } from './split.js';

type Path = (string | number)[];

/** Every path the syntax tree has, and for each one a child it does not have. */
function pathsOf(text: string): Path[] {
  const paths: Path[] = [[], ['nowhere'], [0]];
  const walk = (node: Node | null | undefined, path: Path): void => {
    if (!isNode(node)) return;
    paths.push(path, [...path, 'nowhere'], [...path, 0], [...path, 7]);
    if (isMap(node)) {
      for (const item of node.items) if (isPair(item)) walk(item.value as Node, [...path, String(isScalar(item.key) ? item.key.value : item.key)]);
    } else if (isSeq(node)) node.items.forEach((item, i) => walk(item as Node, [...path, i]));
  };
  walk(parseDocument(text, { uniqueKeys: false }).contents, []);
  return paths;
}

/** For every document of `text` and every path in it: the outline's start is the syntax tree's. */
function agreement(text: string): { documents: number; outlined: number } {
  const positions = new PositionResolver(new Map([['f.yaml', text]]));
  const chunks = splitDocuments(text);
  let outlined = 0;
  chunks.forEach((chunk, document) => {
    if (outlineOf(chunk.text)) outlined++;
    const span = { file: 'f.yaml', document, pathPrefix: [] };
    for (const path of pathsOf(chunk.text)) {
      for (const key of [false, true]) {
        const tree = positions.locate(span, path, { key });
        expect({ path, key, at: positions.start(span, path, { key }) }).toEqual({ path, key, at: tree && { line: tree.line, column: tree.column } });
      }
    }
  });
  return { documents: chunks.length, outlined };
}

const TRICKY = [
  'apiVersion: v1   # c\nkind: Service\nmetadata:\n  name: a\n  labels:\n    x: "q"\n    e:\n    f: \n  # comment\nspec:\n  ports:\n  - name: http\n    port: 80\n\n  - port: 81\n  list:\n    - a\n    - b\n',
  '---\na: |\n  x\n  - y\n  k: v\nb: >-\n  z\n\n# end\nc: [1, 2]\nd: {x: 1}\ne: "q\\"x"\nf:\n  - 1\ng:\n- 2\nh: -1\n',
  'a:\n  b:\n    c: 1\n  d:\n  - e: 2\n    f:\n    - 3\n    - g: 4\n  -\n    h: 5\n  - - 6\n',
  'spec:\n  portLevelMtls:\n    "8080":\n      mode: DISABLE\n    9090:\n      mode: STRICT\n    \'7070\': {mode: PERMISSIVE}\n',
  'a: 1\na: 2\nb:\n  c: 1\n  c: 2\n',
  'True: 1\nnull: 2\n0x1F: 3\n1e3: 4\n010: 5\n',
  'a: &x\n  b: 1\nc: *x\nd: !!str 5\n',
  'a: plain\n  continued\nb: 2\n',
  'a: "multi\n  line"\nb: 2\n',
  'a: [1,\n  2]\nb: {c: "d"}\n',
  '- a\n- b: 1\n  c: 2\n- [x]\n',
  '# only a comment\n',
  'a: b: c\n',
  'key with space: 1\n"quoted key": 2\n\'single\': 3\n',
  'a: http://x:80/y\nb: 10:20\nc: x # not: key\n',
  'a:\tb\n',
  'a: 1\r\nb: 2\r\n',
  '  indented: 1\n  root: 2\n',
  '--- \na: 1\n',
  'a:\n  - 1\n  -   2\n  -\n    - 3\nb: ~\nc: -x\n',
  'p: ["cluster.local/ns/a/sa/b", \'x\' , y,]\nq: []\nr: [ ]\ns: {name: a,  namespace: "b"}\nt: {}\nu: [a: 1]\nv: [*.x]\nw: {a: {b: 1}}\nx: [a b]\ny: ["a\\"b"]\nz: [,]\n',
  'metadata: {name: dr0, namespace: default}\nspec:\n  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}\n',
  'a: [1, 2] # c\nb: {"k": v}\nc: {k: v}x\n',
];

describe('block outline', () => {
  it('starts every node where the syntax tree does, in crafted documents', () => {
    for (const text of TRICKY) agreement(text);
  });

  it('starts every node where the syntax tree does, in the fixtures, and reads most of their documents itself', () => {
    let documents = 0;
    let outlined = 0;
    const visit = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) visit(path);
        else if (/\.ya?ml$/.test(entry.name)) {
          const found = agreement(readFileSync(path, 'utf8'));
          documents += found.documents;
          outlined += found.outlined;
        }
      }
    };
    visit(join(import.meta.dirname, '../../fixtures'));
    expect(documents).toBeGreaterThan(100);
    expect(outlined / documents).toBeGreaterThan(0.9);
  });

  it('starts every node where the syntax tree does, in the hostile inputs', () => {
    agreement(hostileInputs.unknownKeys(300));
    agreement(hostileInputs.sameHostRules(20));
  });

  it('gives up on what only the syntax tree can read', () => {
    expect(outlineOf('a: &x 1\n')).toBeUndefined();
    expect(outlineOf('a: plain\n  continued\n')).toBeUndefined();
    expect(outlineOf('a:\tb\n')).toBeUndefined();
    expect(outlineOf('True: 1\n')).toBeUndefined();
    expect(outlineOf('a: 1\nb:\n  c: 2\n')).toBeDefined();
  });
});
