// A live object as the YAML people edit, and the API server's field paths placed back in that YAML. The
// server owns some fields (managedFields, status, uid, resourceVersion, ...): they are left out of the text
// because a replace keeps the server's values for them anyway, and they would only be noise in the editor.
import { stringify } from 'yaml';
import { isRecord, type Problem } from '../core/index.js';
import { parseFile } from './parse.js';
import { PositionResolver } from './positions.js';

/** A Kubernetes-shaped document: apiVersion, kind, metadata, and the rest. */
export type RawObject = Readonly<Record<string, unknown>>;

/** One field an API server refused, by its dotted path (`spec.mtls.mode`). */
export interface FieldCause {
  readonly field: string;
  readonly message: string;
}

/** metadata fields the API server sets and keeps on update, whatever the body says. */
const SERVER_METADATA = ['managedFields', 'resourceVersion', 'uid', 'generation', 'creationTimestamp', 'selfLink'];
/** Top-level fields written first, in kubectl's order; the rest follow as the server sent them. */
const LEADING = ['apiVersion', 'kind', 'metadata'];

export function objectYaml(raw: RawObject): string {
  const ordered: Record<string, unknown> = {};
  for (const key of LEADING) if (raw[key] !== undefined) ordered[key] = raw[key];
  for (const [key, value] of Object.entries(raw)) if (!LEADING.includes(key) && key !== 'status') ordered[key] = value;
  if (isRecord(ordered.metadata)) {
    const metadata: Record<string, unknown> = { ...ordered.metadata };
    for (const key of SERVER_METADATA) delete metadata[key];
    ordered.metadata = metadata;
  }
  // lineWidth 0: long values (certificates, hosts) stay on their line instead of being folded.
  return stringify(ordered, { lineWidth: 0 });
}

/**
 * `spec.mtls.mode`, `spec.servers[0].hosts`, `metadata.labels[app.kubernetes.io/name]` → path segments;
 * numeric brackets are list indexes.
 */
function fieldPath(field: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const match of field.matchAll(/([^.[\]]+)|\[([^\]]*)\]/g)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(/^\d+$/.test(match[2]) ? Number(match[2]) : match[2]);
  }
  return segments;
}

const SENT = '(sent)';

/**
 * The API server's causes (`{field: 'spec.mtls.mode', message}`) as problems at their line and column in
 * the text that was sent. A field the text does not have points at its nearest parent that it does.
 */
export function placeCauses(text: string, causes: readonly FieldCause[], fallback: string): Problem[] {
  const positions = new PositionResolver(new Map([[SENT, text]]));
  // The sent text's object (comments around it may form documents of their own).
  const span = parseFile(text, SENT).objects[0]?.source ?? { file: SENT, document: 0, pathPrefix: [] };
  if (causes.length === 0) return [{ code: 'invalid-value', message: fallback, file: undefined, line: undefined, column: undefined }];
  return causes.map((cause) => {
    const path = fieldPath(cause.field);
    const at = positions.locate(span, path);
    const message = cause.field ? `${cause.field}: ${cause.message}` : cause.message;
    return { code: 'invalid-value', message, file: undefined, line: at?.line, column: at?.column, path };
  });
}
