import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSource } from './file-source.js';
import { documentAt } from './write.js';

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

const PA = { kind: 'PeerAuthentication', namespace: 'shop', name: 'default' };

const open: FileSource[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const source of open.splice(0)) await source.close();
  for (const dir of dirs.splice(0)) {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  }
});

async function sourceWith(files: Record<string, string>, options: { viewOnly?: boolean } = {}): Promise<{ dir: string; source: FileSource }> {
  const dir = mkdtempSync(join(tmpdir(), 'meshlock-source-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const source = await FileSource.open([dir], dir, { watch: false, ...options });
  open.push(source);
  return { dir, source };
}

function versionOf(source: FileSource, ref: typeof PA): string {
  const object = source.current().snapshot.objects.find((o) => o.kind === ref.kind && o.name === ref.name && o.namespace === ref.namespace)!;
  return documentAt(source.current().texts.get(object.source!.file)!, object.source!)!.version;
}

describe('FileSource writes', () => {
  it('updates one document in place, keeps the rest of the file, and reloads the objects', async () => {
    const { dir, source } = await sourceWith({ 'shop.yaml': POLICIES });
    const changes: string[][] = [];
    source.onChange((c) => changes.push([...c.files]));
    const edited = POLICIES.split('---\n')[0]!.replace('PERMISSIVE', 'STRICT');
    const result = await source.update(PA, edited, versionOf(source, PA));
    expect(result).toMatchObject({ ok: true, file: 'shop.yaml' });
    const text = readFileSync(join(dir, 'shop.yaml'), 'utf8');
    expect(text).toBe(POLICIES.replace('PERMISSIVE', 'STRICT'));
    expect(source.current().snapshot.peerAuthentications[0]?.mode).toBe('STRICT');
    expect(changes).toEqual([['shop.yaml']]);
    expect(readdirSync(dir)).toEqual(['shop.yaml']);
  });

  it('refuses an edit made against an older version (409), and the first edit is kept', async () => {
    const { dir, source } = await sourceWith({ 'shop.yaml': POLICIES });
    const version = versionOf(source, PA);
    const doc = POLICIES.split('---\n')[0]!;
    const [a, b] = await Promise.all([source.update(PA, doc.replace('PERMISSIVE', 'STRICT'), version), source.update(PA, doc.replace('PERMISSIVE', 'DISABLE'), version)]);
    expect(a.ok).toBe(true);
    expect(b).toMatchObject({ ok: false, code: 'conflict' });
    expect(readFileSync(join(dir, 'shop.yaml'), 'utf8')).toBe(POLICIES.replace('PERMISSIVE', 'STRICT'));
  });

  it('refuses text that does not load, with line and column in the sent text', async () => {
    const { source } = await sourceWith({ 'shop.yaml': POLICIES });
    const bad = await source.update(PA, 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: shop\nspec:\n  mtls:\n    mode: [STRICT\n', versionOf(source, PA));
    expect(bad).toMatchObject({ ok: false, code: 'invalid' });
    if (bad.ok || bad.code !== 'invalid') return;
    expect(bad.problems[0]).toMatchObject({ code: 'yaml-syntax' });
    expect(bad.problems[0]!.line).toBeGreaterThanOrEqual(8);

    const strikt = await source.update(PA, POLICIES.split('---\n')[0]!.replace('PERMISSIVE', 'STRIKT'), versionOf(source, PA));
    expect(strikt).toMatchObject({ ok: false, code: 'invalid', problems: [{ code: 'invalid-value', line: 9, column: 11 }] });
  });

  it('refuses a rename, pointing at metadata.name', async () => {
    const { source } = await sourceWith({ 'shop.yaml': POLICIES });
    const renamed = await source.update(PA, POLICIES.split('---\n')[0]!.replace('name: default', 'name: other'), versionOf(source, PA));
    expect(renamed).toMatchObject({ ok: false, code: 'invalid', problems: [{ line: 5, column: 9 }] });
  });

  it('returns not-found for an object that does not exist', async () => {
    const { source } = await sourceWith({ 'shop.yaml': POLICIES });
    expect(await source.update({ ...PA, name: 'nope' }, 'x: 1', 'v')).toMatchObject({ ok: false, code: 'not-found' });
    expect(await source.remove({ ...PA, name: 'nope' }, 'v')).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('creates an object in its own file and refuses to create it twice', async () => {
    const { dir, source } = await sourceWith({ 'shop.yaml': POLICIES });
    const dr = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: all\n  namespace: shop\nspec:\n  host: "*.shop.svc.cluster.local"\n';
    expect(await source.create(dr)).toMatchObject({ ok: true, file: 'shop-destinationrule-all.yaml' });
    expect(readFileSync(join(dir, 'shop-destinationrule-all.yaml'), 'utf8')).toBe(dr);
    expect(source.current().snapshot.destinationRules.map((d) => d.name)).toEqual(['all']);
    expect(await source.create(dr)).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('deletes one document and keeps the others with their comments', async () => {
    const { dir, source } = await sourceWith({ 'shop.yaml': POLICIES });
    expect(await source.remove(PA, versionOf(source, PA))).toMatchObject({ ok: true });
    expect(readFileSync(join(dir, 'shop.yaml'), 'utf8')).toBe('---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop # keep me\n');
    expect(source.current().snapshot.peerAuthentications).toEqual([]);
  });

  it('is read-only with --view-only and when the files cannot be written', async () => {
    const { source } = await sourceWith({ 'shop.yaml': POLICIES }, { viewOnly: true });
    expect(source.readOnlyReason).toContain('--view-only');
    expect(await source.update(PA, POLICIES, versionOf(source, PA))).toMatchObject({ ok: false, code: 'read-only' });

    if (process.getuid?.() === 0) return; // root writes anywhere; the permission case cannot be staged
    const { dir } = await sourceWith({ 'shop.yaml': POLICIES });
    chmodSync(dir, 0o555);
    const locked = await FileSource.open([dir], dir, { watch: false });
    open.push(locked);
    expect(locked.readOnlyReason).toContain('not writable');
  });
});

describe('FileSource watching', () => {
  it('follows an edit made by another program', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshlock-watch-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'shop.yaml'), POLICIES);
    const source = await FileSource.open([dir], dir);
    open.push(source);
    const changed = new Promise<readonly string[]>((resolve) => source.onChange((c) => resolve(c.files)));
    writeFileSync(join(dir, 'shop.yaml'), POLICIES.replace('PERMISSIVE', 'STRICT'));
    expect(await changed).toEqual(['shop.yaml']);
    expect(source.current().snapshot.peerAuthentications[0]?.mode).toBe('STRICT');
  });
});
