// Istio config as the console lists and edits it: summaries with validation state, one object's document
// with its checks placed in that document, and the objects it refers to.
import { field, formatRef, hostMatches, isRecord, qualifyHost, selectorMatches, serviceHostname, type Labels, type MeshObject, type SourceSpan } from '../../core/index.js';
import type { ConfigDetail, ConfigPage, ConfigSummary, LoadProblem, Reference } from '../../api/schemas.js';
import { PositionResolver } from '../../sources/files/positions.js';
import { documentAt } from '../../sources/files/write.js';
import type { ObjectDocument } from '../../sources/text-source.js';
import type { MeshView } from '../mesh-view.js';
import { isConfigObject, placeChecks } from '../validation.js';

export interface ConfigFilter {
  namespace?: string;
  kind?: string;
  q?: string;
  validation?: 'valid' | 'warning' | 'invalid' | 'unvalidated';
  offset?: number;
  limit?: number;
}

const REFERENCE_LIMIT = 50;

/** Istio and Gateway API objects, plus the ConfigMap that holds the mesh config. */
export function configObjects(view: MeshView): MeshObject[] {
  const meshConfig = view.engine.meshConfig.source;
  const meshConfigKey = meshConfig ? formatRef(meshConfig) : undefined;
  return view.snapshot.objects.filter((o) => isConfigObject(o) || formatRef(o) === meshConfigKey);
}

/** 1-based line where the object's document starts, after its `---` line. */
function documentLine(view: MeshView, span: SourceSpan): number {
  const text = view.loaded.texts.get(span.file);
  return text !== undefined && /^---[ \t]*\r?\n/.test(text.slice(span.start, span.start + 8)) ? span.line + 1 : span.line;
}

export function configSummary(view: MeshView, object: MeshObject, full = true): ConfigSummary {
  const validation = full ? view.validations().get(object) : view.validationOf(object);
  const count = (severity: string) => validation?.checks.filter((c) => c.severity === severity).length ?? 0;
  return {
    kind: object.kind,
    apiVersion: object.apiVersion,
    namespace: object.namespace,
    name: object.name,
    file: object.source?.file ?? null,
    line: object.source ? documentLine(view, object.source) : null,
    valid: validation ? validation.valid : null,
    errors: count('error'),
    warnings: count('warning'),
    unknown: count('info'),
  };
}

const byNamespaceKindName = (a: ConfigSummary, b: ConfigSummary): number =>
  a.namespace.localeCompare(b.namespace) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name);

function matchesValidation(summary: ConfigSummary, wanted: ConfigFilter['validation']): boolean {
  switch (wanted) {
    case undefined:
      return true;
    case 'valid':
      return summary.valid === true;
    case 'invalid':
      return summary.valid === false;
    case 'warning':
      return summary.warnings > 0;
    case 'unvalidated':
      return summary.valid === null;
  }
}

export function loadProblems(view: MeshView): LoadProblem[] {
  return view.snapshot.problems.map((p) => ({ code: p.code, message: p.message, file: p.file ?? null, line: p.line ?? null, column: p.column ?? null }));
}

export function configPage(view: MeshView, filter: ConfigFilter): ConfigPage {
  const objects = configObjects(view);
  const q = filter.q?.toLowerCase();
  const items = objects
    .filter((o) => (filter.namespace === undefined || o.namespace === filter.namespace) && (filter.kind === undefined || o.kind === filter.kind) && (q === undefined || o.name.toLowerCase().includes(q)))
    .map((o) => configSummary(view, o))
    .filter((s) => matchesValidation(s, filter.validation))
    .sort(byNamespaceKindName);
  const offset = filter.offset ?? 0;
  return {
    total: items.length,
    items: items.slice(offset, offset + (filter.limit ?? 100)),
    kinds: [...new Set(objects.map((o) => o.kind))].sort(),
    namespaces: [...new Set(objects.map((o) => o.namespace))].sort(),
    problems: loadProblems(view),
  };
}

/** The labels a policy selects workloads with, wherever its kind keeps them; undefined = every workload. */
function workloadSelector(object: MeshObject): Labels | undefined {
  const spec = field(object.raw, 'spec');
  const labels = field(spec, 'selector', 'matchLabels') ?? field(spec, 'workloadSelector', 'labels') ?? field(spec, 'workloadSelector', 'matchLabels');
  if (!isRecord(labels)) return undefined;
  const entries = Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === 'string');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

const SELECTING_KINDS = new Set(['PeerAuthentication', 'AuthorizationPolicy', 'RequestAuthentication', 'Sidecar', 'Telemetry', 'WasmPlugin', 'EnvoyFilter']);

/** Whether a selecting policy applies to a workload: same namespace and matching labels, or mesh-wide in the root namespace. */
export function appliesTo(view: MeshView, object: MeshObject, workload: { namespace: string; podLabels: Labels }): boolean {
  if (!SELECTING_KINDS.has(object.kind)) return false;
  const selector = workloadSelector(object);
  if (object.namespace === workload.namespace) return selector === undefined || selectorMatches(selector, workload.podLabels);
  return object.namespace === view.engine.meshConfig.rootNamespace && selector === undefined;
}

/** Fully qualified host patterns of a DestinationRule (`host`) or VirtualService (`hosts`). */
export function hostPatterns(object: MeshObject): string[] {
  const raw = object.kind === 'DestinationRule' ? [field(object.raw, 'spec', 'host')] : object.kind === 'VirtualService' ? field(object.raw, 'spec', 'hosts') : [];
  return Array.isArray(raw) ? raw.filter((h): h is string => typeof h === 'string').map((h) => qualifyHost(h, object.namespace)) : [];
}

export function coversHost(object: MeshObject, hostnames: readonly string[]): boolean {
  return hostPatterns(object).some((p) => hostnames.some((h) => hostMatches(p, h)));
}

export function references(view: MeshView, object: MeshObject): Reference[] {
  const found: Reference[] = [];
  if (SELECTING_KINDS.has(object.kind)) {
    const root = object.namespace === view.engine.meshConfig.rootNamespace && workloadSelector(object) === undefined;
    for (const workload of view.snapshot.workloads) {
      if (found.length >= REFERENCE_LIMIT) break;
      if (!root && appliesTo(view, object, workload)) found.push({ kind: workload.workloadKind, namespace: workload.namespace, name: workload.name, relation: 'selects' });
    }
  }
  if (object.kind === 'DestinationRule' || object.kind === 'VirtualService') {
    for (const service of view.snapshot.services) {
      if (found.length >= REFERENCE_LIMIT) break;
      if (coversHost(object, [serviceHostname(service.name, service.namespace)])) found.push({ kind: 'Service', namespace: service.namespace, name: service.name, relation: 'host' });
    }
  }
  return found;
}

/** The name checks of a source-provided document are placed under; positions are in its text alone. */
const DOCUMENT = '(document)';

/**
 * One object with its document. Objects read from files carry their text; others (a cluster's) come with
 * `document`, the YAML their source shows for them, and checks are placed in that YAML's syntax tree.
 */
export function configDetail(view: MeshView, object: MeshObject, readOnlyReason: string | undefined, document?: ObjectDocument): ConfigDetail | undefined {
  if (!object.source && document) {
    const validation = view.validationOf(object);
    const positions = new PositionResolver(new Map([[DOCUMENT, document.text]]));
    const span: SourceSpan = { file: DOCUMENT, start: 0, end: document.text.length, line: 1, pathPrefix: [] };
    return {
      ...configSummary(view, object, false),
      yaml: document.text,
      resourceVersion: document.version,
      documentLine: 1,
      editable: readOnlyReason === undefined,
      readOnlyReason: readOnlyReason ?? null,
      checks: validation ? placeChecks(validation, positions, span) : [],
      references: references(view, object),
    };
  }
  const span = object.source;
  const text = span ? view.loaded.texts.get(span.file) : undefined;
  const at = span && text !== undefined ? documentAt(text, span) : undefined;
  if (!span || !at) return undefined;
  const validation = view.validationOf(object);
  const reason = readOnlyReason ?? (at.whole ? undefined : 'this object is one item of a List document; edit its file directly');
  return {
    ...configSummary(view, object, false),
    yaml: at.text,
    resourceVersion: at.version,
    documentLine: at.line,
    editable: reason === undefined,
    readOnlyReason: reason ?? null,
    checks: validation ? placeChecks(validation, view.loaded.positions, span, at.line) : [],
    references: references(view, object),
  };
}
