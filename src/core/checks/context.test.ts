import { describe, expect, it } from 'vitest';
import { objectsFromYaml } from '../../testing/demo-mesh.js';
import { buildSnapshot } from '../model/snapshot.js';
import { MtlsEngine } from '../mtls/engine.js';
import { CheckContext } from './context.js';

// A mesh described by its manifests alone: Deployments, no live Pods.
const yaml = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a, namespace: shop}\nspec: {template: {metadata: {labels: {app: a}}}}\n';

describe('the check context', () => {
  it('builds an index over a kind the files do not hold once, however many objects ask', () => {
    const ctx = new CheckContext(new MtlsEngine(buildSnapshot(objectsFromYaml(yaml))));
    let built = 0;
    for (let asked = 0; asked < 3; asked++) ctx.memoOn(ctx.objectsOfKind('Pod'), 'pods-by-owner', () => ++built);
    expect(ctx.objectsOfKind('Pod')).toHaveLength(0);
    expect(built).toBe(1);
  });
});
