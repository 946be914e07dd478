// Who may do what, per bearer token. RBAC has no deny rules, so a token kept out of any namespace cannot
// list anything cluster-wide either; listing Namespace objects stays allowed, as many clusters grant it.
import { forbidden, type StatusError } from './status.js';
import type { FakeResource } from './resources.js';

export interface TokenPolicy {
  /** User name in messages; the token itself when not given. */
  readonly user?: string;
  readonly forbiddenNamespaces?: readonly string[];
  /** Reads only: create, update, patch and delete are forbidden. */
  readonly readOnly?: boolean;
  /** Resources (plurals) the token may not touch in any namespace, e.g. ['configmaps']. */
  readonly forbiddenResources?: readonly string[];
}

export interface AccessRequest {
  readonly token: string;
  readonly verb: string;
  readonly resource: FakeResource;
  /** undefined at the cluster scope. */
  readonly namespace: string | undefined;
  readonly name?: string;
}

const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete']);

export class AccessRules {
  private readonly policies = new Map<string, TokenPolicy>();
  private onlyKnownTokens = false;

  /** From now on a token without a policy (set or forbidNamespace) gets 401, as an API server does for a made-up one. */
  rejectUnknownTokens(): void {
    this.onlyKnownTokens = true;
  }

  authenticated(token: string): boolean {
    return !this.onlyKnownTokens || this.policies.has(token);
  }

  set(token: string, policy: TokenPolicy): void {
    this.policies.set(token, policy);
  }

  forbidNamespace(token: string, namespace: string): void {
    const policy = this.policies.get(token) ?? {};
    this.policies.set(token, { ...policy, forbiddenNamespaces: [...(policy.forbiddenNamespaces ?? []), namespace] });
  }

  user(token: string): string {
    return this.policies.get(token)?.user ?? token;
  }

  /** undefined when allowed; otherwise the 403 kube-apiserver would send. */
  check(request: AccessRequest): StatusError | undefined {
    const policy = this.policies.get(request.token);
    if (!policy) return undefined;
    const { resource, verb, namespace, name } = request;
    const denied = new Set(policy.forbiddenNamespaces ?? []);
    // A Namespace object is authorised in its own namespace, as kube-apiserver does for get/update/delete.
    const scope = resource.kind === 'Namespace' && name !== undefined ? name : namespace;
    let refused = false;
    if (policy.readOnly && WRITE_VERBS.has(verb)) refused = true;
    else if (policy.forbiddenResources?.includes(resource.plural)) refused = true;
    else if (scope !== undefined && denied.has(scope)) refused = true;
    else if (scope === undefined && resource.namespaced && denied.size > 0) refused = true;
    if (!refused) return undefined;
    const what = `${resource.group ? `${resource.plural}.${resource.group}` : resource.plural}${name !== undefined ? ` "${name}"` : ''}`;
    const where = scope === undefined ? 'at the cluster scope' : `in the namespace "${scope}"`;
    return forbidden(`${what} is forbidden: User "${this.user(request.token)}" cannot ${verb} resource "${resource.plural}" in API group "${resource.group}" ${where}`, resource, name);
  }
}
