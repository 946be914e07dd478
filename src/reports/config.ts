// Istio config as the console lists and edits it: summaries with validation state, one object's document
// with its checks placed in that document, and the objects it refers to.
import { field, formatRef, hostMatches, isConfigObject, qualifyHost, selectorMatches, SELECTING_KINDS, serviceHostname, workloadSelectorOf, type KnownKind, type Labels, type MeshObject, type MeshRevision, type SourceSpan } from '../core/index.js';
import type { ConfigDetail, ConfigPage, ConfigSummary, LoadProblem, Reference } from '../api/schemas.js';
import { documentAt } from '../documents/edit.js';
import { PositionResolver } from '../documents/positions.js';
import { documentIn, positionsIn } from './revision.js';
import { placeChecks, revisionProblem } from './validation.js';

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
export function configObjects(revision: MeshRevision): MeshObject[] {
  return revision.memo('config-objects', () => {
    const meshConfig = revision.engine.meshConfig.source;
    const meshConfigKey = meshConfig ? formatRef(meshConfig) : undefined;
    return revision.snapshot.objects.filter((o) => isConfigObject(o) || formatRef(o) === meshConfigKey);
  });
}

/** 1-based line where the object's document starts, after its `---` line. */
function documentLine(revision: MeshRevision, span: SourceSpan): number | null {
  const chunk = positionsIn(revision).document(span);
  return chunk ? documentAt(chunk, span).line : null;
}

export function configSummary(revision: MeshRevision, object: MeshObject): ConfigSummary {
  const validation = revision.validationOf(object);
  const count = (severity: string) => validation?.checks.filter((c) => c.severity === severity).length ?? 0;
  return {
    kind: object.kind,
    apiVersion: object.apiVersion,
    namespace: object.namespace,
    name: object.name,
    file: object.source?.file ?? null,
    line: object.source ? documentLine(revision, object.source) : null,
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

export function loadProblems(revision: MeshRevision): LoadProblem[] {
  return revision.snapshot.problems.map((p) => revisionProblem(revision, p));
}

export function configPage(revision: MeshRevision, filter: ConfigFilter): ConfigPage {
  const objects = configObjects(revision);
  const q = filter.q?.toLowerCase();
  const items = objects
    .filter((o) => (filter.namespace === undefined || o.namespace === filter.namespace) && (filter.kind === undefined || o.kind === filter.kind) && (q === undefined || o.name.toLowerCase().includes(q)))
    .map((o) => configSummary(revision, o))
    .filter((s) => matchesValidation(s, filter.validation))
    .sort(byNamespaceKindName);
  const offset = filter.offset ?? 0;
  return {
    total: items.length,
    items: items.slice(offset, offset + (filter.limit ?? 100)),
    kinds: [...new Set(objects.map((o) => o.kind))].sort(),
    namespaces: [...new Set(objects.map((o) => o.namespace))].sort(),
    problems: loadProblems(revision),
  };
}


/** Whether a selecting policy applies to a workload: same namespace and matching labels, or mesh-wide in the root namespace. */
export function appliesTo(revision: MeshRevision, object: MeshObject, workload: { namespace: string; podLabels: Labels }): boolean {
  if (!SELECTING_KINDS.includes(object.kind as KnownKind)) return false;
  const selector = workloadSelectorOf(object);
  if (object.namespace === workload.namespace) return selector === undefined || selectorMatches(selector, workload.podLabels);
  return object.namespace === revision.engine.meshConfig.rootNamespace && selector === undefined;
}

/** Fully qualified host patterns of a DestinationRule (`host`) or VirtualService (`hosts`). */
export function hostPatterns(object: MeshObject): string[] {
  const raw = object.kind === 'DestinationRule' ? [field(object.raw, 'spec', 'host')] : object.kind === 'VirtualService' ? field(object.raw, 'spec', 'hosts') : [];
  return Array.isArray(raw) ? raw.filter((h): h is string => typeof h === 'string').map((h) => qualifyHost(h, object.namespace)) : [];
}

export function coversHost(object: MeshObject, hostnames: readonly string[]): boolean {
  return hostPatterns(object).some((p) => hostnames.some((h) => hostMatches(p, h)));
}

export function references(revision: MeshRevision, object: MeshObject): Reference[] {
  const found: Reference[] = [];
  if (SELECTING_KINDS.includes(object.kind as KnownKind)) {
    const root = object.namespace === revision.engine.meshConfig.rootNamespace && workloadSelectorOf(object) === undefined;
    for (const workload of revision.snapshot.workloads) {
      if (found.length >= REFERENCE_LIMIT) break;
      if (!root && appliesTo(revision, object, workload)) found.push({ kind: workload.workloadKind, namespace: workload.namespace, name: workload.name, relation: 'selects' });
    }
  }
  if (object.kind === 'DestinationRule' || object.kind === 'VirtualService') {
    for (const service of revision.snapshot.services) {
      if (found.length >= REFERENCE_LIMIT) break;
      if (coversHost(object, [serviceHostname(service.name, service.namespace)])) found.push({ kind: 'Service', namespace: service.namespace, name: service.name, relation: 'host' });
    }
  }
  return found;
}

/** The name a document without a file is placed under; positions are in its text alone. */
const DOCUMENT = '(document)';

/**
 * One object with its document and its checks placed in that document (lines counted from the document's
 * first line). Objects read from files show their document in the file as the revision read it; others
 * (a cluster's) the YAML made from the object.
 */
export function configDetail(revision: MeshRevision, object: MeshObject, readOnlyReason: string | undefined): ConfigDetail | undefined {
  const document = documentIn(revision, object);
  if (!document) return undefined;
  const validation = revision.validationOf(object);
  const reason = readOnlyReason ?? document.readOnlyReason;
  const span = object.source;
  // From a file: positions in the file's text, moved to the document's origin. Otherwise: in the document itself.
  const placed = span
    ? placeChecks(validation?.checks ?? [], positionsIn(revision), span, document.line)
    : placeChecks(validation?.checks ?? [], new PositionResolver(new Map([[DOCUMENT, document.text]])), { file: DOCUMENT, document: 0, pathPrefix: [] });
  return {
    ...configSummary(revision, object),
    yaml: document.text,
    resourceVersion: document.version,
    documentLine: document.line,
    editable: reason === undefined,
    readOnlyReason: reason ?? null,
    checks: placed,
    references: references(revision, object),
  };
}
