import { afterEach, describe, expect, it } from 'vitest';
import { keyOf, type MeshObject } from '../../core/index.js';
import { parseFile, parseText, type ParsedFile } from '../../documents/parse.js';
import { tempFolders } from '../../testing/temp-dirs.js';
import { FileSource } from './file-source.js';
import { ParallelReading } from './parallel-reading.js';

/** About `kilobytes` of manifests in namespace `ns`: Deployments, Services and policies, as a mesh repo holds. */
function manifests(ns: string, kilobytes: number): string {
  const documents: string[] = [];
  for (let i = 0, size = 0; size < kilobytes * 1024; i++) {
    const doc = [
      `apiVersion: apps/v1`,
      `kind: Deployment`,
      `metadata:`,
      `  name: app-${i}`,
      `  namespace: ${ns}`,
      `  labels:`,
      `    app: app-${i}`,
      `spec:`,
      `  selector:`,
      `    matchLabels:`,
      `      app: app-${i}`,
      `  template:`,
      `    metadata:`,
      `      labels:`,
      `        app: app-${i}`,
      `    spec:`,
      `      containers:`,
      `        - name: main`,
      `          image: "registry.example/app:${i}"`,
      `          ports:`,
      `            - containerPort: ${8000 + (i % 50)}`,
      `---`,
      `apiVersion: v1`,
      `kind: Service`,
      `metadata: {name: app-${i}, namespace: ${ns}}`,
      `spec:`,
      `  selector:`,
      `    app: app-${i}`,
      `  ports:`,
      `    - name: http`,
      `      port: 80`,
      `      targetPort: ${8000 + (i % 50)}`,
    ].join('\n');
    documents.push(doc);
    size += doc.length;
  }
  return documents.join('\n---\n') + '\n';
}

const folder = tempFolders('meshlock-parallel-');
const opened: FileSource[] = [];
afterEach(async () => {
  for (const source of opened.splice(0)) await source.close();
});

describe('reading a large configuration on two threads', () => {
  it('gives every file the objects and problems that parsing it alone gives, in file order', async () => {
    const files: Record<string, string> = {};
    for (let n = 0; n < 6; n++) files[`ns-${n}.yaml`] = manifests(`ns-${n}`, 500);
    // Documents the fast reader declines, a syntax error and a duplicate object: js-yaml and the store place them.
    files['ns-2.yaml'] += '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ns-2, labels: {istio-injection: enabled}}\n---\nkind: [\n';
    files['ns-4.yaml'] += '---\n' + manifests('ns-0', 2);
    const dir = folder(files);
    const source = await FileSource.open([dir], dir, { watch: false });
    opened.push(source);
    const contents = source.contents();

    const expected = Object.keys(files)
      .sort()
      .map((name) => parseText(files[name]!, name));
    // The store keeps the first definition of each object, in file order.
    const first = new Map<string, MeshObject>();
    for (const { objects } of expected) for (const object of objects) if (!first.has(keyOf(object))) first.set(keyOf(object), object);
    const shown = (objects: Iterable<MeshObject>) => JSON.stringify([...objects].map((o) => [keyOf(o), o.source, o.raw]));
    expect(contents.objects.length).toBeGreaterThan(3_000);
    expect(shown(contents.objects)).toBe(shown(first.values()));
    const syntax = contents.problems.filter((p) => p.code === 'yaml-syntax');
    expect(syntax).toEqual(expected.flatMap((e) => e.problems.filter((p) => p.code === 'yaml-syntax')));
    expect(syntax).toHaveLength(1);
    expect(contents.problems.some((p) => p.code === 'duplicate-object' && p.file === 'ns-4.yaml')).toBe(true);
  });

  it('what the second thread writes builds the very objects and problems this thread would parse', async () => {
    const files = Array.from({ length: 8 }, (_, n) => ({ name: `ns-${n}.yaml`, text: manifests(`ns-${n}`, 300) }));
    // A document outside the fast reader's subset and a syntax error, in the parts the other thread writes.
    files[3] = { name: 'ns-3.yaml', text: `${files[3]!.text}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ns-3, labels: {a: "#1"}}\n---\nkind: [\n` };
    const reading = ParallelReading.start(files.reduce((sum, file) => sum + file.text.length, 0));
    expect(reading).toBeDefined();
    try {
      reading!.share(files);
      // Let it claim everything, so every part below comes from the other thread.
      const deadline = Date.now() + 30_000;
      while (!reading!.allClaimed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(reading!.allClaimed).toBe(true);
      const parsed = await reading!.parseAll();
      const shown = (file: ParsedFile) => JSON.stringify([file.name, file.objects.map((o) => [keyOf(o), o.source, o.raw]), file.problems]);
      expect(parsed.map(shown)).toEqual(files.map((file) => shown(parseFile(file.text, file.name))));
      expect(parsed[3]!.problems.filter((p) => p.code === 'yaml-syntax')).toHaveLength(1);
    } finally {
      await reading!.close();
    }
  });

  it('parses every part itself when the other thread stops before writing them all', async () => {
    const files = Array.from({ length: 4 }, (_, n) => ({ name: `ns-${n}.yaml`, text: manifests(`ns-${n}`, 600) }));
    const reading = ParallelReading.start(files.reduce((sum, file) => sum + file.text.length, 0));
    expect(reading).toBeDefined();
    try {
      reading!.share(files);
      // The thread dies (out of memory, killed) as it claims the last part, before it can post it.
      const deadline = Date.now() + 30_000;
      while (!reading!.allClaimed && Date.now() < deadline);
      await (reading as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
      const parsed = await reading!.parseAll();
      const shown = (file: ParsedFile) => JSON.stringify([file.name, file.objects.map((o) => [keyOf(o), o.source, o.raw]), file.problems]);
      expect(parsed.map(shown)).toEqual(files.map((file) => shown(parseFile(file.text, file.name))));
    } finally {
      await reading!.close();
    }
  });

  it('shares one large file between both threads, part by part', async () => {
    const file = { name: 'all.yaml', text: Array.from({ length: 6 }, (_, n) => manifests(`ns-${n}`, 500)).join('---\n') };
    const reading = ParallelReading.start(file.text.length);
    expect(reading).toBeDefined();
    try {
      reading!.share([file]);
      const [parsed] = await reading!.parseAll();
      const expected = parseFile(file.text, file.name);
      expect(parsed!.objects.length).toBeGreaterThan(3_000);
      expect(JSON.stringify(parsed!.objects.map((o) => [keyOf(o), o.source, o.raw]))).toBe(JSON.stringify(expected.objects.map((o) => [keyOf(o), o.source, o.raw])));
      expect(parsed!.chunks.map((c) => [c.start, c.lineOffset, c.document])).toEqual(expected.chunks.map((c) => [c.start, c.lineOffset, c.document]));
    } finally {
      await reading!.close();
    }
  });

  it('reads one file of 130,000 objects, more than a call can take as arguments', async () => {
    const documents = Array.from({ length: 130_000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c-${i}\n  namespace: ns-${i % 100}\n`);
    const dir = folder({ 'all.yaml': documents.join('---\n') });
    const source = await FileSource.open([dir], dir, { watch: false });
    opened.push(source);
    const { objects, problems } = source.contents();
    expect(problems).toEqual([]);
    expect(objects).toHaveLength(130_000);
    expect([objects[0]!.name, objects.at(-1)!.name]).toEqual(['c-0', 'c-129999']);
  });

  it('starts no thread for a small configuration', () => {
    expect(ParallelReading.start(40 * 1024)).toBeUndefined();
  });
});
