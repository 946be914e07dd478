// `meshlock validate`: formats, failure threshold and exit codes (docs/product.md contract).
import { describe, expect, it } from 'vitest';
import { cli } from '../../testing/run-cli.js';
import { tempFolders } from '../../testing/temp-dirs.js';

const dir = tempFolders('meshlock-validate-');

const WARNING_ONLY = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews
  trafficPolicy: {tls: {sni: reviews}}
`;
const ERROR = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: bookinfo}
spec: {mtlss: {mode: STRICT}}
`;

describe('meshlock validate', () => {
  it('prints the JSON contract and exits 0 when nothing reaches the default threshold (error)', async () => {
    const run = await cli(['validate', dir({ 'a.yaml': WARNING_ONLY }), '--output', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { objects: Record<string, unknown>[]; summary: Record<string, unknown> };
    expect(report.objects[0]).toEqual({
      kind: 'DestinationRule', apiVersion: 'networking.istio.io/v1', namespace: 'bookinfo', name: 'reviews',
      file: expect.stringMatching(/a\.yaml$/) as unknown, valid: true,
      checks: [{ code: 'MSL005', severity: 'warning', message: expect.any(String) as unknown, path: 'spec/trafficPolicy/tls', line: 6, column: 24 }],
    });
  });

  it.each([
    { threshold: 'warning', files: { 'a.yaml': WARNING_ONLY }, code: 1 },
    { threshold: 'error', files: { 'a.yaml': ERROR }, code: 1 },
    { threshold: 'error', files: { 'a.yaml': 'kind: [\n' }, code: 2 },
  ])('--failure-threshold $threshold on $files exits $code', async ({ threshold, files, code }) => {
    expect((await cli(['validate', dir(files), '-o', 'json', '--failure-threshold', threshold])).code).toBe(code);
  });

  it('validates the demo without errors and prints text by default', async () => {
    const run = await cli(['validate', '--demo']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/objects, 0 invalid: 0 errors/);
  });

  it('prints SARIF', async () => {
    const run = await cli(['validate', dir({ 'a.yaml': ERROR }), '-o', 'sarif']);
    expect(JSON.parse(run.stdout)).toMatchObject({ version: '2.1.0', runs: [{ tool: { driver: { name: 'meshlock' } } }] });
  });
});
