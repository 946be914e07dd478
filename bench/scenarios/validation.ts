// Validation figures on the synthetic mesh: a full run of every checker, and one edited object re-checked
// incrementally by the Validator (the console's path after a save).
import { checkers, CheckContext, checkSnapshot, MtlsEngine, normalizeObject, Validator, type PeerAuthentication, type Snapshot } from '../../src/core/index.js';
import { repeat } from '../measure.js';

export interface ValidationFigures {
  objects: number;
  findings: number;
  full: ReturnType<typeof repeat>;
  incrementalPeerAuthentication: ReturnType<typeof repeat> & { recheckedObjects: number };
  limits: { fullMs: number; incrementalMs: number; withinLimits: boolean };
}

export function benchValidation(snapshot: Snapshot): ValidationFigures {
  let findings = 0;
  let objects = 0;
  const full = repeat(3, () => {
    const result = checkSnapshot(new CheckContext(new MtlsEngine(snapshot)), checkers);
    objects = result.length;
    findings = result.reduce((n, v) => n + v.checks.length, 0);
  });

  let engine = new MtlsEngine(snapshot);
  let validator = Validator.full(engine, checkers);
  const target = snapshot.peerAuthentications.find((pa) => pa.selector === undefined && pa.namespace !== snapshot.meshConfig.rootNamespace);
  if (!target) throw new Error('synthetic mesh has no namespace-wide PeerAuthentication');
  const modes = ['DISABLE', 'PERMISSIVE', 'STRICT'] as const;
  let rechecked = 0;
  const incremental = repeat(15, (run) => {
    const result = normalizeObject({ ...target.raw, spec: { mtls: { mode: modes[run % 3] } } }, target.source);
    if (result.type !== 'object') throw new Error(result.problem.message);
    const change = { type: 'upsert' as const, object: result.object as PeerAuthentication };
    engine = engine.with([change]);
    const update = validator.with(engine, [change]);
    validator = update.validator;
    rechecked = update.rechecked.length;
  });
  return {
    objects,
    findings,
    full,
    incrementalPeerAuthentication: { ...incremental, recheckedObjects: rechecked },
    limits: { fullMs: 2000, incrementalMs: 20, withinLimits: full.medianMs <= 2000 && incremental.medianMs <= 20 },
  };
}

