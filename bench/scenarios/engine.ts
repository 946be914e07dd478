// Engine figures on the synthetic mesh: load, effective status of every workload port, and one edited
// PeerAuthentication re-evaluated incrementally.
import { buildSnapshot, MtlsEngine, normalizeObject, statusReport, type MeshObject, type PeerAuthentication, type Problem, type Snapshot } from '../../src/core/index.js';
import { parseText } from '../../src/documents/parse.js';
import type { GeneratedMesh } from '../generate-mesh.js';
import { repeat, round, time } from '../measure.js';

export interface EngineFigures {
  loadMs: number;
  snapshotMs: number;
  workloadPorts: number;
  fullStatus: { coldMs: number; warm: ReturnType<typeof repeat> };
  incrementalPeerAuthentication: ReturnType<typeof repeat> & { namespace: string };
  limits: { fullStatusMs: number; incrementalMs: number; withinLimits: boolean };
}

export function loadMesh(mesh: GeneratedMesh): { objects: MeshObject[]; problems: Problem[] } {
  const objects: MeshObject[] = [];
  const problems: Problem[] = [];
  for (const file of mesh.files) {
    const parsed = parseText(file.text, file.name);
    objects.push(...parsed.objects);
    problems.push(...parsed.problems);
  }
  return { objects, problems };
}

export function benchEngine(mesh: GeneratedMesh): { figures: EngineFigures; engine: MtlsEngine; snapshot: Snapshot } {
  const load = time(() => loadMesh(mesh));
  if (load.value.problems.length > 0) throw new Error(`synthetic mesh has load problems: ${load.value.problems[0]?.message}`);
  const snapshot = time(() => buildSnapshot(load.value.objects, load.value.problems));
  // "Effective status for every workload port" from a fresh engine: index build plus every roll-up.
  const cold = time(() => statusReport(new MtlsEngine(snapshot.value)));
  const workloadPorts = cold.value.workloads.reduce((n, w) => n + w.ports.length, 0);
  const warm = repeat(3, () => statusReport(new MtlsEngine(snapshot.value)));

  let engine = new MtlsEngine(snapshot.value);
  statusReport(engine);
  const target = snapshot.value.peerAuthentications.find((pa) => pa.selector === undefined && pa.namespace !== snapshot.value.meshConfig.rootNamespace);
  if (!target) throw new Error('synthetic mesh has no namespace-wide PeerAuthentication');
  const modes = ['DISABLE', 'PERMISSIVE', 'STRICT'] as const;
  const incremental = repeat(15, (run) => {
    const raw = { ...target.raw, spec: { mtls: { mode: modes[run % 3] } } };
    const result = normalizeObject(raw, target.source);
    if (result.type !== 'object') throw new Error(result.problem.message);
    engine = engine.with([{ type: 'upsert', object: result.object as PeerAuthentication }]);
    // What a UI needs after the edit: the namespace's roll-up and the mesh lock.
    engine.namespace(target.namespace);
    engine.mesh();
  });
  return {
    engine,
    snapshot: snapshot.value,
    figures: {
      loadMs: round(load.ms),
      snapshotMs: round(snapshot.ms),
      workloadPorts,
      fullStatus: { coldMs: round(cold.ms), warm },
      incrementalPeerAuthentication: { ...incremental, namespace: target.namespace },
      limits: { fullStatusMs: 1000, incrementalMs: 20, withinLimits: cold.ms <= 1000 && incremental.medianMs <= 20 },
    },
  };
}
