// "Re-apply my change" after a conflict: the edit a person made (from the version they loaded to their text)
// applied on top of the version that is current now, so someone else's save and theirs both survive. Edits
// are found field by field on the parsed YAML; a list counts as one value, since merging list items by
// position would be a guess. The current text is changed through its syntax tree, so its comments stay.
import { isMap, isScalar, parse, parseDocument, type Document } from 'yaml';

type Edit = { readonly path: readonly string[]; readonly value: unknown } | { readonly path: readonly string[]; readonly remove: true };

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => same(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && same(a[k], b[k]));
  }
  return Object.is(a, b);
}

/** The field-level edits that turn `base` into `mine`. */
export function editsBetween(base: unknown, mine: unknown, path: readonly string[] = []): Edit[] {
  if (!isPlainObject(base) || !isPlainObject(mine)) return same(base, mine) ? [] : [{ path, value: mine }];
  const edits: Edit[] = [];
  for (const key of Object.keys(base)) if (!(key in mine)) edits.push({ path: [...path, key], remove: true });
  for (const [key, value] of Object.entries(mine)) {
    if (key in base) edits.push(...editsBetween(base[key], value, [...path, key]));
    else edits.push({ path: [...path, key], value });
  }
  return edits;
}

/** Path segments as the document's own keys: `8000` in the text is a number key, and setIn matches exactly. */
function ownKeys(doc: Document, path: readonly string[]): unknown[] {
  const keys: unknown[] = [];
  let node: unknown = doc.contents;
  for (const segment of path) {
    const pair = isMap(node) ? node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment) : undefined;
    keys.push(pair && isScalar(pair.key) ? pair.key.value : segment);
    node = pair?.value;
  }
  return keys;
}

export type Reapplied = { readonly text: string } | { readonly error: string };

export function reapply(baseText: string, mineText: string, currentText: string): Reapplied {
  let base: unknown;
  let mine: unknown;
  try {
    base = parse(baseText);
    mine = parse(mineText);
  } catch (error) {
    return { error: `your text does not parse as YAML: ${error instanceof Error ? error.message : String(error)}` };
  }
  const doc: Document = parseDocument(currentText);
  if (doc.errors.length > 0) return { error: `the current version does not parse as YAML: ${doc.errors[0]?.message ?? ''}` };
  try {
    for (const edit of editsBetween(base, mine)) {
      if (edit.path.length === 0) doc.contents = doc.createNode('value' in edit ? edit.value : null);
      else if ('remove' in edit) doc.deleteIn(ownKeys(doc, edit.path));
      else doc.setIn(ownKeys(doc, edit.path), edit.value);
    }
  } catch (error) {
    // setIn refuses to go through a value that is no longer a map: the two edits cannot both hold.
    return { error: `your change no longer fits the current version: ${error instanceof Error ? error.message : String(error)}` };
  }
  return { text: doc.toString({ lineWidth: 0 }) };
}
