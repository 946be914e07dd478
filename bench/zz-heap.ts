import '../src/cli/jit-budget.js';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { MeshStore } from '../src/core/index.js';
import { FileSource } from '../src/sources/files/file-source.js';
const session = new Session();
session.connect();
await session.post('HeapProfiler.startSampling', { samplingInterval: 16384 });
const dir = process.argv[2]!;
const source = await FileSource.open([dir], dir, { watch: false, viewOnly: true });
await source.close();
const contents = source.contents();
const phase = process.argv[3] ?? 'store';
let keep: unknown = contents;
if (phase !== 'parse') { const revision = new MeshStore(contents).current; keep = revision; if (phase === 'checks') revision.validator(); }
const { profile } = await session.post('HeapProfiler.getSamplingProfile');
writeFileSync(process.argv[4] ?? '/tmp/heap.json', JSON.stringify(profile));
console.log(typeof keep);
