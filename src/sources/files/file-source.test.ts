import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, truncateSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { keyOf, type ObjectRef } from '../../core/index.js';
import { documentIn, objectAt } from '../../reports/revision.js';
import { LiveMesh } from '../live-mesh.js';
import { editFile } from './file-edit.js';
import { FileSource } from './file-source.js';

const POLICIES = `# shared header comment
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: shop
spec:
  mtls:
    mode: PERMISSIVE
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop # keep me
`;

const PA: ObjectRef = { kind: 'PeerAuthentication', namespace: 'shop', name: 'default' };
const paText = (mode: string) => POLICIES.split('---\n')[0]!.replace('PERMISSIVE', mode);

const open: { close(): Promise<void> | void }[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
  for (const dir of dirs.splice(0)) {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * The source's read-only reason for `dir` as a user without write access sees it. Root writes anywhere, so
 * as root (CI) the source is opened in a child process that loads the code as root (the checkout may sit
 * in a folder only root can enter) and then becomes `nobody`.
 */
async function readOnlyReasonAs(dir: string): Promise<string | undefined> {
  if (process.getuid?.() !== 0) {
    const source = await FileSource.open([dir], dir, { watch: false });
    await source.close();
    return source.readOnlyReason;
  }
  chmodSync(dirname(dir), 0o755);
  const script = `const { FileSource } = await import(${JSON.stringify(new URL('./file-source.ts', import.meta.url).href)}); process.setgid(65534); process.setuid(65534); const s = await FileSource.open([${JSON.stringify(dir)}], ${JSON.stringify(dir)}, { watch: false }); await s.close(); process.stdout.write(JSON.stringify({ reason: s.readOnlyReason ?? null }));`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: fileURLToPath(new URL('../../..', import.meta.url)) });
  if (run.status !== 0) throw new Error(`the child as nobody failed: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { reason: string | null }).reason ?? undefined;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'meshlock-source-'));
  dirs.push(dir);
  return dir;
}

interface Opened {
  readonly dir: string;
  readonly source: FileSource;
  readonly live: LiveMesh;
}

async function sourceWith(files: Record<string, string | Buffer>, options: { viewOnly?: boolean; watch?: boolean } = {}): Promise<Opened> {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return openOn(dir, options);
}

async function openOn(dir: string, options: { viewOnly?: boolean; watch?: boolean } = {}, paths = [dir]): Promise<Opened> {
  const source = await FileSource.open(paths, dir, { watch: false, watchDebounceMs: 20, pollMs: 0, ...options });
  const live = new LiveMesh(source);
  open.push(source, live);
  return { dir, source, live };
}

/** The document version the editor would send with its save. */
function versionOf(live: LiveMesh, ref: ObjectRef): string {
  const object = objectAt(live.current, ref);
  if (!object) throw new Error(`no ${keyOf(ref)}`);
  return documentIn(live.current, object)!.version;
}

const modeOf = (live: LiveMesh) => live.current.snapshot.peerAuthentications.find((p) => p.namespace === 'shop')?.mode;

describe('FileSource writes', () => {
  it('updates one document in place, keeps the rest of the file, and the store has it when the write answers', async () => {
    const { dir, source, live } = await sourceWith({ 'shop.yaml': POLICIES });
    const revisions: number[] = [];
    live.onRevision(({ revision }) => revisions.push(revision.number));
    const first = live.current;
    const result = await source.write({ op: 'replace', ref: PA, text: paText('STRICT'), version: versionOf(live, PA) });
    expect(result).toMatchObject({ ok: true, file: 'shop.yaml' });
    expect(readFileSync(join(dir, 'shop.yaml'), 'utf8')).toBe(POLICIES.replace('PERMISSIVE', 'STRICT'));
    expect(modeOf(live)).toBe('STRICT');
    expect(revisions).toEqual([2]);
    // Only the PeerAuthentication changed; the Namespace document after it is the very object it was.
    const changes = live.current.changes;
    expect(changes.map((c) => (c.type === 'upsert' ? c.object.kind : c.ref.kind))).toEqual(['PeerAuthentication']);
    const namespace: ObjectRef = { kind: 'Namespace', namespace: '', name: 'shop' };
    expect(objectAt(live.current, namespace)).toBe(objectAt(first, namespace));
    expect(readdirSync(dir)).toEqual(['shop.yaml']);
  });

  it('an edit that adds lines above another document leaves that object as it was, and its document is found on its new line', async () => {
    const { source, live } = await sourceWith({ 'shop.yaml': POLICIES });
    const first = live.current;
    const namespace: ObjectRef = { kind: 'Namespace', namespace: '', name: 'shop' };
    expect(documentIn(first, objectAt(first, namespace)!)?.line).toBe(11);
    const longer = paText('STRICT').replace('spec:', 'spec:\n  # two lines\n  # added here');
    expect(await source.write({ op: 'replace', ref: PA, text: longer, version: versionOf(live, PA) })).toMatchObject({ ok: true });
    const next = live.current;
    expect(next.changes.map((c) => (c.type === 'upsert' ? c.object.kind : c.ref.kind))).toEqual(['PeerAuthentication']);
    expect(objectAt(next, namespace)).toBe(objectAt(first, namespace));
    const moved = documentIn(next, objectAt(next, namespace)!);
    expect(moved?.line).toBe(13);
    expect(moved?.text).toBe('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop # keep me\n');
  });

  it('refuses an edit made against an older version (409) with the current document, and the first edit is kept', async () => {
    const { dir, source, live } = await sourceWith({ 'shop.yaml': POLICIES });
    const version = versionOf(live, PA);
    const [a, b] = await Promise.all([
      source.write({ op: 'replace', ref: PA, text: paText('STRICT'), version }),
      source.write({ op: 'replace', ref: PA, text: paText('DISABLE'), version }),
    ]);
    expect(a.ok).toBe(true);
    expect(b).toMatchObject({ ok: false, code: 'conflict', current: { text: expect.stringContaining('mode: STRICT'), line: 1 } });
    expect(readFileSync(join(dir, 'shop.yaml'), 'utf8')).toBe(POLICIES.replace('PERMISSIVE', 'STRICT'));
  });

  it('refuses text that does not load, with line and column in the sent text', async () => {
    const { source, live } = await sourceWith({ 'shop.yaml': POLICIES });
    const bad = await source.write({ op: 'replace', ref: PA, text: 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: shop\nspec:\n  mtls:\n    mode: [STRICT\n', version: versionOf(live, PA) });
    expect(bad).toMatchObject({ ok: false, code: 'invalid', problems: [{ code: 'yaml-syntax' }] });
    if (bad.ok || bad.code !== 'invalid') return;
    expect(bad.problems[0]!.line).toBeGreaterThanOrEqual(8);
    const strikt = await source.write({ op: 'replace', ref: PA, text: paText('STRIKT'), version: versionOf(live, PA) });
    expect(strikt).toMatchObject({ ok: false, code: 'invalid', problems: [{ code: 'invalid-value', line: 9, column: 11 }] });
  });

  it('refuses a rename, pointing at metadata.name', async () => {
    const { source, live } = await sourceWith({ 'shop.yaml': POLICIES });
    const renamed = await source.write({ op: 'replace', ref: PA, text: paText('PERMISSIVE').replace('name: default', 'name: other'), version: versionOf(live, PA) });
    expect(renamed).toMatchObject({ ok: false, code: 'invalid', problems: [{ line: 5, column: 9 }] });
  });

  it('returns not-found for an object that does not exist', async () => {
    const { source } = await sourceWith({ 'shop.yaml': POLICIES });
    expect(await source.write({ op: 'replace', ref: { ...PA, name: 'nope' }, text: 'x: 1', version: 'v' })).toMatchObject({ ok: false, code: 'not-found' });
    expect(await source.write({ op: 'delete', ref: { ...PA, name: 'nope' }, version: 'v' })).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('creates an object in a file of its own and refuses to create it twice', async () => {
    const { dir, source, live } = await sourceWith({ 'shop.yaml': POLICIES });
    const dr = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: all\n  namespace: shop\nspec:\n  host: "*.shop.svc.cluster.local"\n';
    expect(await source.write({ op: 'create', text: dr })).toMatchObject({ ok: true, file: 'shop-destinationrule-all.yaml' });
    expect(readFileSync(join(dir, 'shop-destinationrule-all.yaml'), 'utf8')).toBe(dr);
    expect(live.current.snapshot.destinationRules.map((d) => d.name)).toEqual(['all']);
    expect(await source.write({ op: 'create', text: dr })).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('deletes one document and keeps the others with their comments', async () => {
    const { dir, source, live } = await sourceWith({ 'shop.yaml': POLICIES });
    expect(await source.write({ op: 'delete', ref: PA, version: versionOf(live, PA) })).toMatchObject({ ok: true });
    expect(readFileSync(join(dir, 'shop.yaml'), 'utf8')).toBe('---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop # keep me\n');
    expect(live.current.snapshot.peerAuthentications).toEqual([]);
  });

  it('is read-only with --view-only and when the files cannot be written', async () => {
    const { source, live } = await sourceWith({ 'shop.yaml': POLICIES }, { viewOnly: true });
    expect(source.readOnlyReason).toContain('--view-only');
    expect(await source.write({ op: 'replace', ref: PA, text: POLICIES, version: versionOf(live, PA) })).toMatchObject({ ok: false, code: 'read-only' });
  });

  it('is read-only when the files cannot be written', async () => {
    const { dir } = await sourceWith({ 'shop.yaml': POLICIES });
    chmodSync(dir, 0o555);
    chmodSync(join(dir, 'shop.yaml'), 0o444);
    expect(await readOnlyReasonAs(dir)).toContain('not writable');
  });
});

describe('FileSource never writes outside the served folder (F1, F15)', () => {
  const pa = (name: string, namespace = 'shop', kind = 'PeerAuthentication') => `apiVersion: security.istio.io/v1\nkind: ${kind}\nmetadata: {name: ${JSON.stringify(name)}, namespace: ${JSON.stringify(namespace)}}\nspec: {mtls: {mode: STRICT}}\n`;

  it.each([
    ['a name with ..', pa('x/../../pwned'), 'metadata.name'],
    ['a name with a slash', pa('a/b'), 'metadata.name'],
    ['a namespace with ..', pa('x', '../../..'), 'metadata.namespace'],
    ['an upper-case name', pa('Default'), 'metadata.name'],
    ['a kind meshlock does not know', pa('x', 'shop', '../../Evil'), 'kind'],
  ])('refuses %s, and nothing is written anywhere', async (_what, text, field) => {
    const parent = tempDir();
    const dir = join(parent, 'served');
    mkdirSync(dir);
    writeFileSync(join(dir, 'shop.yaml'), POLICIES);
    const { source } = await openOn(dir);
    const result = await source.write({ op: 'create', text });
    expect(result).toMatchObject({ ok: false, code: 'invalid', problems: [expect.objectContaining({ path: field === 'kind' ? ['kind'] : ['metadata', field.split('.')[1]] })] });
    expect(readdirSync(dir)).toEqual(['shop.yaml']);
    expect(readdirSync(parent)).toEqual(['served']);
  });

  it('writes a symlinked file through its link (the link stays a link) and refuses a link that leads outside', async () => {
    const parent = tempDir();
    const dir = join(parent, 'served');
    mkdirSync(join(dir, 'real'), { recursive: true });
    writeFileSync(join(dir, 'real', 'shop.yaml'), POLICIES);
    symlinkSync(join(dir, 'real', 'shop.yaml'), join(dir, 'linked.yaml'));
    writeFileSync(join(parent, 'outside.yaml'), POLICIES.replace(/shop/g, 'other'));
    symlinkSync(join(parent, 'outside.yaml'), join(dir, 'escape.yaml'));
    const { source, live } = await openOn(dir);
    // The same object twice (through the link and the real file): the first in load order counts.
    const saved = await source.write({ op: 'replace', ref: PA, text: paText('STRICT'), version: versionOf(live, PA) });
    expect(saved).toMatchObject({ ok: true, file: 'linked.yaml' });
    expect(lstatSync(join(dir, 'linked.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real', 'shop.yaml'), 'utf8')).toContain('mode: STRICT');
    const other = { ...PA, namespace: 'other' };
    const refused = await source.write({ op: 'replace', ref: other, text: paText('DISABLE').replace(/shop/g, 'other'), version: versionOf(live, other) });
    expect(refused).toMatchObject({ ok: false, code: 'read-only', message: expect.stringContaining('outside the served folder') });
    expect(readFileSync(join(parent, 'outside.yaml'), 'utf8')).toBe(POLICIES.replace(/shop/g, 'other'));
  });
});

describe('FileSource keeps what it does not edit (F5, F14)', () => {
  it('reads every document of a CRLF file, and a save keeps CRLF', async () => {
    const crlf = POLICIES.replace(/\n/g, '\r\n');
    const { dir, source, live } = await sourceWith({ 'shop.yaml': crlf });
    expect(live.current.snapshot.problems).toEqual([]);
    expect(live.current.snapshot.objects.map((o) => o.kind)).toEqual(['PeerAuthentication', 'Namespace']);
    expect(await source.write({ op: 'replace', ref: PA, text: paText('STRICT'), version: versionOf(live, PA) })).toMatchObject({ ok: true });
    expect(readFileSync(join(dir, 'shop.yaml'), 'utf8')).toBe(crlf.replace('PERMISSIVE', 'STRICT'));
  });

  it('keeps bytes that are not UTF-8 in other documents, a BOM, and the permission bits', async () => {
    const latin1 = Buffer.concat([Buffer.from('\uFEFF' + POLICIES.split('---\n')[0]! + '---\n# caf', 'utf8'), Buffer.from([0xe9, 0xff]), Buffer.from('\n' + POLICIES.split('---\n')[1]!, 'utf8')]);
    const { dir, source, live } = await sourceWith({ 'shop.yaml': latin1 });
    chmodSync(join(dir, 'shop.yaml'), 0o640);
    expect(await source.write({ op: 'replace', ref: PA, text: paText('STRICT'), version: versionOf(live, PA) })).toMatchObject({ ok: true });
    const after = readFileSync(join(dir, 'shop.yaml'));
    expect(after.equals(Buffer.from(latin1.toString('latin1').replace('PERMISSIVE', 'STRICT'), 'latin1'))).toBe(true);
    expect(statSync(join(dir, 'shop.yaml')).mode & 0o777).toBe(0o640);
  });
});

describe('FileSource saves merge with other programs (F4, F12)', () => {
  it('merges when another document of the file changes between the read and the rename', async () => {
    const { dir } = await sourceWith({ 'shop.yaml': POLICIES });
    const path = join(dir, 'shop.yaml');
    let attempts = 0;
    await editFile(path, (file) => {
      attempts++;
      // An editor saves the other document while meshlock is about to rename: the first plan is stale.
      if (attempts === 1) writeFileSync(path, POLICIES.replace('# keep me', '# edited elsewhere'));
      return { done: true, bytes: Buffer.from(file!.text.replace('PERMISSIVE', 'STRICT')), value: undefined };
    });
    expect(attempts).toBe(2);
    expect(readFileSync(path, 'utf8')).toBe(POLICIES.replace('PERMISSIVE', 'STRICT').replace('# keep me', '# edited elsewhere'));
  });

  it('loses no change of another program in 150 racing saves', async () => {
    const { dir, source, live } = await sourceWith({ 'shop.yaml': POLICIES });
    const path = join(dir, 'shop.yaml');
    let lost = 0;
    for (let round = 0; round < 150; round++) {
      const mode = round % 2 === 0 ? 'STRICT' : 'PERMISSIVE';
      const save = source.write({ op: 'replace', ref: PA, text: paText(mode), version: versionOf(live, PA) });
      // The other program rewrites the Namespace document, in place, at a varying moment.
      await new Promise((resolve) => setTimeout(resolve, round % 4));
      const current = readFileSync(path, 'utf8');
      writeFileSync(path, current.replace(/# keep me.*|# round \d+/, `# round ${round}`));
      await save;
      if (!readFileSync(path, 'utf8').includes(`# round ${round}`)) lost++;
    }
    expect(lost).toBe(0);
    expect(readdirSync(dir)).toEqual(['shop.yaml']);
  });

  it('removes temporary files a killed save left behind, at start-up', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'shop.yaml'), POLICIES);
    const stale = join(dir, '.shop.yaml.0123456789ab.meshlock-tmp');
    writeFileSync(stale, POLICIES.slice(0, 40));
    utimesSync(stale, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    const fresh = join(dir, '.shop.yaml.ba9876543210.meshlock-tmp');
    writeFileSync(fresh, 'being written by another meshlock now');
    await openOn(dir);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
  });
});

describe('FileSource follows every way a file changes', () => {
  /** Opens a watched source on `files`, runs `change`, and waits for the PeerAuthentication's mode. */
  async function follows(files: Record<string, string>, change: (dir: string) => void, expected: string | undefined, paths?: (dir: string) => string[]) {
    const dir = tempDir();
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const { live } = await openOn(dir, { watch: true }, paths?.(dir));
    change(dir);
    await expect.poll(() => modeOf(live), { timeout: 3_000, interval: 20 }).toBe(expected);
    return { dir, live };
  }

  it('an in-place write', async () => {
    await follows({ 'shop.yaml': POLICIES }, (dir) => writeFileSync(join(dir, 'shop.yaml'), POLICIES.replace('PERMISSIVE', 'STRICT')), 'STRICT');
  });

  it('a truncate', async () => {
    await follows({ 'shop.yaml': POLICIES }, (dir) => truncateSync(join(dir, 'shop.yaml'), 0), undefined);
  });

  it('a rename over the file, and in-place writes after it (F3)', async () => {
    const { dir, live } = await follows(
      { 'shop.yaml': POLICIES },
      (d) => {
        writeFileSync(join(d, 'next.tmp'), POLICIES.replace('PERMISSIVE', 'STRICT'));
        renameSync(join(d, 'next.tmp'), join(d, 'shop.yaml'));
      },
      'STRICT',
    );
    writeFileSync(join(dir, 'shop.yaml'), POLICIES.replace('PERMISSIVE', 'DISABLE'));
    await expect.poll(() => modeOf(live), { timeout: 3_000, interval: 20 }).toBe('DISABLE');
    writeFileSync(join(dir, 'shop.yaml'), POLICIES.replace('PERMISSIVE', 'STRICT'));
    await expect.poll(() => modeOf(live), { timeout: 3_000, interval: 20 }).toBe('STRICT');
  });

  it('a delete, then the file again', async () => {
    const { dir, live } = await follows({ 'shop.yaml': POLICIES }, (d) => unlinkSync(join(d, 'shop.yaml')), undefined);
    writeFileSync(join(dir, 'shop.yaml'), POLICIES.replace('PERMISSIVE', 'STRICT'));
    await expect.poll(() => modeOf(live), { timeout: 3_000, interval: 20 }).toBe('STRICT');
  });

  it("an editor's swap-file save (backup rename, new file, backup removed)", async () => {
    await follows(
      { 'shop.yaml': POLICIES },
      (dir) => {
        writeFileSync(join(dir, '.shop.yaml.swp'), 'swap');
        renameSync(join(dir, 'shop.yaml'), join(dir, 'shop.yaml~'));
        writeFileSync(join(dir, 'shop.yaml'), POLICIES.replace('PERMISSIVE', 'STRICT'));
        unlinkSync(join(dir, 'shop.yaml~'));
        unlinkSync(join(dir, '.shop.yaml.swp'));
      },
      'STRICT',
    );
  });

  it('a new sub-directory with a file in it', async () => {
    await follows({ 'namespace.yaml': POLICIES.split('---\n')[1]! }, (dir) => {
      mkdirSync(join(dir, 'policies'));
      writeFileSync(join(dir, 'policies', 'shop.yaml'), paText('STRICT'));
    }, 'STRICT');
  });

  it('a symlinked file whose target is edited in place', async () => {
    await follows(
      { 'targets/shop.yaml': POLICIES, 'served/keep.txt': '' },
      (dir) => writeFileSync(join(dir, 'targets', 'shop.yaml'), POLICIES.replace('PERMISSIVE', 'STRICT')),
      'STRICT',
      (dir) => {
        symlinkSync(join(dir, 'targets', 'shop.yaml'), join(dir, 'served', 'shop.yaml'));
        return [join(dir, 'served')];
      },
    );
  });
});
