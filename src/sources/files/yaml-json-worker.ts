// The second thread of a large read (parallel-reading.ts): takes the next file nobody has claimed, writes its
// documents as JSON text, and posts them. JSON text is a string, which crosses threads as one copy; the
// objects are built on the main thread by JSON.parse, which is cheaper than copying built objects over.
import { workerData } from 'node:worker_threads';
import { documentsAsJson, type DocumentJson } from '../../documents/fast-yaml.js';
import type { ReadingShare, WrittenFile } from './parallel-reading.js';

const { texts, claims, results } = workerData as ReadingShare;
const next = new Int32Array(claims);
for (let index = Atomics.add(next, 0, 1); index < texts.length; index = Atomics.add(next, 0, 1)) {
  let json: DocumentJson[] | undefined;
  try {
    json = documentsAsJson(texts[index]!);
  } catch {
    // The main thread parses this file itself and meets the same failure where it reports problems.
  }
  results.postMessage({ index, json } satisfies WrittenFile);
}
