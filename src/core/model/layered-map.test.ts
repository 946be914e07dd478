import { describe, expect, it } from 'vitest';
import { LayeredMap } from './layered-map.js';

const base = (n: number) => LayeredMap.of(new Map(Array.from({ length: n }, (_, i) => [`k${i}`, i])));

describe('LayeredMap', () => {
  it('leaves the map it was derived from unchanged', () => {
    const first = base(1000);
    const draft = first.edit();
    draft.set('k1', -1);
    draft.delete('k2');
    draft.set('new', 5);
    const second = draft.done();
    expect([first.get('k1'), first.has('k2'), first.has('new')]).toEqual([1, true, false]);
    expect([second.get('k1'), second.has('k2'), second.get('k2'), second.get('new')]).toEqual([-1, false, undefined, 5]);
  });

  it('lists values in the original order with added keys last, through several revisions and a fold', () => {
    let map = base(100);
    const expected = new Map(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]));
    for (let revision = 0; revision < 40; revision++) {
      const draft = map.edit();
      for (let i = 0; i < 5; i++) {
        const key = `k${(revision * 7 + i * 13) % 100}`;
        if (i % 2) {
          draft.delete(key);
          expected.delete(key);
        } else {
          draft.set(key, revision);
          expected.set(key, revision);
        }
      }
      draft.set(`added${revision}`, revision);
      expected.set(`added${revision}`, revision);
      map = draft.done();
    }
    expect([...map.values()].sort()).toEqual([...expected.values()].sort());
    for (const [key, value] of expected) expect(map.get(key)).toBe(value);
  });

  it('keeps an undefined value apart from a missing key', () => {
    const draft = LayeredMap.of(new Map<string, number | undefined>([['a', 1]])).edit();
    draft.set('a', undefined);
    const map = draft.done();
    expect([map.has('a'), map.get('a'), [...map.values()]]).toEqual([true, undefined, [undefined]]);
  });
});
