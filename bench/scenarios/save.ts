// The console's own path after a save, at the size of the quality bars: a PeerAuthentication saved through
// the file source (the same write the console's Save makes), the store's next revision with its validations
// re-checked incrementally, and the locks the overview shows (the namespace's and the mesh's). Measured from
// the write's start until all of that is ready on the server; the bar is 50 ms.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyOf } from '../../src/core/index.js';
import { documentIn, objectAt } from '../../src/reports/revision.js';
import { FileSource } from '../../src/sources/files/file-source.js';
import { LiveMesh } from '../../src/sources/live-mesh.js';
import type { GeneratedMesh } from '../generate-mesh.js';
import { median, round } from '../measure.js';

export interface SaveFigures {
  /** Reading the files into the store and validating the first revision, as `serve` does before it listens. */
  startMs: number;
  saveToUpdated: { medianMs: number; p90Ms: number; maxMs: number; runs: number };
  /** Objects in the revision's change: only the policy (documents after it keep their objects). */
  changedObjects: number;
  limits: { saveToUpdatedMs: number; withinLimits: boolean };
}

const RUNS = 15;
const MODES = ['STRICT', 'DISABLE', 'PERMISSIVE'] as const;

export async function benchSave(mesh: GeneratedMesh): Promise<SaveFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'meshlock-bench-save-'));
  try {
    for (const file of mesh.files) writeFileSync(join(dir, file.name), file.text);
    const started = performance.now();
    const source = await FileSource.open([dir], dir, { watch: false });
    const live = new LiveMesh(source);
    live.current.validator();
    const startMs = performance.now() - started;
    const first = live.current.snapshot;
    const target = first.peerAuthentications.find((pa) => pa.selector === undefined && pa.namespace !== first.meshConfig.rootNamespace);
    if (!target) throw new Error('the synthetic mesh has no namespace-wide PeerAuthentication');
    const samples: number[] = [];
    let changed = 0;
    for (let run = 0; run < RUNS; run++) {
      const revision = live.current;
      const object = objectAt(revision, target);
      const document = object && documentIn(revision, object);
      if (!document) throw new Error(`${keyOf(target)} has no document`);
      // Another mode than the one saved, so every save changes the policy.
      const current = /mode: (\w+)/.exec(document.text)?.[1];
      const mode = MODES.filter((m) => m !== current)[run % 2] ?? 'STRICT';
      const text = document.text.replace(/mode: \w+/, `mode: ${mode}`);
      const begin = performance.now();
      const result = await source.write({ op: 'replace', ref: target, text, version: document.version });
      if (!result.ok) throw new Error(`the save was refused: ${result.message}`);
      const next = live.current;
      next.validator();
      const lock = next.engine.namespace(target.namespace).lock;
      next.engine.mesh();
      samples.push(performance.now() - begin);
      if (next === revision || (mode === 'STRICT' && lock !== 'full' && lock !== 'hollow')) throw new Error(`the save did not reach the store (revision ${revision.number} → ${next.number}, lock ${lock})`);
      changed = next.changes.length;
    }
    live.close();
    await source.close();
    samples.sort((a, b) => a - b);
    const medianMs = median(samples);
    return {
      startMs: round(startMs),
      saveToUpdated: { medianMs: round(medianMs), p90Ms: round(samples[Math.floor(samples.length * 0.9)] ?? 0), maxMs: round(samples.at(-1) ?? 0), runs: RUNS },
      changedObjects: changed,
      limits: { saveToUpdatedMs: 50, withinLimits: medianMs <= 50 },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
