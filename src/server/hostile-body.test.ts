// F6 of the reliability review on the server: one token-free 1 MiB /api/validate body held every request for
// 403 s. The checks are linear now, so the biggest body the server accepts is answered like any other: the
// first 100 findings of a check and one that counts the rest. Its time is in `npm run bench` (hostileValidation).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidateResponse } from '../api/schemas.js';
import { testConsole, type TestConsole } from '../testing/console-server.js';
import { hostileInputs } from '../testing/hostile-inputs.js';

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

describe('a hostile body sent to be checked (F6)', () => {
  it('is answered with 100 findings and a count of the rest, and the console answers the next request', async () => {
    expect(hostileBody.length).toBeGreaterThan(0.95 * MiB);
    expect(hostileBody.length).toBeLessThanOrEqual(MiB);
    const response = await c.app.inject({ method: 'POST', url: '/api/validate', headers: { 'content-type': 'application/json' }, payload: hostileBody });
    expect(response.statusCode).toBe(200);
    const checks = ValidateResponse.parse(response.json()).objects[0]?.checks ?? [];
    expect(checks.filter((check) => check.code === 'MSL101')).toHaveLength(101);
    expect(checks.at(-1)?.message).toContain('77900 more MSL101 findings');
    expect((await c.app.inject({ url: '/api/status' })).statusCode).toBe(200);
  }, 120_000);
});
