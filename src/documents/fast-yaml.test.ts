import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { dump, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../cli/source.js';
import { randomWorld } from '../testing/conformance/random-world.js';
import { seededRandom } from '../testing/seeded-random.js';
import { fastLoad } from './fast-yaml.js';
import { splitDocuments } from './split.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const written = [
  ...yamlFiles(join(packageRoot(), 'fixtures')).flatMap((file) => splitDocuments(readFileSync(file, 'utf8')).map((c) => c.text)),
  ...Array.from({ length: 40 }, (_, seed) => randomWorld(seed).yaml).flatMap((yaml) => splitDocuments(yaml).map((c) => c.text)),
];
/** The same objects in block style, as `kubectl get -o yaml` and most tools write them. */
const blockStyle = written.flatMap((text) => {
  const value = jsYaml(text);
  return 'value' in value && value.value !== undefined ? [dump(value.value)] : [];
});
const documents = [...written, ...blockStyle];

/** js-yaml's answer, or the error it throws. */
function jsYaml(text: string): { value: unknown } | { error: string } {
  try {
    return { value: load(text) };
  } catch (error) {
    return { error: String(error) };
  }
}

/** The same value, and the same key order (which JSON output and the editor show). */
function agrees(text: string): string | undefined {
  const fast = fastLoad(text);
  if (fast === undefined) return undefined;
  const slow = jsYaml(text);
  if ('error' in slow) return `js-yaml refuses what the fast reader read: ${slow.error}\n${text}`;
  if (!isDeepStrictEqual(fast.value, slow.value) || JSON.stringify(fast.value) !== JSON.stringify(slow.value)) {
    return `different values for\n${text}\nfast: ${JSON.stringify(fast.value)}\njs-yaml: ${JSON.stringify(slow.value)}`;
  }
  return undefined;
}

/** Scalars whose type depends on the schema: js-yaml 4 reads YAML 1.2's core schema plus timestamps. */
const WORDS = ['yes', 'no', 'on', 'off', 'y', 'n', '~', 'null', 'Null', 'NULL', 'nULL', 'true', 'True', 'TRUE', 'tRUE', 'false', '0', '00', '007', '0x1F', '0o7', '0b1', '1_000', '.5', '1.', '.inf', '-.Inf', '.NaN', '1e3', '+1', '-1', '12:30', '2024-01-01', '2024-01-01T00:00:00Z', '123456789012345', '1234567890123456', '"x"', "'x'", '"a\\nb"', "'a''b'", '@x', '`x', '%x', '-x', '?x', ':x', 'x:', 'a #b', 'a# b', '/p', '_u', '<<', '[a, b]', '["x", 1, true, ~]', '[]', '{}', '[a,]', '[a, [b]]', '["a,b"]', "['a', 'b''c']", '[a b]', '[ ]', '[a:b]', '{a: 1}'];

describe('fastLoad', () => {
  it('reads the documents of the fixtures and of generated worlds as js-yaml does, most of them without js-yaml', () => {
    expect(documents.length).toBeGreaterThan(500);
    expect(documents.map(agrees).filter(Boolean)).toEqual([]);
    const read = blockStyle.filter((d) => fastLoad(d) !== undefined).length;
    expect(read / blockStyle.length).toBeGreaterThan(0.8);
  });

  it('agrees with js-yaml, or declines, on every mutation of those documents (characters inserted, deleted, lines moved)', () => {
    const random = seededRandom(11);
    const alphabet = [' ', '  ', '-', '- ', ':', ': ', '#', ' #', '"', "'", '\n', '\n  ', '{', '[', '|', '>', '&a ', '*a', '!', '~', '0', '1', '08', '1.5', 'true', 'null', 'yes', 'x', '\t', '\\', '\u0001', '\u007f', '\ud800', '\udc00', '😀', '__proto__', '<<', '%', '?', '---\n', '...\n', '2024-01-01'];
    const readable = documents.filter((d) => fastLoad(d) !== undefined);
    const failures: string[] = [];
    let read = 0;
    for (let i = 0; i < 20_000; i++) {
      const base = readable[Math.floor(random() * readable.length)]!;
      let text = base;
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
        const at = Math.floor(random() * (text.length + 1));
        const choice = random();
        if (choice < 0.25) {
          // A value replaced by a word YAML might read as something other than a string.
          const lines = text.split('\n');
          const line = Math.floor(random() * lines.length);
          lines[line] = (lines[line] ?? '').replace(/: .*$/, `: ${WORDS[Math.floor(random() * WORDS.length)]}`);
          text = lines.join('\n');
        } else if (choice < 0.55) text = text.slice(0, at) + alphabet[Math.floor(random() * alphabet.length)]! + text.slice(at);
        else if (choice < 0.8) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 4));
        else {
          const lines = text.split('\n');
          const from = Math.floor(random() * lines.length);
          const [moved] = lines.splice(from, 1);
          lines.splice(Math.floor(random() * lines.length), 0, moved ?? '');
          text = lines.join('\n');
        }
      }
      if (fastLoad(text) !== undefined) read++;
      const problem = agrees(text);
      if (problem) failures.push(problem);
    }
    expect(failures.slice(0, 3)).toEqual([]);
    // The mutations must exercise the reader, not only its refusals.
    expect(read).toBeGreaterThan(5000);
  });

  it.each([
    ['integer-looking keys become the same property names', 'spec:\n  portLevelMtls:\n    8080:\n      mode: DISABLE\n    0:\n      mode: STRICT\n'],
    ['a sequence at its key indent', 'a:\n- x\n- y\nb: 1\n'],
    ['sequence items that are mappings, inline and below the dash', 'c:\n  - name: a\n    port: 80\n  -\n    name: b\n'],
    ['quoted scalars', "a: 'it''s'\nb: \"x: y\"\n"],
    ['words js-yaml keeps as strings, and a comment', 'c: yes # no\nd: off\ne: y\n'],
    ['null and booleans', 'd: ~\ne: True\nf: null\ng:\nh: FALSE\n'],
  ])('%s', (_name, text) => {
    expect(fastLoad(text)).toEqual({ value: load(text) });
    expect(agrees(text)).toBeUndefined();
  });

  it('declines what it does not read: a duplicate key (also in a long mapping), a flow mapping, a block scalar, an anchor, a float, a timestamp', () => {
    const longWithDuplicate = `${Array.from({ length: 20 }, (_, i) => `k${i}: v`).join('\n')}\nk3: again\n`;
    for (const text of [longWithDuplicate, 'a: 1\na: 2\n', 'a: {b: 1}\n', 'a: |\n  x\n', 'a: &x 1\n', 'a: 1.5\n', 'a: 2024-01-01\n', 'a: b\n  c\n']) expect(fastLoad(text)).toBeUndefined();
  });

  it('leaves control characters and lone surrogates to js-yaml, which refuses them', () => {
    for (const text of ['a: "x\u0001y"\n', 'a: x\ud800\n', 'a: \udc00x\n']) {
      expect(fastLoad(text)).toBeUndefined();
      expect(jsYaml(text)).toHaveProperty('error');
    }
    expect(fastLoad("a: 'x\u007fy'\n")).toBeUndefined();
  });
});
