// The second thread of a large read (parallel-reading.ts): once sent the texts, takes the next part nobody
// has claimed, writes its documents as JSON text, and posts them. JSON text is a string, which crosses
// threads as one copy; the objects are built on the main thread by JSON.parse, which is cheaper than
// copying built objects over.
import { parentPort } from 'node:worker_threads';
import type { ReadingShare, WrittenPart } from './parallel-reading.js';
import { FileDocuments, writePart } from './reading-parts.js';

parentPort!.once('message', ({ texts, table, claims, results }: ReadingShare) => {
  const next = new Int32Array(claims);
  const documents = new FileDocuments(texts, table);
  for (let claim = Atomics.add(next, 0, 1); claim < table.file.length; claim = Atomics.add(next, 0, 1)) {
    const json = writePart(documents.of(table.file[claim]!), table.part[claim]!);
    results.postMessage({ claim, json } satisfies WrittenPart);
  }
});
