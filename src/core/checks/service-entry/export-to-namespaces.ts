// The KIA0005 rule shared by the VirtualService and ServiceEntry checkers (the DestinationRule one lives with
// the DestinationRule checks).
import { field, list } from '../../model/read.js';
import type { MeshObject } from '../../model/types.js';
import { isDataplaneAmbient } from '../ambient/ambient.js';
import type { Finding } from '../checker.js';
import type { CheckContext } from '../context.js';

/**
 * One finding per `spec.exportTo[i]` that names no namespace. `.`, `*` and `~` (exported nowhere) are
 * Istio's own values. Namespace existence is only known when the files declare Namespaces; objects in
 * ambient namespaces are skipped, as Kiali does, because istiod ignores their exportTo there.
 */
export function unknownExportToNamespaces(object: MeshObject, ctx: CheckContext): Finding[] {
  if (!ctx.declaresNamespaces || isDataplaneAmbient(ctx, object.namespace)) return [];
  const findings: Finding[] = [];
  list(field(object.raw, 'spec', 'exportTo')).forEach((entry, i) => {
    if (typeof entry !== 'string' || entry === '.' || entry === '*' || entry === '~') return;
    if (!ctx.namespaceExists(entry)) findings.push({ path: ['spec', 'exportTo', i] });
  });
  return findings;
}
