// `meshlock serve DIR` listens before it reads DIR: until the read ends, /healthz says so and pages wait;
// then they are answered from what was read. A read that fails is told to every page that waits.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSource } from '../sources/files/file-source.js';
import { LiveMesh } from '../sources/live-mesh.js';
import { strictPolicyYaml } from '../testing/seed-changes.js';
import { createServer } from './create-server.js';
import { loadingState } from './mesh-states.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A read the test finishes (or fails) when it chooses. */
function pendingRead(): { reading: Promise<LiveMesh>; finish: () => Promise<void>; fail: (error: Error) => void } {
  let resolve!: (live: LiveMesh) => void;
  let reject!: (error: Error) => void;
  const reading = new Promise<LiveMesh>((res, rej) => ((resolve = res), (reject = rej)));
  const finish = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshlock-loading-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'shop.yaml'), strictPolicyYaml('shop'));
    const source = await FileSource.open([dir], dir, { watch: false });
    cleanups.push(() => source.close());
    resolve(new LiveMesh(source));
  };
  return { reading, finish, fail: (error) => reject(error) };
}

async function serverOn(reading: Promise<LiveMesh>) {
  const app = await createServer({ mesh: loadingState(reading, 'shop/'), version: 'test' });
  cleanups.push(() => app.close());
  return app;
}

/** Whether `answer` has settled after the event loop has turned a few times. */
async function settledSoon(answer: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void answer.then(() => (settled = true));
  await new Promise((resolve) => setTimeout(resolve, 50));
  return settled;
}

describe('the console while its files are read', () => {
  it('says it is not ready on /healthz and holds pages until the read ends, then answers them from it', async () => {
    const { reading, finish } = pendingRead();
    const app = await serverOn(reading);
    const health = await app.inject({ url: '/healthz' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: 'unavailable', source: 'shop/' });
    expect((await app.inject({ url: '/livez' })).statusCode).toBe(200);

    const status = app.inject({ url: '/api/status' });
    expect(await settledSoon(status)).toBe(false);
    await finish();
    const answered = await status;
    expect(answered.statusCode).toBe(200);
    expect(answered.json()).toMatchObject({ namespaces: [{ name: 'shop', mode: 'STRICT' }] });
    expect((await app.inject({ url: '/healthz' })).json()).toMatchObject({ status: 'ok' });
  });

  it('answers every waiting page 503 with the reason when the files cannot be read', async () => {
    const { reading, fail } = pendingRead();
    const app = await serverOn(reading);
    const status = app.inject({ url: '/api/status' });
    fail(new Error('EACCES: permission denied'));
    const answered = await status;
    expect(answered.statusCode).toBe(503);
    expect(answered.json()).toMatchObject({ error: { code: 'unavailable', message: 'cannot read shop/: EACCES: permission denied' } });
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(503);
  });
});
