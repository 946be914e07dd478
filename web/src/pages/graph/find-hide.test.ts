// Find/Hide as a specification: Kiali's operands for security (mtls, principals), meshlock's tri-state
// (plaintext, nodata) and configured-vs-observed ones, normal precedence, and errors as messages.
import { describe, expect, it } from 'vitest';
import type { GraphEdge } from '../../../../src/api/graph-schemas.js';
import { compileExpression } from './find-hide.js';
import { testEdge, testNode } from './graph-builders.js';

const node = testNode;
const edge = (over: Partial<GraphEdge>): GraphEdge => testEdge({ sourcePrincipals: ['spiffe://cluster.local/ns/travel-portal/sa/voyages'], ...over });

const full = edge({});
const partial = edge({ mtlsPercent: 66.7, plaintextPercent: 33.3, security: 'partial' });
const plain = edge({ mtlsPercent: 0, plaintextPercent: 100, security: 'plaintext', sourcePrincipals: [] });
const noData = edge({ mtlsPercent: null, plaintextPercent: null, security: 'no-data', errorRate: 2, errorPercent: 100, predictedOutcome: 'fail', sourcePrincipals: [] });
const edges = { full, partial, plain, noData };

function matching(expression: string): string[] {
  const m = compileExpression(expression);
  if (!m?.ok) throw new Error(m ? m.error : 'empty');
  return Object.entries(edges).filter(([, e]) => m.test(e)).map(([k]) => k);
}

describe('edge expressions', () => {
  it.each([
    ['mtls', ['full', 'partial']],
    ['has mtls', ['full', 'partial']],
    ['!mtls', ['plain']],
    ['mtls = 100', ['full']],
    ['mtls > 0 AND mtls < 100', ['partial']],
    ['plaintext', ['partial', 'plain']],
    ['nodata', ['noData']],
    ['security = partial', ['partial']],
    ['sourceprincipal contains ns/travel-portal', ['full', 'partial']],
    ['predicted = fail OR plaintext > 50', ['plain', 'noData']],
    ['error', ['noData']],
    ['not (mtls OR nodata)', ['plain']],
    ['protocol = http and !plaintext', ['full']],
  ])('%s', (expression, want) => {
    expect(matching(expression)).toEqual(want);
  });

  it('AND binds tighter than OR', () => {
    expect(matching('nodata OR mtls AND plaintext')).toEqual(['partial', 'noData']);
  });

  it('security operands ask for the Security display', () => {
    expect(compileExpression('plaintext')).toMatchObject({ ok: true, security: true, target: 'edge' });
    expect(compileExpression('error > 1')).toMatchObject({ ok: true, security: false });
  });
});

describe('node expressions', () => {
  it('!sidecar finds workloads known to have none, not services whose sidecars are unknown', () => {
    const m = compileExpression('!sidecar');
    if (!m?.ok) throw new Error('did not compile');
    expect([node({ sidecar: false }), node({ sidecar: null, kind: 'service' }), node({})].map((n) => m.test(n))).toEqual([true, false, false]);
  });

  it('ambient finds workloads ztunnel carries; the preset for workloads without sidecar leaves them out', () => {
    const ambient = node({ sidecar: false, dataplane: 'ambient', waypoint: 'travel-agency/waypoint' });
    const bare = node({ sidecar: false, dataplane: 'none' });
    const m = compileExpression('ambient');
    const preset = compileExpression('!sidecar AND !ambient');
    if (!m?.ok || !preset?.ok) throw new Error('did not compile');
    expect([ambient, bare, node({})].map((n) => m.test(n))).toEqual([true, false, false]);
    expect([ambient, bare, node({})].map((n) => preset.test(n))).toEqual([false, true, false]);
  });

  it('compares text without case, and quoted values keep their spaces', () => {
    const m = compileExpression('namespace = "Travel-Agency" or name startswith hot');
    if (!m?.ok) throw new Error('did not compile');
    expect([node({ namespace: 'travel-agency' }), node({ workload: 'hotels' }), node({})].map((n) => m.test(n))).toEqual([true, true, false]);
  });
});

describe('waypoint expressions', () => {
  it('waypoint finds edges through one, and names it', () => {
    const through = edge({ waypoint: 'travel-agency/waypoint' });
    const any = compileExpression('waypoint');
    const named = compileExpression('waypoint = travel-agency/waypoint');
    if (!any?.ok || !named?.ok) throw new Error('did not compile');
    expect([through, full].map((e) => any.test(e))).toEqual([true, false]);
    expect([through, edge({ waypoint: 'other/waypoint' })].map((e) => named.test(e))).toEqual([true, false]);
  });
});

describe('errors', () => {
  it.each([
    ['mtls AND namespace = a', 'nodes or edges, not both'],
    ['speed > 3', 'unknown operand "speed"'],
    ['rate > fast', '"fast" is not a number'],
    ['protocol', '"protocol" needs a comparison'],
    ['(mtls', 'not closed'],
    ['mtls =', 'needs a value'],
  ])('%s', (expression, message) => {
    expect(compileExpression(expression)).toEqual({ ok: false, error: expect.stringContaining(message) });
  });

  it('an empty expression is no expression', () => {
    expect(compileExpression('  ')).toBeUndefined();
  });
});
