import { load } from 'js-yaml';
import { field, isRecord, str, stringList } from './read.js';
import { DEFAULT_MESH_CONFIG, type MeshConfig, type MeshObject, type Problem } from './types.js';

/** Where istiod runs unless installed elsewhere; its `istio` ConfigMap is the mesh config. */
export const DEFAULT_ISTIOD_NAMESPACE = 'istio-system';

/** The ConfigMap Istio keeps its mesh config in (istio-mtls-semantics §9): `istio` in the istiod namespace. */
export function isMeshConfigMap(object: MeshObject): boolean {
  return object.kind === 'ConfigMap' && object.name === 'istio' && typeof field(object.raw, 'data', 'mesh') === 'string';
}

/**
 * Reads `data.mesh` (YAML text inside the ConfigMap). rootNamespace defaults to the ConfigMap's own
 * namespace, which is the istiod namespace. Unreadable text keeps Istio's defaults and reports a problem.
 */
export function readMeshConfig(configMap: MeshObject): { config: MeshConfig; problem?: Problem } {
  const text = str(field(configMap.raw, 'data', 'mesh')) ?? '';
  const source = { kind: 'ConfigMap', namespace: configMap.namespace, name: configMap.name };
  let mesh: unknown;
  try {
    mesh = load(text);
  } catch (error) {
    return {
      config: { ...DEFAULT_MESH_CONFIG, rootNamespace: configMap.namespace, source },
      problem: {
        code: 'yaml-syntax',
        message: `ConfigMap ${configMap.namespace}/istio data.mesh is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
        file: configMap.source?.file,
        // The ConfigMap's document line is the file text's to say: reports place it from `object`.
        line: undefined,
        column: 1,
        object: source,
      },
    };
  }
  if (!isRecord(mesh)) mesh = {};
  const auto = field(mesh, 'enableAutoMtls');
  const exportTo = stringList(field(mesh, 'defaultDestinationRuleExportTo'));
  return {
    config: {
      rootNamespace: str(field(mesh, 'rootNamespace')) ?? configMap.namespace,
      enableAutoMtls: typeof auto === 'boolean' ? auto : auto === 'false' ? false : DEFAULT_MESH_CONFIG.enableAutoMtls,
      trustDomain: str(field(mesh, 'trustDomain')) ?? DEFAULT_MESH_CONFIG.trustDomain,
      minProtocolVersion: field(mesh, 'meshMTLS', 'minProtocolVersion') === 'TLSV1_3' ? 'TLSV1_3' : 'TLSV1_2',
      defaultDestinationRuleExportTo: exportTo.length > 0 ? exportTo : DEFAULT_MESH_CONFIG.defaultDestinationRuleExportTo,
      defaultServiceExportTo: stringList(field(mesh, 'defaultServiceExportTo')),
      defaultVirtualServiceExportTo: stringList(field(mesh, 'defaultVirtualServiceExportTo')),
      outboundTrafficPolicy: field(mesh, 'outboundTrafficPolicy', 'mode') === 'REGISTRY_ONLY' ? 'REGISTRY_ONLY' : 'ALLOW_ANY',
      trustDomainAliases: stringList(field(mesh, 'trustDomainAliases')),
      sidecarHbone: field(mesh, 'defaultConfig', 'proxyMetadata', 'ISTIO_META_ENABLE_HBONE') === 'true',
      source,
    },
  };
}
