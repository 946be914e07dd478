// Incremental validation gives the same results as a full run, and re-checks only what depends on a change.
import { describe, expect, it } from 'vitest';
import { objectsFromYaml } from '../../testing/demo-mesh.js';
import { buildSnapshot } from '../model/snapshot.js';
import type { MeshObject } from '../model/types.js';
import { MtlsEngine, type Change } from '../mtls/engine.js';
import { CheckContext } from './context.js';
import { checkers } from './registry.js';
import { checkSnapshot, type ObjectValidation } from './run.js';
import { Validator } from './validator.js';

const namespaceYaml = (ns: string) => `apiVersion: v1
kind: Namespace
metadata: {name: ${ns}, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: ${ns}}
spec: {selector: {app: reviews}, ports: [{name: http, port: 9080}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews, namespace: ${ns}}
spec:
  template:
    metadata: {labels: {app: reviews}}
    spec: {serviceAccountName: reviews, containers: [{name: app, ports: [{containerPort: 9080}]}]}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: ${ns}}
spec: {mtls: {mode: DISABLE}}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: policy, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: reviews}}
  rules: [{from: [{source: {principals: [cluster.local/ns/${ns}/sa/reviews]}}]}]
---
`;
const YAML = ['a', 'b', 'c'].map(namespaceYaml).join('');

function objectsOf(yaml: string): MeshObject[] {
  return objectsFromYaml(yaml);
}

const summary = (results: readonly ObjectValidation[]) =>
  results.map((r) => `${r.kind}/${r.namespace}/${r.name} ${r.valid} ${r.checks.map((c) => c.code).join(',')}`).sort();

function full(engine: MtlsEngine) {
  return summary(checkSnapshot(new CheckContext(engine), checkers));
}

describe('Validator', () => {
  const [dr] = objectsOf(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ns, namespace: b}
spec: {host: "*.b.svc.cluster.local", trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}}
`);
  const [strict] = objectsOf(`apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: a}
spec: {mtls: {mode: STRICT}}
`);
  const [meshPa] = objectsOf(`apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec: {mtls: {mode: STRICT}}
`);
  const others = objectsOf(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: a}
spec:
  hosts: [reviews.b.svc.cluster.local]
  http: [{route: [{destination: {host: reviews.b.svc.cluster.local, subset: v1}}]}]
---
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: b}
spec: {selector: {app: reviews}, ports: [{name: tcp-db, port: 9080}]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: b}
spec: {host: reviews, subsets: [{name: v1, labels: {version: v1}}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews, namespace: b}
spec:
  template:
    metadata: {labels: {app: reviews, version: v1}}
    spec: {serviceAccountName: reviews, containers: [{name: app, ports: [{containerPort: 9080}]}]}
---
apiVersion: v1
kind: Namespace
metadata: {name: d}
`);
  const changes: Change[] = [
    { type: 'upsert', object: dr as MeshObject },
    { type: 'upsert', object: strict as MeshObject },
    ...others.map((object): Change => ({ type: 'upsert', object })),
    { type: 'upsert', object: meshPa as MeshObject },
    { type: 'delete', ref: { kind: 'DestinationRule', namespace: 'b', name: 'ns' } },
    { type: 'delete', ref: { kind: 'Deployment', namespace: 'c', name: 'reviews' } },
    { type: 'delete', ref: { kind: 'Service', namespace: 'b', name: 'reviews' } },
    { type: 'delete', ref: { kind: 'AuthorizationPolicy', namespace: 'c', name: 'policy' } },
  ];

  it('matches a full run after every change, and leaves the revision it came from as it was', () => {
    let engine = new MtlsEngine(buildSnapshot(objectsOf(YAML)));
    let validator = Validator.full(engine, checkers);
    expect(summary(validator.validations())).toEqual(full(engine));
    for (const change of changes) {
      const before = { engine, validator, summary: summary(validator.validations()) };
      engine = engine.with([change]);
      validator = validator.with(engine, [change]).validator;
      expect(summary(validator.validations())).toEqual(full(engine));
      expect(summary(before.validator.validations())).toEqual(before.summary);
      expect(summary(before.validator.validations())).toEqual(full(before.engine));
    }
  });

  it('re-checks the namespace of a change, not the others; a root namespace change re-checks everything checked', () => {
    let engine = new MtlsEngine(buildSnapshot(objectsOf(YAML)));
    let validator = Validator.full(engine, checkers);
    const namespaces = (refs: readonly { namespace: string }[]) => [...new Set(refs.map((r) => r.namespace))].sort();
    const apply = (change: Change) => {
      engine = engine.with([change]);
      const update = validator.with(engine, [change]);
      validator = update.validator;
      return namespaces(update.rechecked);
    };
    expect(apply({ type: 'upsert', object: dr as MeshObject })).toEqual(['b']);
    expect(apply({ type: 'upsert', object: strict as MeshObject })).toEqual(['a']);
    expect(apply({ type: 'upsert', object: meshPa as MeshObject })).toEqual(['a', 'b', 'c', 'istio-system']);
  });
});
