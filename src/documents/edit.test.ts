import { describe, expect, it } from 'vitest';
import { appendDocument, documentVersion, locateDocument, removeDocument, replaceDocument } from './edit.js';

const FILE = `# travel-agency policies: keep this header
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: travel-agency
spec:
  mtls:
    mode: PERMISSIVE # was STRICT until the migration
---
# the namespace-wide rule
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: enable-mtls
  namespace: travel-agency
spec:
  host: "*.travel-agency.svc.cluster.local"
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
---
apiVersion: v1
kind: Namespace
metadata:
  name: travel-agency
`;

const PA = { kind: 'PeerAuthentication', namespace: 'travel-agency', name: 'default' };
const DR = { kind: 'DestinationRule', namespace: 'travel-agency', name: 'enable-mtls' };
const NS = { kind: 'Namespace', namespace: '', name: 'travel-agency' };

describe('locateDocument', () => {
  it('finds the document after its --- line, with its comments and a version of its text', () => {
    const at = locateDocument(FILE, 'f.yaml', DR);
    expect(at?.text.startsWith('# the namespace-wide rule\napiVersion')).toBe(true);
    expect(at?.line).toBe(11);
    expect(at?.version).toBe(documentVersion(at?.text ?? ''));
  });

  it('returns undefined for an object the file does not hold', () => {
    expect(locateDocument(FILE, 'f.yaml', { ...PA, name: 'other' })).toBeUndefined();
  });
});

describe('replaceDocument', () => {
  it('changes only the edited document: the others and their comments stay byte-identical', () => {
    const at = locateDocument(FILE, 'f.yaml', DR)!;
    const next = replaceDocument(FILE, at, at.text.replace('ISTIO_MUTUAL', 'DISABLE'));
    expect(next.slice(0, at.start)).toBe(FILE.slice(0, at.start));
    expect(next.slice(next.length - (FILE.length - at.end))).toBe(FILE.slice(at.end));
    expect(next).toContain('mode: DISABLE');
    expect(next).toContain('# was STRICT until the migration');
  });

  it('adds the newline the next --- needs', () => {
    const at = locateDocument(FILE, 'f.yaml', PA)!;
    const next = replaceDocument(FILE, at, 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: travel-agency}');
    expect(next).toContain('travel-agency}\n---\n# the namespace-wide rule');
  });
});

describe('removeDocument', () => {
  it('removes a middle document with its --- line', () => {
    const next = removeDocument(FILE, locateDocument(FILE, 'f.yaml', DR)!);
    expect(next).not.toContain('enable-mtls');
    expect(next.split('---\n')).toHaveLength(2);
    expect(next.startsWith('# travel-agency policies: keep this header\n')).toBe(true);
  });

  it('removes the first document and leaves the rest loadable', () => {
    const next = removeDocument(FILE, locateDocument(FILE, 'f.yaml', PA)!);
    expect(locateDocument(next, 'f.yaml', DR)).toBeDefined();
    expect(locateDocument(next, 'f.yaml', NS)).toBeDefined();
  });

  it('leaves an empty text when the only document goes', () => {
    const single = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n';
    expect(removeDocument(single, locateDocument(single, 'f.yaml', { kind: 'Namespace', namespace: '', name: 'a' })!)).toBe('');
  });
});

describe('appendDocument', () => {
  it('separates the new document with ---, and starts an empty file without one', () => {
    expect(appendDocument('a: 1', 'b: 2')).toBe('a: 1\n---\nb: 2\n');
    expect(appendDocument('', 'b: 2\n')).toBe('b: 2\n');
  });
});
