// The masthead lock is the mesh line of `meshlock status`: same lock, same mode, same deciding object.
import { describe, expect, it } from 'vitest';
import { MeshSummary, StatusReport } from '../api/schemas.js';
import { testConsole } from '../testing/console-server.js';
import { cli } from '../testing/run-cli.js';

const meshPolicy = (mode: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: istio-system
spec:
  mtls:
    mode: ${mode}
`;

interface Case {
  name: string;
  files: Record<string, string>;
  lock: string;
  mode: string;
  decidedBy: string | null;
}

describe('masthead lock', () => {
  it.each<Case>([
    { name: 'mesh-wide STRICT PeerAuthentication: full', files: { 'mesh-policy.yaml': meshPolicy('STRICT') }, lock: 'full', mode: 'STRICT', decidedBy: 'PeerAuthentication/istio-system/default' },
    // travel-payments keeps its own STRICT policy: the mesh is MIXED.
    { name: 'mesh-wide PERMISSIVE PeerAuthentication: hollow', files: { 'mesh-policy.yaml': meshPolicy('PERMISSIVE') }, lock: 'hollow', mode: 'MIXED', decidedBy: 'PeerAuthentication/istio-system/default' },
    { name: 'no policy (the demo): hollow, Istio default', files: {}, lock: 'hollow', mode: 'MIXED', decidedBy: null },
    { name: 'mesh-wide DISABLE, the ambient namespace left out: no lock', files: { 'mesh-policy.yaml': meshPolicy('DISABLE'), 'travel-payments.yaml': '' }, lock: 'none', mode: 'DISABLE', decidedBy: 'PeerAuthentication/istio-system/default' },
    { name: 'mesh-wide DISABLE beside the STRICT ambient namespace: hollow', files: { 'mesh-policy.yaml': meshPolicy('DISABLE') }, lock: 'hollow', mode: 'MIXED', decidedBy: 'PeerAuthentication/istio-system/default' },
  ])('$name, as `meshlock status` says', async ({ files, lock, mode, decidedBy }) => {
    const c = await testConsole({ files });
    try {
      const mesh = MeshSummary.parse((await c.app.inject({ url: '/api/mesh' })).json());
      expect(mesh).toMatchObject({ lock, mode, decidedBy });
      const status = StatusReport.parse(JSON.parse((await cli(['status', c.dir, '-o', 'json'], c.dir)).stdout));
      expect({ lock: mesh.lock, mode: mesh.mode, decidedBy: mesh.decidedBy, status: mesh.status, autoMtls: mesh.autoMtls }).toEqual({
        lock: status.mesh.lock,
        mode: status.mesh.mode,
        decidedBy: status.mesh.decidedBy,
        status: status.mesh.status,
        autoMtls: status.mesh.autoMtls,
      });
    } finally {
      await c.close();
    }
  });

  it('follows an edit: STRICT made PERMISSIVE through the API turns the lock hollow', async () => {
    const c = await testConsole({ files: { 'mesh-policy.yaml': meshPolicy('STRICT') } });
    try {
      const url = '/api/config/istio-system/PeerAuthentication/default';
      const pa = (await c.app.inject({ url })).json<{ yaml: string; resourceVersion: string }>();
      await c.app.inject({ method: 'PUT', url, headers: c.headers, payload: { yaml: pa.yaml.replace('STRICT', 'PERMISSIVE'), resourceVersion: pa.resourceVersion } });
      expect(MeshSummary.parse((await c.app.inject({ url: '/api/mesh' })).json()).lock).toBe('hollow');
    } finally {
      await c.close();
    }
  });
});
