import { describe, expect, it } from 'vitest';
import { validateTexts } from './validation.js';

const policy = (mode: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: shop}
spec: {mtls: {mode: ${mode}}}
`;

const MESH_CONFIG = `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: "a: [broken"
`;

describe('load problems found after reading', () => {
  it('puts a second definition on its own line and names the first one by file and line', () => {
    const report = validateTexts(new Map([['a.yaml', `# header\n${policy('STRICT')}---\n${policy('DISABLE')}`]]));
    expect(report.summary.problems).toEqual([
      { code: 'duplicate-object', message: 'PeerAuthentication/shop/default is defined again (first in a.yaml:1); the first definition is used', file: 'a.yaml', line: 6, column: 1 },
    ]);
  });

  it('puts a mesh config that is not YAML on the line of its ConfigMap document', () => {
    const report = validateTexts(new Map([['mesh.yaml', `${policy('STRICT')}---\n${MESH_CONFIG}`]]));
    expect(report.summary.problems).toMatchObject([{ code: 'yaml-syntax', file: 'mesh.yaml', line: 5, column: 1 }]);
  });
});
