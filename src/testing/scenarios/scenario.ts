// The shape every scenario table shares, so the engine's acceptance tests and the lab's agreement test
// read the same worlds: the YAML a scenario is about, the mesh options it needs, and what it expects.
import type { MeshFromYamlOptions } from '../mesh-from-yaml.js';

export interface Scenario<Want> {
  /** The test name; it says the rule (and its §) the scenario checks. */
  readonly name: string;
  /** The world's YAML, completed by `completeWorld` (mesh ConfigMap, injected Namespaces). */
  readonly world: string;
  readonly options?: MeshFromYamlOptions;
  readonly want: Want;
}
