// What-if and STRICT readiness on the synthetic mesh: a namespace-wide STRICT PeerAuthentication tried against
// every caller of the namespace (20,000 callers × the namespace's endpoints, on both sides), as the editor's
// what-if panel and the readiness page ask it. Five runs on a fresh engine, the first of them cold.
import { changesFromObjects, MtlsEngine, normalizeObject, readiness, whatIf, type Snapshot } from '../../src/core/index.js';
import { repeat } from '../measure.js';

export function benchWhatIf(snapshot: Snapshot) {
  const engine = new MtlsEngine(snapshot);
  const namespace = engine.namespaceNames().find((n) => n !== snapshot.meshConfig.rootNamespace && engine.services.workloadsIn(n).length > 0);
  if (!namespace) throw new Error('synthetic mesh has no namespace with workloads');
  const raw = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace }, spec: { mtls: { mode: 'STRICT' } } };
  const normalized = normalizeObject(raw, undefined);
  if (normalized.type !== 'object') throw new Error(normalized.problem.message);
  const changes = changesFromObjects([normalized.object]);
  let compared = 0;
  const namespacePolicy = repeat(5, () => {
    const result = whatIf(engine, changes);
    if ('error' in result) throw new Error(result.error);
    compared = result.summary.compared;
  });
  const strictReadiness = repeat(5, () => readiness(engine, [{ namespace }], { windowSeconds: 600 }));
  return { namespace, edgesComparedPerSide: compared, whatIfNamespacePolicy: namespacePolicy, readiness: strictReadiness };
}
