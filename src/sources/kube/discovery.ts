// Which version of each watched kind the server serves, from the discovery documents: `/apis` names the
// served versions of every group, `/api/v1` and `/apis/<group>/<version>` list the resources of one. A kind
// the server lacks (Istio not installed, an old Istio without Sidecar v1) is reported, not fatal.
import { field, isRecord } from '../../core/index.js';
import { apiError } from './api-error.js';
import type { ServedKind, WatchedKind } from './kinds.js';
import type { KubeTransport } from './transport.js';

export interface DiscoveredKinds {
  readonly served: readonly ServedKind[];
  readonly missing: readonly { readonly kind: string; readonly reason: string }[];
}

async function getJson(transport: KubeTransport, path: string): Promise<unknown> {
  const response = await transport.request('GET', path);
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw apiError(response.status, response.body, `discovery ${path}`);
  return response.body;
}

function servedVersions(groupList: unknown): Map<string, Set<string>> {
  const groups = new Map<string, Set<string>>();
  const listed = field(groupList, 'groups');
  for (const group of Array.isArray(listed) ? listed : []) {
    const versions = field(group, 'versions');
    const names = (Array.isArray(versions) ? versions : []).map((v) => field(v, 'version')).filter((v): v is string => typeof v === 'string');
    groups.set(String(field(group, 'name') ?? ''), new Set(names));
  }
  return groups;
}

export async function discoverKinds(transport: KubeTransport, wanted: readonly WatchedKind[]): Promise<DiscoveredKinds> {
  const groups = servedVersions(await getJson(transport, '/apis'));
  groups.set('', new Set(['v1']));
  const resourceLists = new Map<string, Promise<unknown>>();
  const resourcesOf = (group: string, version: string) => {
    const path = group ? `/apis/${group}/${version}` : `/api/${version}`;
    let list = resourceLists.get(path);
    if (!list) {
      list = getJson(transport, path);
      resourceLists.set(path, list);
    }
    return list;
  };
  const served: ServedKind[] = [];
  const missing: { kind: string; reason: string }[] = [];
  for (const kind of wanted) {
    const versions = groups.get(kind.group);
    let found: ServedKind | undefined;
    for (const version of kind.versions) {
      if (!versions?.has(version)) continue;
      const list = await resourcesOf(kind.group, version);
      const resources = field(list, 'resources');
      const entry = (Array.isArray(resources) ? resources : []).find((r) => isRecord(r) && r.kind === kind.kind && typeof r.name === 'string' && !r.name.includes('/'));
      if (!isRecord(entry)) continue;
      const apiVersion = kind.group ? `${kind.group}/${version}` : version;
      found = { kind: kind.kind, group: kind.group, version, apiVersion, plural: String(entry.name), namespaced: entry.namespaced === true };
      break;
    }
    if (found) served.push(found);
    else {
      const group = kind.group || 'core';
      missing.push({
        kind: kind.kind,
        reason: versions ? `${group} serves ${[...versions].join(', ')}, none of which has ${kind.kind} (tried ${kind.versions.join(', ')})` : `the server does not serve the API group ${group}`,
      });
    }
  }
  return { served, missing };
}
