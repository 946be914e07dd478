// `meshlock serve --demo` end to end without a browser: the console and the lab on a temporary copy of the
// demo. A PeerAuthentication saved through the console's API reconfigures the lab, and plaintext from
// outside the mesh is then turned away with a connection reset, as in the seeds.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../api/client.js';
import { demoPath, packageRoot } from '../source.js';
import { startConsole, type RunningConsole } from './start-console.js';

const STRICT = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: travel-agency
spec:
  mtls:
    mode: STRICT
`;

let running: RunningConsole | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const quiet = { err: () => undefined };

async function probe(labUrl: string): Promise<{ ok: boolean; error: string | null; mtls: boolean }> {
  const response = await fetch(`${labUrl}/api/probe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: 'outside', to: 'travels.travel-agency:8000' }) });
  return (await response.json()) as { ok: boolean; error: string | null; mtls: boolean };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  return value;
}

describe('meshlock serve --demo', () => {
  it('serves a copy of the demo with the lab, and a save through the console reaches the lab', async () => {
    const shipped = readFileSync(join(demoPath(), 'travel-agency.yaml'), 'utf8');
    running = await startConsole({ paths: [], demo: true, port: 0, cwd: process.cwd() }, quiet);
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(running.demoCopy && existsSync(join(running.demoCopy, 'travel-agency.yaml'))).toBe(true);
    const labUrl = running.labUrl ?? '';
    expect(labUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await probe(labUrl)).toMatchObject({ ok: true, mtls: false });

    const session = await new ApiClient({ baseUrl: running.url.slice(0, -1) }).call('session', {});
    const api = new ApiClient({ baseUrl: running.url.slice(0, -1), csrfToken: () => session.csrfToken });
    await api.call('configCreate', { body: { yaml: STRICT } });
    const refused = await until(() => probe(labUrl), (p) => !p.ok);
    expect(refused).toMatchObject({ ok: false });
    expect(refused.error).toContain('connection reset by peer');
    expect(readFileSync(join(demoPath(), 'travel-agency.yaml'), 'utf8')).toBe(shipped);
    expect(existsSync(join(demoPath(), 'travel-agency-peerauthentication-default.yaml'))).toBe(false);

    // The lab's traffic is the console's telemetry: callers of travels get an observed mTLS share.
    const travels = await until(
      () => api.call('workload', { params: { namespace: 'travel-agency', name: 'travels' } }),
      // The lab's callers start at different times: wait for the one asserted below, not just any.
      (w) => (w.inbound.edges.find((e) => e.source === 'travel-portal/voyages')?.mtlsPercent ?? null) !== null,
    );
    expect(travels.inbound.telemetry).toBe(true);
    expect(travels.inbound.edges.find((e) => e.source === 'travel-portal/voyages')?.mtlsPercent).toBeGreaterThan(0);

    const copy = running.demoCopy ?? '';
    await running.close();
    running = undefined;
    expect(existsSync(copy)).toBe(false);
  }, 30_000);

  it('--no-lab serves the demo files alone', async () => {
    running = await startConsole({ paths: [], demo: true, lab: false, port: 0, cwd: process.cwd() }, quiet);
    expect(running.labUrl).toBeUndefined();
  });

  it('refuses --demo with paths, no SOURCE, and a port in use, with a clear message', async () => {
    await expect(startConsole({ paths: ['x'], demo: true, cwd: process.cwd() }, quiet)).rejects.toThrow('either --demo or paths');
    await expect(startConsole({ paths: [], cwd: process.cwd() }, quiet)).rejects.toThrow('no SOURCE');
    running = await startConsole({ paths: [], demo: true, lab: false, port: 0, cwd: process.cwd() }, quiet);
    const port = Number(new URL(running.url).port);
    await expect(startConsole({ paths: [], demo: true, lab: false, port, cwd: process.cwd() }, quiet)).rejects.toThrow(`port ${port} is in use`);
  });
});

describe('meshlock serve --demo stopped during start-up (F13)', () => {
  /** Starts the real CLI with its own TMPDIR, signals it `afterCopyMs` after the demo copy appears, returns what is left. */
  async function signalDuringStartUp(signal: NodeJS.Signals, afterCopyMs: number): Promise<{ left: string[]; code: number | null; started: boolean }> {
    const temp = mkdtempSync(join(tmpdir(), 'meshlock-f13-'));
    const child = spawn(process.execPath, ['--import', 'tsx', join(packageRoot(), 'src', 'cli', 'run.ts'), 'serve', '--demo', '--port', '0'], {
      cwd: packageRoot(),
      env: { ...process.env, TMPDIR: temp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 30_000;
      while (!readdirSync(temp).some((name) => name.startsWith('meshlock-demo-')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, afterCopyMs));
      const started = stdout.includes('Press Ctrl+C');
      child.kill(signal);
      const code = await exited;
      return { left: readdirSync(temp).filter((name) => name.startsWith('meshlock-demo-')), code, started };
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(temp, { recursive: true, force: true });
    }
  }

  it('removes the demo copy when Ctrl+C or SIGTERM arrives while the copy is made or the lab starts', async () => {
    const runs = [await signalDuringStartUp('SIGINT', 0), await signalDuringStartUp('SIGTERM', 150)];
    for (const run of runs) {
      expect(run.left).toEqual([]);
      expect(run.code).toBe(0);
    }
    // At least one signal arrived before the console was up, which is what this guards.
    expect(runs.some((run) => !run.started)).toBe(true);
  }, 90_000);
});
