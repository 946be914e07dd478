import { afterEach, describe, expect, it } from 'vitest';
import { keyOf, type MeshObject } from '../../core/index.js';
import { documentsAsJson } from '../../documents/fast-yaml.js';
import { parseText } from '../../documents/parse.js';
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

  it('the second thread writes each file it claims exactly as this thread would', async () => {
    const texts = Array.from({ length: 8 }, (_, n) => manifests(`ns-${n}`, 300));
    const reading = ParallelReading.start(texts);
    expect(reading).toBeDefined();
    try {
      // Let it claim everything, so every file below comes from the other thread.
      const deadline = Date.now() + 30_000;
      while (reading!.claimed < texts.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      const seen: number[] = [];
      const written = await reading!.parseAll((index, json) => {
        seen.push(index);
        return json;
      });
      expect(seen.sort((a, b) => a - b)).toEqual(texts.map((_, i) => i));
      expect(written).toEqual(texts.map((text) => documentsAsJson(text)));
    } finally {
      await reading!.close();
    }
  });

  it('starts no thread for a small configuration', () => {
    expect(ParallelReading.start([manifests('a', 20), manifests('b', 20)])).toBeUndefined();
  });
});
