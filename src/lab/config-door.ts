// The lab API's config writes (`PUT /api/config`, `DELETE /api/config/...`), the terminal's `kubectl apply`:
// they go to the source the lab runs from, so the console, the event stream and the lab itself all see
// them, exactly as a console save or a file edit.
import { formatRef, type ObjectRef, type Problem } from '../core/index.js';
import { parseFile } from '../documents/parse.js';
import { splitDocuments } from '../documents/split.js';
import { objectAt, documentIn } from '../reports/revision.js';
import type { LiveMesh } from '../sources/live-mesh.js';

export interface AppliedConfig {
  readonly applied: readonly string[];
  readonly problems: readonly Problem[];
}

/** Creates or replaces every object of a YAML/JSON text, one document at a time (last writer wins, as `kubectl apply`). */
export async function applyConfigText(live: LiveMesh, text: string, file = 'api'): Promise<AppliedConfig> {
  const applied: string[] = [];
  const problems: Problem[] = [...parseFile(text, file).problems];
  for (const chunk of splitDocuments(text)) {
    const { objects } = parseFile(chunk.text, file);
    const object = objects[0];
    if (!object || objects.length !== 1) continue;
    const existing = objectAt(live.current, object);
    const version = existing && documentIn(live.current, existing)?.version;
    const result = existing && version !== undefined ? await live.write({ op: 'replace', ref: existing, text: chunk.text, version }) : await live.write({ op: 'create', text: chunk.text });
    if (result.ok) applied.push(formatRef(object));
    else problems.push({ code: 'invalid-value', message: `${formatRef(object)}: ${result.message}`, file, line: chunk.lineOffset + 1, column: 1 });
  }
  return { applied, problems };
}

/** Deletes one object; false when it does not exist. */
export async function removeConfig(live: LiveMesh, ref: ObjectRef): Promise<boolean> {
  const existing = objectAt(live.current, ref);
  const version = existing && documentIn(live.current, existing)?.version;
  if (!existing || version === undefined) return false;
  const result = await live.write({ op: 'delete', ref: existing, version });
  return result.ok;
}
