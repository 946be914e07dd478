// `meshlock lab` as a user runs it: a real process, stopped with Ctrl-C; `meshlock lab probe` against it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../source.js';
import { cli } from '../../testing/run-cli.js';

const TRAVELS = 'travels.travel-agency.svc.cluster.local:8000';

describe('meshlock lab --help', () => {
  it('explains every option', async () => {
    const run = await cli(['lab', '--help']);
    expect(run.code).toBe(0);
    for (const flag of ['--demo', '--listen <HOST:PORT>', '--rate <N>', '--call-graph <FILE>', '--cert-lifetime <DURATION>', '--duration <DURATION>', '--any-port']) {
      expect(run.stdout).toMatch(new RegExp(`${flag.replace(/[<>]/g, '.')}\\s+\\S`));
    }
    const probe = await cli(['lab', 'probe', '--help']);
    for (const flag of ['--from <CLIENT>', '--to <HOST:PORT>', '--endpoint', '--lab <URL>', '--timeout <DURATION>', '-o, --output']) expect(probe.stdout).toContain(flag);
  });

  it('refuses a non-loopback listen address and a too short certificate lifetime', async () => {
    const open = await cli(['lab', '--listen', '0.0.0.0:15090']);
    expect(open.code).toBe(2);
    expect(open.stderr).toContain('only on loopback');
    const short = await cli(['lab', '--cert-lifetime', '10s']);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('at least 60s');
  });

  it('probe says when no lab is running', async () => {
    const run = await cli(['lab', 'probe', '--lab', 'http://127.0.0.1:1', '--from', 'outside', '--to', TRAVELS]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot reach the lab');
  });
});

/** A local HTTP server that answers every request with `answer`, for `lab probe --lab` to meet something else. */
async function impostor(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('meshlock lab probe against something that is not a lab (F10)', () => {
  const servers: Server[] = [];
  afterAll(() => {
    for (const server of servers) server.closeAllConnections();
    for (const server of servers) server.close();
  });
  const probeAt = async (answer: (req: IncomingMessage, res: ServerResponse) => void, extra: string[] = []) => {
    const { url, server } = await impostor(answer);
    servers.push(server);
    return cli(['lab', 'probe', '--lab', url, '--from', 'outside', '--to', TRAVELS, ...extra]);
  };

  it('an empty 404, an HTML page and JSON that is not a lab are exit 2 with a clear message, never a stack trace', async () => {
    const empty = await probeAt((_req, res) => res.writeHead(404).end());
    const html = await probeAt((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>hello</title>'));
    const json = await probeAt((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'));
    const refusal = await probeAt((_req, res) => res.writeHead(403, { 'content-type': 'application/json' }).end('{"error":{"code":"forbidden","message":"no"}}'));
    for (const run of [empty, html, json, refusal]) {
      expect(run.code).toBe(2);
      expect(run.stderr).not.toMatch(/internal error|SyntaxError|\n\s+at /);
      expect(run.stderr).not.toContain('[object Object]');
    }
    expect(empty.stderr).toContain('answered HTTP 404 with an empty body');
    expect(html.stderr).toContain('answered HTTP 200 with text/html');
    expect(json.stderr).toContain('JSON that is not a probe result');
    expect(refusal.stderr).toContain('HTTP 403');
  });

  it('gives up after --timeout when the lab never answers', async () => {
    const started = performance.now();
    const run = await probeAt(() => undefined, ['--timeout', '500ms']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('did not answer within 500ms');
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('a running meshlock lab', () => {
  let child: ChildProcess;
  let stdout = '';
  let url: string;

  beforeAll(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', join(packageRoot(), 'src', 'cli', 'run.ts'), 'lab', '--listen', '127.0.0.1:0', '--any-port', '--rate', '20', '--duration', '2m'], {
      cwd: packageRoot(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the lab did not start in 20 s:\n${stdout}\n${stderr}`)), 20_000);
      child.once('exit', (code) => reject(new Error(`the lab exited with ${code}:\n${stderr}`)));
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('Ctrl-C stops the lab.')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    url = /metrics +(http:\/\/127\.0\.0\.1:\d+)\/metrics/.exec(stdout)?.[1] ?? '';
  }, 30_000);

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('serves the probe: plaintext from outside works until STRICT, then "connection reset by peer"', async () => {
    const before = await cli(['lab', 'probe', '--lab', url, '--from', 'outside', '--to', TRAVELS, '-o', 'json']);
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({ ok: true, status: 200, error: null, mtls: false });

    const mesh = await cli(['lab', 'probe', '--lab', url, '--from', 'travel-portal/voyages', '--to', TRAVELS, '-o', 'json']);
    expect(JSON.parse(mesh.stdout)).toMatchObject({ ok: true, status: 200, error: null, mtls: true });

    const put = await fetch(`${url}/api/config`, {
      method: 'PUT',
      headers: { 'content-type': 'application/yaml' },
      body: 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: travel-agency}\nspec: {mtls: {mode: STRICT}}\n',
    });
    expect(put.status).toBe(200);
    const after = await cli(['lab', 'probe', '--lab', url, '--from', 'outside', '--to', TRAVELS]);
    expect(after.code).toBe(1);
    expect(after.stdout).toBe(`outside → ${TRAVELS}: failed: connection reset by peer\n`);
  });

  it('refuses what a web page on another site could send: a foreign Host or Origin, a body a form could send (F9)', async () => {
    const body = JSON.stringify({ from: 'outside', to: TRAVELS });
    const foreignOrigin = await fetch(`${url}/api/probe`, { method: 'POST', headers: { origin: 'http://evil.example', 'content-type': 'application/json' }, body });
    expect(foreignOrigin.status).toBe(403);
    expect(await foreignOrigin.json()).toEqual({ error: 'cross-origin request from http://evil.example refused' });
    const plainText = await fetch(`${url}/api/probe`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
    expect(plainText.status).toBe(415);
    const form = await fetch(`${url}/api/config`, { method: 'PUT', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'kind=x' });
    expect(form.status).toBe(415);
    const deleteFromAfar = await fetch(`${url}/api/config/PeerAuthentication/travel-agency/default`, { method: 'DELETE', headers: { origin: 'http://evil.example' } });
    expect(deleteFromAfar.status).toBe(403);
    // fetch() will not set Host; a DNS-rebinding page's request carries its own name.
    const port = Number(new URL(url).port);
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/lab', headers: { host: `evil.example:${port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(rebound).toBe(403);
    const sameOrigin = await fetch(`${url}/api/probe`, { method: 'POST', headers: { origin: url, 'content-type': 'application/json' }, body });
    expect(sameOrigin.status).toBe(200);
  });

  it('serves Istio metrics at /metrics', async () => {
    await expect.poll(async () => (await (await fetch(`${url}/metrics`)).text()), { timeout: 5_000 }).toMatch(/^istio_requests_total\{reporter="destination",.*connection_security_policy="mutual_tls"\} \d+$/m);
  });

  it('stops everything on Ctrl-C and exits 0', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toContain('meshlock lab: stopped (SIGINT)');
    await expect(fetch(`${url}/metrics`)).rejects.toThrow();
  });
});
