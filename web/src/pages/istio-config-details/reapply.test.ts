// Re-applying a person's change on top of someone else's save: both survive, comments of the current text
// stay, and a change that no longer fits is refused rather than guessed.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { editsBetween, reapply } from './reapply.js';

const BASE = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: travel-agency
spec:
  mtls:
    mode: STRICT
`;

describe('reapply', () => {
  it('keeps their change and applies mine, field by field', () => {
    const theirs = `# tuned by Alice\n${BASE.replace('STRICT', 'DISABLE')}`;
    const mine = BASE.replace('  namespace: travel-agency\n', '  namespace: travel-agency\n  labels:\n    team: bob\n');
    const result = reapply(BASE, mine, theirs);
    expect('text' in result && parse(result.text)).toMatchObject({ metadata: { labels: { team: 'bob' } }, spec: { mtls: { mode: 'DISABLE' } } });
    expect('text' in result && result.text.startsWith('# tuned by Alice\n')).toBe(true);
  });

  it('lets my value win where we both changed the same field, and removes what I removed', () => {
    const theirs = BASE.replace('STRICT', 'DISABLE');
    const mine = BASE.replace('STRICT', 'PERMISSIVE').replace('  mtls:\n    mode: PERMISSIVE\n', '  mtls:\n    mode: PERMISSIVE\n  portLevelMtls:\n    8000:\n      mode: DISABLE\n');
    const result = reapply(BASE, mine, theirs);
    expect('text' in result && parse(result.text)).toMatchObject({ spec: { mtls: { mode: 'PERMISSIVE' }, portLevelMtls: { 8000: { mode: 'DISABLE' } } } });
    const removed = reapply(BASE, BASE.replace('spec:\n  mtls:\n    mode: STRICT\n', ''), theirs);
    expect('text' in removed && parse(removed.text)).not.toHaveProperty('spec');
  });

  it('matches number keys of the current text instead of adding a second one', () => {
    const withPort = `${BASE}  portLevelMtls:\n    8000:\n      mode: STRICT\n`;
    const result = reapply(withPort, withPort.replace(/mode: STRICT\n$/, 'mode: DISABLE\n'), withPort.replace('mode: STRICT\n  portLevelMtls', 'mode: PERMISSIVE\n  portLevelMtls'));
    expect('text' in result && result.text.match(/8000/g)).toHaveLength(1);
    expect('text' in result && parse(result.text)).toMatchObject({ spec: { mtls: { mode: 'PERMISSIVE' }, portLevelMtls: { 8000: { mode: 'DISABLE' } } } });
  });

  it('refuses a change that no longer fits, and text that does not parse', () => {
    const theirs = BASE.replace('  mtls:\n    mode: STRICT\n', '  mtls: null\n').replace('spec:\n  mtls: null\n', 'spec: 3\n');
    expect(reapply(BASE, BASE.replace('STRICT', 'DISABLE'), theirs)).toMatchObject({ error: expect.stringContaining('no longer fits') });
    expect(reapply(BASE, 'kind: [', BASE)).toMatchObject({ error: expect.stringContaining('does not parse') });
  });

  it('treats lists as one value', () => {
    expect(editsBetween({ a: [1, 2] }, { a: [1, 3] })).toEqual([{ path: ['a'], value: [1, 3] }]);
    expect(editsBetween({ a: [1, 2] }, { a: [1, 2] })).toEqual([]);
  });
});
