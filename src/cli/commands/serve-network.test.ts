// F2 of the reliability review: `serve --host 0.0.0.0` used to turn the Host check off silently. Now a console
// that other machines can reach and that lets them edit without signing in refuses to start, unless told
// --view-only or --allow-remote-writes, and every non-loopback start says what is exposed.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConsoleAuth } from '../../server/mesh-states.js';
import { cli } from '../../testing/run-cli.js';
import { exposureRefusal, exposureWarnings, networkOptions } from './serve-network.js';

const AUTHS: readonly ConsoleAuth[] = ['none', 'anonymous', 'token', 'header'];

describe('who may start a console other machines can reach (F2)', () => {
  it('loopback addresses start whatever the auth', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', undefined]) for (const auth of AUTHS) expect(exposureRefusal({ host }, auth), `${host} ${auth}`).toBeUndefined();
  });

  it('a non-loopback address without sign-in refuses, unless view-only or the risk is accepted', () => {
    for (const host of ['0.0.0.0', '::', '10.1.2.3']) {
      expect(exposureRefusal({ host }, 'none')).toMatch(/lets anyone who can reach this port edit these files, with no sign-in\. Add --view-only, or --allow-remote-writes/);
      expect(exposureRefusal({ host }, 'anonymous')).toContain('--auth token or --auth header');
      for (const auth of ['none', 'anonymous'] as const) {
        expect(exposureRefusal({ host, viewOnly: true }, auth)).toBeUndefined();
        expect(exposureRefusal({ host, allowRemoteWrites: true }, auth)).toBeUndefined();
      }
      for (const auth of ['token', 'header'] as const) expect(exposureRefusal({ host }, auth)).toBeUndefined();
    }
  });

  it('warns about every non-loopback start: the Host names, plain HTTP, an unnamed proxy, accepted remote writes', () => {
    expect(exposureWarnings({ host: '127.0.0.1' }, 'none')).toEqual([]);
    const open = exposureWarnings({ host: '0.0.0.0', viewOnly: true, allowedHost: ['meshlock.example.com'] }, 'anonymous');
    expect(open[0]).toBe('listening on 0.0.0.0: other machines can connect; the console answers only to the Host names localhost, 127.0.0.1, [::1], meshlock.example.com (add more with --allowed-host)');
    expect(open[1]).toContain('plain HTTP');
    expect(exposureWarnings({ host: '0.0.0.0', tlsCert: 'c.pem', tlsKey: 'k.pem' }, 'header')).toEqual([expect.stringContaining('listening on'), expect.stringContaining('--trusted-proxy')]);
    expect(exposureWarnings({ host: '0.0.0.0', tlsCert: 'c.pem', tlsKey: 'k.pem', trustedProxy: ['10.0.0.0/8'] }, 'header')).toHaveLength(1);
    expect(exposureWarnings({ host: '0.0.0.0', allowRemoteWrites: true }, 'none').at(-1)).toContain('anyone who reaches the port can edit');
  });

  it('refuses flags that do not go together, and a proxy network that is not one', async () => {
    const io = { err: () => undefined, cwd: process.cwd() };
    await expect(networkOptions({ tlsCert: 'c.pem' }, 'none', io)).rejects.toThrow('--tls-cert and --tls-key go together');
    await expect(networkOptions({ trustedProxy: ['10.0.0.0/8'] }, 'token', io)).rejects.toThrow('go with --auth header');
    await expect(networkOptions({ trustedProxyCa: 'ca.pem' }, 'header', io)).rejects.toThrow('needs HTTPS');
    await expect(networkOptions({ trustedProxy: ['10.0.0.0/33'] }, 'header', io)).rejects.toThrow('--trusted-proxy 10.0.0.0/33');
    await expect(networkOptions({ trustedProxy: ['proxy.internal'] }, 'header', io)).rejects.toThrow('expected an address or a CIDR');
    await expect(networkOptions({ tlsCert: 'missing.pem', tlsKey: 'missing.pem' }, 'none', io)).rejects.toThrow('--tls-cert missing.pem: ENOENT');
    expect(await networkOptions({ trustedProxy: ['10.0.0.0/8', 'fd00::/8', '192.168.1.7'] }, 'header', io)).toEqual({ trustedProxy: { networks: ['10.0.0.0/8', 'fd00::/8', '192.168.1.7'], clientCertificate: false } });
  });

  it('`serve --demo --host 0.0.0.0` exits 2 before copying anything', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'meshlock-f2-'));
    const before = process.env.TMPDIR;
    process.env.TMPDIR = temp;
    try {
      const run = await cli(['serve', '--demo', '--host', '0.0.0.0', '--port', '0']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--host 0.0.0.0 lets anyone who can reach this port edit these files');
      expect(readdirSync(temp)).toEqual([]);
    } finally {
      process.env.TMPDIR = before;
      rmSync(temp, { recursive: true, force: true });
    }
  });
});
