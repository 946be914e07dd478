import { describe, expect, it } from 'vitest';
import { parseFile, parseText } from './parse.js';
import { PositionResolver } from './positions.js';
import { splitDocuments, SplitTexts } from './split.js';

const PA = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: shop
spec:
  mtls:
    mode: STRICT
`;

describe('splitDocuments', () => {
  it('splits on --- and ... lines and keeps each chunk\'s first line', () => {
    const chunks = splitDocuments(`a: 1\n---\nb: 2\n...\n---\nc: 3\n`);
    expect(chunks.map((c) => [c.text.trim(), c.lineOffset])).toEqual([
      ['a: 1', 0],
      ['---\nb: 2', 1],
      ['---\nc: 3', 4],
    ]);
  });

  it('does not split on --- inside a line or indented', () => {
    expect(splitDocuments(`a: "x --- y"\nb: |\n  ---\n`)).toHaveLength(1);
  });
});

describe('positions from the split a reader made', () => {
  it('places every object and field as a fresh split of the text does, CRLF and `...` included', () => {
    const text = `# shop\r\n${PA}...\r\n---\r\n${PA.replace('name: default', 'name: second')}--- {apiVersion: v1, kind: Namespace, metadata: {name: shop}}\r\n`.replace(/(?<!\r)\n/g, '\r\n');
    const parsed = parseFile(text, 'shop.yaml');
    expect(parsed.objects.map((o) => o.name)).toEqual(['default', 'second', 'shop']);
    const fresh = new PositionResolver(new Map([['shop.yaml', text]]));
    const reused = new PositionResolver(new SplitTexts([parsed]));
    for (const object of parsed.objects) {
      const span = object.source!;
      expect(reused.documentLine(span)).toBe(fresh.documentLine(span));
      for (const path of [['metadata', 'name'], ['spec', 'mtls', 'mode']]) expect(reused.locate(span, path)).toEqual(fresh.locate(span, path));
    }
    expect(parsed.objects.map((o) => reused.documentLine(o.source!))).toEqual([1, 11, 20]);
    expect(reused.locate(parsed.objects[1]!.source!, ['spec', 'mtls', 'mode'])?.line).toBe(19);
  });
});

describe('parseText', () => {
  it('reads every document of a multi-document file with its file and document number', () => {
    const { objects, problems } = parseText(`${PA}---\n${PA.replace('name: default', 'name: second')}`, 'pa.yaml');
    expect(problems).toEqual([]);
    expect(objects.map((o) => [o.name, o.source?.file, o.source?.document])).toEqual([
      ['default', 'pa.yaml', 0],
      ['second', 'pa.yaml', 1],
    ]);
  });

  it('reads kind: List (kubectl get -o yaml) and places positions inside items', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n${PA.split('\n').map((l, i) => (l ? (i === 0 ? `- ${l}` : `  ${l}`) : l)).join('\n')}`;
    const { objects } = parseText(list, 'list.yaml');
    expect(objects).toHaveLength(1);
    const at = new PositionResolver(new Map([['list.yaml', list]])).locate(objects[0]!.source!, ['spec', 'mtls', 'mode']);
    expect(at).toMatchObject({ line: 11, column: 13 });
  });

  it('reports a syntax error with file, line and column, and still loads the other documents', () => {
    const broken = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: [broken\n`;
    const { objects, problems } = parseText(broken, 'b.yaml');
    expect(objects.map((o) => o.name)).toEqual(['ok']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'yaml-syntax', file: 'b.yaml' });
    expect(problems[0]!.line).toBeGreaterThanOrEqual(9);
  });

  it('says a document nested too deeply to read is, on its first (---) line, and still loads the other documents', () => {
    const levels = 5_000;
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: ${'['.repeat(levels)}${']'.repeat(levels)}\n`;
    const { objects, problems } = parseText(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok\n---\n${deep}`, 'deep.yaml');
    expect(objects.map((o) => o.name)).toEqual(['ok']);
    expect(problems).toEqual([expect.objectContaining({ code: 'yaml-syntax', file: 'deep.yaml', line: 5, column: 1, message: expect.stringContaining('nested too deeply') })]);
  });

  it('keeps unknown kinds as plain objects', () => {
    const { objects, problems } = parseText(`apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: x\n`, 'w.yaml');
    expect(problems).toEqual([]);
    expect(objects[0]).toMatchObject({ kind: 'Widget', namespace: 'x', name: 'w' });
  });

  it('drops a PeerAuthentication with an invalid mode, naming the field', () => {
    const { objects, problems } = parseText(PA.replace('STRICT', 'STRIKT'), 'pa.yaml');
    expect(objects).toEqual([]);
    expect(problems[0]).toMatchObject({ code: 'invalid-value', path: ['spec', 'mtls', 'mode'] });
    expect(problems[0]!.message).toContain('"STRIKT"');
  });

  it('reads creationTimestamp whether YAML typed it as a date or a string', () => {
    const stamped = (ts: string) => PA.replace('  namespace: shop', `  namespace: shop\n  creationTimestamp: ${ts}`);
    const a = parseText(stamped('2024-01-01T00:00:00Z'), 'a.yaml').objects[0];
    const b = parseText(stamped('"2024-01-01T00:00:00Z"'), 'b.yaml').objects[0];
    expect(a?.creationTimestamp).toBe(b?.creationTimestamp);
  });
});

describe('objects the API server would reject', () => {
  it('drops a namespace-wide PeerAuthentication with portLevelMtls (CEL: portLevelMtls requires selector)', () => {
    const text = PA.replace('  mtls:\n    mode: STRICT\n', '  mtls:\n    mode: STRICT\n  portLevelMtls:\n    8080:\n      mode: DISABLE\n');
    const { objects, problems } = parseText(text, 'pa.yaml');
    expect(objects).toEqual([]);
    expect(problems[0]).toMatchObject({ code: 'invalid-value', path: ['spec', 'portLevelMtls'] });
  });
});

describe('parseFile after an edit', () => {
  const named = (name: string) => PA.replace('name: default', `name: ${name}`);
  const file = [named('a'), named('b'), named('c')].join('---\n');

  it('keeps the very objects of documents whose text and number did not change, and places them on their new lines', () => {
    const first = parseFile(file, 'f.yaml');
    const grown = file.replace('mode: STRICT', 'mode: PERMISSIVE\n  # one more line');
    const next = parseFile(grown, 'f.yaml', first);
    expect(next.objects[0]).not.toBe(first.objects[0]);
    expect(next.objects[1]).toBe(first.objects[1]);
    expect(next.objects[2]).toBe(first.objects[2]);
    const positions = new PositionResolver(new Map([['f.yaml', grown]]));
    const at = positions.locate(next.objects[2]!.source!, ['metadata', 'name']);
    expect(grown.split('\n')[at!.line - 1]).toBe('  name: c');
  });

  it('renumbers documents when one is inserted above them, without parsing them again', () => {
    const first = parseFile(file, 'f.yaml');
    const next = parseFile(file.replace(`---\n${named('b')}`, `---\n${named('z')}---\n${named('b')}`), 'f.yaml', first);
    expect(next.objects.map((o) => [o.name, o.source?.document])).toEqual([['a', 0], ['z', 1], ['b', 2], ['c', 3]]);
    expect(next.objects[0]).toBe(first.objects[0]);
    // Moved, not re-read: the same parsed document behind a new number.
    expect(next.objects[2]!.raw).toBe(first.objects[1]!.raw);
  });

  it('places a problem of a later document on its new line after lines are added above', () => {
    const broken = `${named('a')}---\n${named('b').replace('STRICT', 'STRIKT')}`;
    const first = parseFile(broken, 'f.yaml');
    const next = parseFile(broken.replace('spec:', 'spec:\n  # added'), 'f.yaml', first);
    expect(next.problems[0]!.line).toBe(first.problems[0]!.line! + 1);
  });
});
