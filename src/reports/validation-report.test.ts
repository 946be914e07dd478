import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ObjectRef } from '../core/index.js';
import { FileSource } from '../sources/files/file-source.js';
import { LiveMesh } from '../sources/live-mesh.js';
import { documentIn, objectAt } from './revision.js';
import { validateTexts, validationReport } from './validation.js';

// A STRICT policy, then a DestinationRule that disables TLS for the namespace (KIA0207 on line 14), in one file.
const FILE = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: shop}
spec:
  mtls:
    mode: STRICT
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: plain, namespace: shop}
spec:
  host: "*.shop.svc.cluster.local"
  trafficPolicy:
    tls: {mode: DISABLE}
`;
const PA: ObjectRef = { kind: 'PeerAuthentication', namespace: 'shop', name: 'default' };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the validation report after a save', () => {
  it('places every finding where a fresh read of the saved file places it, also for documents below the edit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshlock-report-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'shop.yaml'), FILE);
    const source = await FileSource.open([dir], dir, { watch: false });
    const live = new LiveMesh(source);
    cleanups.push(() => source.close(), () => live.close());
    const before = validationReport(live.current);
    const lines = (report: typeof before) => report.objects.flatMap((o) => o.checks.map((c) => `${o.kind}/${o.name} ${c.code} ${c.line}:${c.column}`)).sort();
    expect(lines(before)).toContain('DestinationRule/plain KIA0207 14:17');
    const document = documentIn(live.current, objectAt(live.current, PA)!)!;
    const longer = document.text.replace('spec:', 'spec:\n  # three lines\n  # added\n  # here');
    expect(await source.write({ op: 'replace', ref: PA, text: longer, version: document.version })).toMatchObject({ ok: true });
    const after = validationReport(live.current);
    const fresh = validateTexts(new Map([['shop.yaml', readFileSync(join(dir, 'shop.yaml'), 'utf8')]]));
    expect(lines(after)).toEqual(lines(fresh));
    expect(lines(after)).toContain('DestinationRule/plain KIA0207 17:17');
  });
});
