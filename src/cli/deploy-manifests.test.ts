// deploy/ parses, fits together (names, namespace, selectors, ports) and keeps its promises: read-only by
// default, non-root, read-only filesystem, resource limits, health probes; and `kubectl meshlock` is wired.
import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { field, isRecord } from '../core/index.js';
import { allowedHostNames, hostAllowed } from '../net/host-names.js';
import { exposureRefusal } from './commands/serve-network.js';
import { buildProgram } from './main.js';
import { packageRoot } from './source.js';

type Doc = Record<string, unknown>;

const deploy = join(packageRoot(), 'deploy');

function docs(file: string): Doc[] {
  return loadAll(readFileSync(join(deploy, file), 'utf8')).filter(isRecord) as Doc[];
}

const all = (): Doc[] => ['namespace.yaml', 'service-account.yaml', 'read-only-role.yaml', 'deployment.yaml', 'service.yaml', 'optional/edit-role.yaml'].flatMap(docs);
const find = (kind: string, name: string) => all().find((d) => d.kind === kind && field(d, 'metadata', 'name') === name);
const rules = (role: Doc | undefined) => (field(role, 'rules') as { apiGroups: string[]; resources: string[]; verbs: string[] }[]) ?? [];

describe('deploy/', () => {
  it('every YAML file parses, and the kustomization lists the read-only install', () => {
    const files = readdirSync(deploy, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
    for (const file of files) expect(docs(file).length, file).toBeGreaterThan(0);
    const kustomization = docs('kustomization.yaml')[0]!;
    expect(kustomization.resources).toEqual(['namespace.yaml', 'service-account.yaml', 'read-only-role.yaml', 'deployment.yaml', 'service.yaml']);
  });

  it('grants only get, list and watch by default, on every kind meshlock reads', () => {
    const read = rules(find('ClusterRole', 'meshlock-read'));
    const verbs = new Set(read.filter((r) => !r.resources.includes('selfsubjectaccessreviews')).flatMap((r) => r.verbs));
    expect([...verbs].sort()).toEqual(['get', 'list', 'watch']);
    const resources = read.flatMap((r) => r.resources);
    for (const plural of ['namespaces', 'pods', 'services', 'configmaps', 'deployments', 'replicasets', 'peerauthentications', 'destinationrules', 'sidecars', 'serviceentries', 'workloadentries']) {
      expect(resources).toContain(plural);
    }
    expect(field(find('ClusterRoleBinding', 'meshlock-read'), 'subjects')).toEqual([{ kind: 'ServiceAccount', name: 'meshlock', namespace: 'meshlock' }]);
  });

  it('keeps the edit role apart, limited to Istio objects', () => {
    expect(docs('read-only-role.yaml').some((d) => field(d, 'metadata', 'name') === 'meshlock-edit')).toBe(false);
    const edit = rules(find('ClusterRole', 'meshlock-edit'));
    expect(new Set(edit.flatMap((r) => r.apiGroups))).toEqual(new Set(['security.istio.io', 'networking.istio.io']));
  });

  it('runs non-root on a read-only filesystem with limits, live on /livez and ready on /healthz, behind a Service on 20001', () => {
    const deployment = find('Deployment', 'meshlock')!;
    const pod = field(deployment, 'spec', 'template', 'spec') as Doc;
    const [container] = pod.containers as Doc[];
    expect(pod.serviceAccountName).toBe('meshlock');
    expect(field(pod, 'securityContext', 'runAsNonRoot')).toBe(true);
    expect(field(container, 'securityContext')).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(field(container, 'resources', 'limits')).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(field(container, 'livenessProbe', 'httpGet', 'path')).toBe('/livez');
    expect(field(container, 'readinessProbe', 'httpGet', 'path')).toBe('/healthz');
    expect(container!.args).toEqual(expect.arrayContaining(['serve', '--in-cluster', '--port', '20001']));
    // The flags are the CLI's own: the command line parses.
    const serve = buildProgram({ out: () => undefined, err: () => undefined, cwd: '/', color: false }).commands.find((c) => c.name() === 'serve')!;
    const flags = (container!.args as string[]).filter((a) => a.startsWith('--'));
    for (const flag of flags) expect(serve.options.map((o) => o.long), flag).toContain(flag);
    const service = find('Service', 'meshlock')!;
    expect(field(service, 'spec', 'selector')).toEqual(field(deployment, 'spec', 'selector', 'matchLabels'));
    expect(field(service, 'spec', 'ports')).toEqual([{ name: 'http', port: 20001, targetPort: 'http' }]);
    for (const doc of all().filter((d) => d.kind !== 'Namespace' && !String(d.kind).startsWith('ClusterRole'))) {
      expect(field(doc, 'metadata', 'namespace'), `${String(doc.kind)} namespace`).toBe('meshlock');
    }
  });
});

describe('deploy/ is safe as shipped (F2)', () => {
  const flagsOf = (args: readonly string[]) => {
    const value = (flag: string) => args[args.indexOf(flag) + 1];
    return {
      host: value('--host'),
      viewOnly: args.includes('--view-only'),
      allowRemoteWrites: args.includes('--allow-remote-writes'),
      allowedHost: args.flatMap((a, i) => (a === '--allowed-host' ? [args[i + 1] ?? ''] : [])),
      auth: (args.includes('--auth') ? value('--auth') : 'anonymous') as 'anonymous' | 'token' | 'header',
    };
  };

  it('the Deployment binds the pod address read-only, answers the Service names, and probes with a Host it answers', () => {
    const pod = field(find('Deployment', 'meshlock'), 'spec', 'template', 'spec') as Doc;
    const [container] = pod.containers as Doc[];
    const flags = flagsOf(container!.args as string[]);
    expect(flags).toMatchObject({ host: '0.0.0.0', auth: 'anonymous', viewOnly: true, allowRemoteWrites: false });
    expect(exposureRefusal(flags, flags.auth)).toBeUndefined();
    // Without --view-only the same console would refuse to start.
    expect(exposureRefusal({ ...flags, viewOnly: false }, flags.auth)).toContain('--view-only');
    expect(flags.allowedHost).toEqual(['meshlock.meshlock.svc', 'meshlock.meshlock.svc.cluster.local']);
    for (const probe of ['livenessProbe', 'readinessProbe']) {
      const headers = field(container, probe, 'httpGet', 'httpHeaders') as { name: string; value: string }[];
      const host = headers.find((h) => h.name.toLowerCase() === 'host')?.value ?? '';
      expect(hostAllowed(host, allowedHostNames(flags.host ?? '', flags.allowedHost)), probe).toBe(true);
    }
  });

  it('the image starts read-only too', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(join(deploy, 'Dockerfile'), 'utf8'))?.[1];
    const args = JSON.parse(cmd ?? '[]') as string[];
    const flags = flagsOf(args);
    expect(flags.host).toBe('0.0.0.0');
    expect(exposureRefusal(flags, flags.auth)).toBeUndefined();
  });
});

describe('kubectl meshlock', () => {
  it('is an executable shim on the package’s bin, run as a kubectl plugin', () => {
    const root = packageRoot();
    const shim = join(root, 'bin', 'kubectl-meshlock');
    accessSync(shim, constants.X_OK);
    const text = readFileSync(shim, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(text).toContain("process.env.MESHLOCK_KUBECTL_PLUGIN = '1'");
    expect(text).toContain("import('./meshlock.js')");
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin['kubectl-meshlock']).toBe('bin/kubectl-meshlock');
  });
});
