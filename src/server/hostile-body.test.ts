// F6 of the reliability review on the server: one token-free 1 MiB /api/validate body held every request for
// 403 s. The checks are linear now, and the work one sent text may ask for is bounded before any check runs
// (src/reports/sent-text.ts): a body past the bound is answered 422 at once, a big one within it is checked.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiErrorBody, ValidateResponse } from '../api/schemas.js';
import { MAX_SENT_NODES } from '../reports/sent-text.js';
import { testConsole, type TestConsole } from '../testing/console-server.js';
import { hostileInputs } from '../testing/hostile-inputs.js';

const MiB = 1024 * 1024;

let c: TestConsole;
beforeEach(async () => {
  c = await testConsole();
});
afterEach(async () => {
  await c.close();
});

const post = (url: string, keys: number) => c.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ yaml: hostileInputs.unknownKeys(keys) }) });

describe('a hostile body sent to be checked (F6)', () => {
  it('past the bound (1 MiB of unknown keys) is answered 422 before any check, on both routes; the console answers the next request', async () => {
    expect(JSON.stringify({ yaml: hostileInputs.unknownKeys(78_000) }).length).toBeGreaterThan(0.95 * MiB);
    for (const url of ['/api/validate', '/api/whatif']) {
      const response = await post(url, 78_000);
      expect(response.statusCode, url).toBe(422);
      expect(ApiErrorBody.parse(response.json()).error).toMatchObject({ code: 'too-complex', message: expect.stringContaining('meshlock validate FILE') });
    }
    expect((await c.app.inject({ url: '/api/status' })).statusCode).toBe(200);
  }, 120_000);

  it('within the bound is checked: the first 100 findings and one that counts the rest', async () => {
    const keys = Math.floor(MAX_SENT_NODES / 2) - 100;
    const response = await post('/api/validate', keys);
    expect(response.statusCode).toBe(200);
    const checks = ValidateResponse.parse(response.json()).objects[0]?.checks ?? [];
    expect(checks.filter((check) => check.code === 'MSL101')).toHaveLength(101);
    expect(checks.at(-1)?.message).toContain(`${keys - 100} more MSL101 findings`);
  }, 120_000);
});
