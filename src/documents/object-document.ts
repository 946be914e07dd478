// One object's document as the editor shows it: from the file text it was read from, or (an object read
// from an API server, which has no text of its own) the YAML made from the object itself.
import { isRecord, type MeshObject } from '../core/index.js';
import { documentAt } from './edit.js';
import type { PositionResolver } from './positions.js';
import { objectYaml } from './object-yaml.js';

export interface ObjectDocument {
  readonly text: string;
  /** Kubernetes: metadata.resourceVersion; files: a hash of the document's text. */
  readonly version: string;
  /** 1-based line of the document in its file (1 when it has no file). */
  readonly line: number;
  /** Why this document cannot be saved on its own (one item of a `kind: List`); undefined when it can. */
  readonly readOnlyReason: string | undefined;
}

const LIST_ITEM = 'this object is one item of a List document; edit its file directly';

export function resourceVersionOf(raw: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const metadata = raw?.metadata;
  return isRecord(metadata) && typeof metadata.resourceVersion === 'string' ? metadata.resourceVersion : undefined;
}

/** The document of `object` in the texts it was read from (through their resolver), or made from the object without a file. */
export function documentOf(object: MeshObject, texts: PositionResolver): ObjectDocument | undefined {
  const span = object.source;
  if (!span) return { text: objectYaml(object.raw), version: resourceVersionOf(object.raw) ?? '', line: 1, readOnlyReason: undefined };
  const chunk = texts.document(span);
  const at = chunk && documentAt(chunk, span);
  return at && { text: at.text, version: at.version, line: at.line, readOnlyReason: at.whole ? undefined : LIST_ITEM };
}
