// Text sent for one object (the console's editor, create form, or an API client): exactly one document that
// loads, a kind meshlock knows, and names the API server would accept. Problems carry line and column in
// the sent text, so the editor can mark them.
import { formatRef, kindInfo, type MeshObject, type ObjectRef, type Problem } from '../core/index.js';
import { parseFile } from './parse.js';
import { PositionResolver } from './positions.js';
import { splitDocuments } from './split.js';

/** The name sent text is parsed under; problems carry positions into that text. */
const SENT = '(sent)';
const BARE_MARKER = /^---[ \t]*\r?\n/;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export type CheckedDocument = { readonly text: string; readonly object: MeshObject } | { readonly message: string; readonly problems: readonly Problem[] };

/**
 * Why a name is not one the API server accepts for `kind`, or undefined: a Namespace is a DNS-1123 label,
 * a Service a DNS-1035 label, everything else a DNS-1123 subdomain (apimachinery's validation).
 */
export function invalidName(kind: string, name: string): string | undefined {
  if (kind === 'Namespace') return DNS1123_LABEL.test(name) && name.length <= 63 ? undefined : 'must be a lowercase RFC 1123 label (a-z, 0-9 and "-", at most 63 characters)';
  if (kind === 'Service') return DNS1035_LABEL.test(name) && name.length <= 63 ? undefined : 'must be a lowercase RFC 1035 label (starts with a letter; a-z, 0-9 and "-", at most 63 characters)';
  return DNS1123_SUBDOMAIN.test(name) && name.length <= 253 ? undefined : 'must be a lowercase RFC 1123 subdomain (a-z, 0-9, "-" and ".", at most 253 characters)';
}

export function invalidNamespace(namespace: string): string | undefined {
  return DNS1123_LABEL.test(namespace) && namespace.length <= 63 ? undefined : 'must be a lowercase RFC 1123 label (a-z, 0-9 and "-", at most 63 characters)';
}

/**
 * Checks the text of one object. For an update, `expected` is the object being edited: kind, namespace and
 * name cannot change. For a create, the kind must be one meshlock knows and the names valid.
 */
export function checkDocument(sent: string, expected?: ObjectRef): CheckedDocument {
  // A leading `---` is harmless in the editor but would leave an empty document in the file.
  const marker = BARE_MARKER.exec(sent);
  const text = marker ? sent.slice(marker[0].length) : sent;
  const lineShift = marker ? 1 : 0;
  const invalid = (message: string, line = 1, column = 1, path?: readonly (string | number)[]): CheckedDocument => ({
    message,
    problems: [{ code: 'invalid-value', message, file: undefined, line: line + lineShift, column, ...(path ? { path } : {}) }],
  });
  const chunks = splitDocuments(text);
  if (chunks.length !== 1) {
    const second = chunks[1];
    return invalid(chunks.length === 0 ? 'the text holds no object' : `one object per save: the text holds ${chunks.length} documents`, second ? second.lineOffset + 1 : 1);
  }
  const parsed = parseFile(text, SENT);
  if (parsed.problems.length > 0) {
    const problems = parsed.problems.map((p) => ({ ...p, file: undefined, line: p.line === undefined ? undefined : p.line + lineShift }));
    return { message: problems[0]?.message ?? 'the text does not load', problems };
  }
  const object = parsed.objects[0];
  if (!object || parsed.objects.length !== 1) return invalid('one object per save: a List document cannot be saved here');
  const at = (path: readonly (string | number)[]) => (object.source ? new PositionResolver(new Map([[SENT, text]])).locate(object.source, path) : undefined);
  if (expected) {
    if (object.kind !== expected.kind || object.namespace !== expected.namespace || object.name !== expected.name) {
      const field = object.kind !== expected.kind ? 'kind' : object.namespace !== expected.namespace ? 'namespace' : 'name';
      const path = field === 'kind' ? ['kind'] : ['metadata', field];
      const position = at(path);
      return invalid(`${field} cannot change on save (${formatRef(expected)} → ${formatRef(object)}); create a new object instead`, position?.line, position?.column, path);
    }
    return { text, object };
  }
  if (!kindInfo(object.kind)) {
    const position = at(['kind']);
    return invalid(`kind ${object.kind} is not one meshlock can create`, position?.line, position?.column, ['kind']);
  }
  const badName = invalidName(object.kind, object.name);
  const badNamespace = kindInfo(object.kind)?.namespaced ? invalidNamespace(object.namespace) : undefined;
  if (badName || badNamespace) {
    const path = badName ? ['metadata', 'name'] : ['metadata', 'namespace'];
    const position = at(path);
    return invalid(`metadata.${path[1]} ${JSON.stringify(badName ? object.name : object.namespace)} ${badName ?? badNamespace}`, position?.line, position?.column, path);
  }
  return { text, object };
}
