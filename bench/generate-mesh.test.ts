import { describe, it, expect } from 'vitest';
import { loadAll } from 'js-yaml';
import { generateMesh } from './generate-mesh.js';

const ISTIO_KINDS = new Set(['PeerAuthentication', 'DestinationRule', 'AuthorizationPolicy', 'VirtualService']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

describe('generateMesh', () => {
  it('is deterministic for a seed', () => {
    const options = { namespaces: 30, workloadsPerNamespace: 5, seed: 42 };
    expect(generateMesh(options)).toEqual(generateMesh(options));
    expect(generateMesh({ ...options, seed: 43 }).files).not.toEqual(generateMesh(options).files);
  });

  it('counts workloads, services and about 5 Istio objects per namespace', () => {
    const { counts, files } = generateMesh({ namespaces: 20, workloadsPerNamespace: 10, seed: 7 });
    expect(counts.namespaces).toBe(21); // plus istio-system
    expect(counts.workloads).toBe(200);
    expect(counts.services).toBe(200);
    expect(counts.istioObjects).toBeGreaterThanOrEqual(70);
    expect(counts.istioObjects).toBeLessThanOrEqual(130);
    expect(counts.documents).toBe(counts.namespaces + counts.workloads + counts.services + counts.istioObjects + 1);
    expect(files.map((f) => f.name)).toEqual(['istio-system.yaml', 'mesh-000.yaml']);
  });

  it('writes one file per 100 namespaces', () => {
    const { files } = generateMesh({ namespaces: 250, workloadsPerNamespace: 1 });
    expect(files.map((f) => f.name)).toEqual(['istio-system.yaml', 'mesh-000.yaml', 'mesh-001.yaml', 'mesh-002.yaml']);
  });

  it('emits valid YAML whose documents match the counts', () => {
    const { files, counts } = generateMesh({ namespaces: 20, workloadsPerNamespace: 10, seed: 7 });
    const kinds = new Map<string, number>();
    let documents = 0;
    for (const file of files) {
      for (const doc of loadAll(file.text)) {
        documents++;
        expect(isRecord(doc)).toBe(true);
        if (!isRecord(doc) || !isRecord(doc.metadata)) throw new Error(`${file.name}: document without metadata`);
        expect(typeof doc.kind).toBe('string');
        expect(typeof doc.metadata.name).toBe('string');
        // Quoted in the YAML, so it stays a string rather than a Date.
        expect(typeof doc.metadata.creationTimestamp).toBe('string');
        kinds.set(String(doc.kind), (kinds.get(String(doc.kind)) ?? 0) + 1);
      }
    }
    expect(documents).toBe(counts.documents);
    expect(kinds.get('Namespace')).toBe(counts.namespaces);
    expect(kinds.get('Deployment')).toBe(counts.workloads);
    expect(kinds.get('Service')).toBe(counts.services);
    const istio = [...kinds].filter(([kind]) => ISTIO_KINDS.has(kind)).reduce((sum, [, n]) => sum + n, 0);
    expect(istio).toBe(counts.istioObjects);
    for (const kind of ISTIO_KINDS) expect(kinds.get(kind)).toBeGreaterThan(0);
  });

  it('keeps the mesh config readable and wildcard hosts quoted', () => {
    const { files } = generateMesh({ namespaces: 100, workloadsPerNamespace: 10, seed: 3 });
    const docs = files.flatMap((f) => loadAll(f.text)).filter(isRecord);
    const configMap = docs.find((d) => d.kind === 'ConfigMap');
    expect(isRecord(configMap) && isRecord(configMap.data) ? loadAll(String(configMap.data.mesh)) : null).toEqual([
      { enableAutoMtls: true, rootNamespace: 'istio-system', trustDomain: 'cluster.local' },
    ]);
    const hosts = docs.filter((d) => d.kind === 'DestinationRule').map((d) => (isRecord(d.spec) ? d.spec.host : undefined));
    expect(hosts.every((h) => typeof h === 'string')).toBe(true);
    expect(hosts.some((h) => /^\*\.ns-\d{4}\.svc\.cluster\.local$/.test(String(h)))).toBe(true);
  });
});
