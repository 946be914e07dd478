// F6 of the reliability review on the server: one token-free 1 MiB /api/validate body held every request for
// 403 s. Validation and what-if of sent text now run on a worker within a time budget, so the console keeps
// answering while a hostile body is checked, and the body itself gets 422 past the budget.
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hostileInputs } from '../../bench/hostile-inputs.js';
import { ApiErrorBody } from '../api/schemas.js';
import { testConsole, type TestConsole } from '../testing/console-server.js';
import { createServer } from './create-server.js';

const MiB = 1024 * 1024;
/** As many unknown keys as fit in the 1 MiB body limit. */
const hostileBody = JSON.stringify({ yaml: hostileInputs.unknownKeys(78_000) });

let c: TestConsole;
beforeEach(async () => {
  c = await testConsole();
});
afterEach(async () => {
  await c.close();
});

describe('sent text is checked off the event loop, within a budget (F6)', () => {
  it('keeps answering /livez and /api/status while a 1 MiB hostile body is validated', async () => {
    expect(hostileBody.length).toBeGreaterThan(0.95 * MiB);
    expect(hostileBody.length).toBeLessThanOrEqual(MiB);
    const app = await createServer({ source: c.source, computeBudgetMs: 60_000 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      let hostileDone = false;
      const hostile = fetch(`${base}/api/validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: hostileBody }).then(async (response) => {
        hostileDone = true;
        return { status: response.status, body: (await response.json()) as { objects: { checks: { code: string; message: string }[] }[] } };
      });
      // Give the body time to arrive and its checking to start.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const answered: string[] = [];
      for (let i = 0; i < 5; i++) {
        for (const path of ['/livez', '/api/status']) {
          const response = await fetch(`${base}${path}`);
          expect(response.status, path).toBe(200);
          if (!hostileDone) answered.push(path);
        }
      }
      expect(answered.length).toBeGreaterThan(0);
      const result = await hostile;
      expect(result.status).toBe(200);
      const checks = result.body.objects[0]?.checks ?? [];
      expect(checks.filter((check) => check.code === 'MSL101')).toHaveLength(101);
      expect(checks.at(-1)?.message).toContain('77900 more MSL101 findings');
    } finally {
      await app.close();
    }
  }, 120_000);

  it('answers 422 past the budget, and the next text is checked by a fresh worker', async () => {
    const app = await createServer({ source: c.source, computeBudgetMs: 200 });
    try {
      const slow = await app.inject({ method: 'POST', url: '/api/validate', headers: { 'content-type': 'application/json' }, payload: hostileBody });
      expect(slow.statusCode).toBe(422);
      expect(ApiErrorBody.parse(slow.json()).error).toMatchObject({ code: 'too-complex', message: expect.stringContaining('budget of 0.2 s') });
      const slowWhatIf = await app.inject({ method: 'POST', url: '/api/whatif', headers: { 'content-type': 'application/json' }, payload: { yaml: hostileInputs.sameHostRules(5_000) } });
      expect(slowWhatIf.statusCode).toBe(422);
      // A fresh worker starts (through tsx in tests) before the budget runs, so a small text still fits.
      const small = await app.inject({ method: 'POST', url: '/api/validate', headers: { 'content-type': 'application/json' }, payload: { yaml: 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: x, namespace: default}\nspec: {mtlss: {}}\n' } });
      expect(small.statusCode).toBe(200);
      expect(small.json<{ objects: { checks: { code: string }[] }[] }>().objects[0]?.checks.map((check) => check.code)).toContain('MSL101');
    } finally {
      await app.close();
    }
  }, 120_000);
});
