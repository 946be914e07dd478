// `meshlock whatif` as CI runs it: the edges whose outcome changes, the same JSON as POST /api/whatif, and
// exit 1 only when observed traffic (any edge, without telemetry) would fail. The seed 001 change: auto mTLS
// off plus ISTIO_MUTUAL for *.travel-agency drops the 40 sidecar calls to travel-portal and travel-control
// to plaintext and breaks nothing; the lab's STRICT policy on top makes the plaintext callers fail.
import { rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WhatIfResponse } from '../../api/schemas.js';
import { testConsole } from '../../testing/console-server.js';
import { useDemoLab } from '../../testing/demo-lab.js';
import { withDemoCopy } from '../../testing/demo-mesh.js';
import { cli } from '../../testing/run-cli.js';
import { SEED_001_CHANGE as SEED_001, strictPolicyYaml } from '../../testing/seed-changes.js';

/** Runs whatif on a demo copy with `change` written to change.yaml (and `files` beside the demo's). */
function whatif(change: string, args: string[] = [], files: Record<string, string> = {}) {
  return withDemoCopy(files, async (dir) => {
    // Beside the copy, not in it: the copy is the SOURCE.
    const file = `${dir}-change.yaml`;
    writeFileSync(file, change);
    try {
      return await cli(['whatif', dir, '--change', file, ...args]);
    } finally {
      rmSync(file, { force: true });
    }
  });
}

describe('meshlock whatif on the demo', () => {
  it('seed 001: 40 edges go from mtls to plaintext, none fails: exit 0; the JSON is what POST /api/whatif answers', async () => {
    const run = await whatif(SEED_001, ['-o', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const json = WhatIfResponse.parse(JSON.parse(run.stdout));
    // 14 callers × 14 service ports (12 × 12 before travel-payments' two workloads); ambient edges ride HBONE either way.
    expect(json.summary).toEqual({ compared: 196, changed: 40, failing: 0, failingObserved: 0, failingRequestRate: null, fixed: 0 });
    expect(new Set(json.changed.map((e) => `${e.before}→${e.after}`))).toEqual(new Set(['mtls→plaintext']));
    expect(new Set(json.changed.map((e) => e.destination.namespace))).toEqual(new Set(['travel-portal', 'travel-control']));
    expect(json.changed.every((e) => e.requestRate === null)).toBe(true);
    const c = await testConsole();
    try {
      const api = await c.app.inject({ method: 'POST', url: '/api/whatif', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ yaml: SEED_001 }) });
      expect(api.json()).toEqual(json);
    } finally {
      await c.close();
    }
  });

  it('seed 001 with the STRICT policy: the 14 plaintext edges into travel-agency fail, so exit 1 (no telemetry: any edge counts)', async () => {
    const run = await whatif(`${SEED_001}---\n${strictPolicyYaml('travel-agency')}`);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^54 edges change outcome: 14 start failing \(no telemetry to weigh them\), 0 stop failing\.\n/);
    expect(run.stdout).toMatch(/^legacy\/legacy-client +travels\.travel-agency\.svc\.cluster\.local:8000 +travels +plaintext +fail /m);
    expect(run.stdout).toContain('Edges would start failing (no telemetry: any such edge counts).');
  });

  it('a delete annotation removes an object: taking STRICT away again fixes 14 edges, exit 0', async () => {
    const deletion = strictPolicyYaml('travel-agency').replace('metadata:\n', 'metadata:\n  annotations:\n    meshlock.io/delete: "true"\n');
    const run = await whatif(deletion, ['-o', 'json'], { 'strict.yaml': strictPolicyYaml('travel-agency') });
    expect(run.code).toBe(0);
    expect(WhatIfResponse.parse(JSON.parse(run.stdout)).summary).toMatchObject({ changed: 14, fixed: 14, failing: 0 });
  });

  it('unusable input exits 2 with the reason', async () => {
    expect(await cli(['whatif', '--demo', '--change', '/nonexistent/change.yaml'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no such file') });
    const broken = await whatif('kind: [\n');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/-change\.yaml:\d+:\d+: error: .*\nmeshlock: --change .* has problems; nothing was compared/);
    expect(await whatif(strictPolicyYaml('travel-agency'), ['--window', 'ten minutes'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--window ten minutes: a whole number and a unit') });
    expect(await whatif(strictPolicyYaml('travel-agency'), ['--end', '2026-12-06'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--end 2026-12-06: RFC 3339 such as 2026-12-06T14:05:00Z, or whole seconds since the epoch') });
    expect(await whatif(strictPolicyYaml('travel-agency'), ['--lab', 'http://127.0.0.1:1'])).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read traffic from the lab at http://127.0.0.1:1') });
  });
});

describe('meshlock whatif --lab: weighted by the lab’s observed traffic', () => {
  const lab = useDemoLab({ untilUnidentifiedAt: 'travel-agency/travels' });

  it('STRICT for travel-agency breaks legacy-client → travels, seen as traffic without identity: exit 1', async () => {
    const run = await whatif(strictPolicyYaml('travel-agency'), ['--lab', lab().url, '--window', '1m', '-o', 'json']);
    expect(run.code, run.stderr).toBe(1);
    const json = WhatIfResponse.parse(JSON.parse(run.stdout));
    const legacy = json.changed.find((e) => e.source === 'legacy/legacy-client' && e.destination.workload === 'travels');
    expect(legacy).toMatchObject({ before: 'plaintext', after: 'fail', observedAs: 'outside' });
    expect(legacy?.requestRate).toBeGreaterThan(0);
    expect(json.changed[0]).toEqual(legacy);
    expect(json.telemetry).toEqual({ source: `the lab at ${lab().url}`, windowSeconds: 60, error: null });
    expect(json.summary.failingObserved).toBe(2);
  });

  it('STRICT for travel-portal: its plaintext edges carry no traffic (control calls with mTLS), so exit 0; without --lab, exit 1', async () => {
    const observed = await whatif(strictPolicyYaml('travel-portal'), ['--lab', lab().url, '--window', '1m']);
    expect(observed.code, observed.stdout).toBe(0);
    expect(observed.stdout).toMatch(/^6 edges change outcome: 6 start failing \(0 with observed traffic, 0 req\/s\), 0 stop failing\./);
    expect((await whatif(strictPolicyYaml('travel-portal'))).code).toBe(1);
  });
});
