// Test builder: a small YAML world as an MtlsEngine. It adds what every cluster has and scenarios should not
// have to repeat (the mesh ConfigMap, an injected Namespace for each namespace used), so a scenario shows
// only the objects its rule is about.
import { buildSnapshot, MtlsEngine, type Problem } from '../core/index.js';
import { parseText } from '../documents/parse.js';

export interface MeshFromYamlOptions {
  /** `enableAutoMtls` of the added mesh ConfigMap; Istio's default is true. */
  readonly autoMtls?: boolean;
  /** `rootNamespace` of the added mesh ConfigMap; Istio's default is istio-system. */
  readonly rootNamespace?: string;
}

/** The name load problems are reported against. */
export const WORLD_FILE = 'world.yaml';

const ISTIOD_NAMESPACE = 'istio-system';

function failOnProblems(problems: readonly Problem[], what: string): void {
  if (problems.length === 0) return;
  const lines = problems.map((p) => `  ${p.file ?? WORLD_FILE}:${p.line ?? '?'}: ${p.code}: ${p.message}`);
  // A scenario whose YAML does not load would silently test an emptier world; stop instead.
  throw new Error(`meshFromYaml: ${what} has load problems:\n${lines.join('\n')}`);
}

/**
 * The YAML with the mesh ConfigMap (`istio` in istio-system) and a Namespace labelled
 * `istio-injection: enabled` for every namespace used, each prepended unless the YAML defines it.
 * Tests that run the CLI write this text to disk so the CLI and the library see the same world.
 */
export function completeWorld(yaml: string, options: MeshFromYamlOptions = {}): string {
  const { objects, problems } = parseText(yaml, WORLD_FILE);
  failOnProblems(problems, 'the YAML');
  const ownMeshConfig = objects.some((o) => o.kind === 'ConfigMap' && o.name === 'istio');
  if (ownMeshConfig && (options.autoMtls !== undefined || options.rootNamespace !== undefined)) {
    throw new Error('meshFromYaml: the YAML defines ConfigMap istio; set enableAutoMtls/rootNamespace in it, not in options');
  }
  const used = new Set(objects.map((o) => o.namespace).filter((ns) => ns !== ''));
  const documents: string[] = [];
  if (!ownMeshConfig) {
    const root = options.rootNamespace ?? ISTIOD_NAMESPACE;
    used.add(ISTIOD_NAMESPACE).add(root);
    documents.push(
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: ${ISTIOD_NAMESPACE}}\n` +
        `data:\n  mesh: |-\n    enableAutoMtls: ${options.autoMtls ?? true}\n    rootNamespace: ${root}\n`,
    );
  }
  const defined = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.name));
  for (const namespace of [...used].sort()) {
    if (!defined.has(namespace)) documents.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${namespace}, labels: {istio-injection: enabled}}\n`);
  }
  return [...documents, yaml].join('---\n');
}

export function meshFromYaml(yaml: string, options: MeshFromYamlOptions = {}): MtlsEngine {
  const { objects, problems } = parseText(completeWorld(yaml, options), WORLD_FILE);
  const snapshot = buildSnapshot(objects, problems);
  failOnProblems(snapshot.problems, 'the completed world');
  return new MtlsEngine(snapshot);
}
