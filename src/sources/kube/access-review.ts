// "May I?" answered by the API server itself (SelfSubjectAccessReview) for the source's own credential, so
// the console shows edit buttons exactly when the save would be allowed. Answers are kept briefly: a page
// asks about many objects at once, and a review per object per render is what throttled Kiali's API server.
import { field } from '../../core/index.js';

export interface AccessCheck {
  readonly verb: 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';
  readonly apiVersion: string;
  readonly kind: string;
  /** Omit for the cluster scope. */
  readonly namespace?: string;
  readonly name?: string;
}

export interface AccessDecision {
  readonly allowed: boolean;
  readonly reason: string;
}
import { describeError } from './api-error.js';
import type { KindLookup } from './writes.js';
import type { KubeTransport } from './transport.js';

const KEEP_MS = 30_000;
const MAX_KEPT = 1_000;

export class AccessReviewer {
  private readonly kept = new Map<string, { decision: AccessDecision; at: number }>();
  private readonly transport: KubeTransport;
  private readonly lookup: KindLookup;

  constructor(transport: KubeTransport, lookup: KindLookup) {
    this.transport = transport;
    this.lookup = lookup;
  }

  async review(check: AccessCheck): Promise<AccessDecision> {
    const group = check.apiVersion.includes('/') ? check.apiVersion.split('/')[0]! : '';
    const served = this.lookup(group, check.kind);
    if (!served) return { allowed: false, reason: `meshlock does not read ${check.kind} from this cluster` };
    const key = JSON.stringify([check.verb, group, served.plural, check.namespace ?? '', check.name ?? '']);
    const now = performance.now();
    const kept = this.kept.get(key);
    if (kept && now - kept.at < KEEP_MS) return kept.decision;
    const decision = await this.ask(check, group, served.plural);
    if (this.kept.size >= MAX_KEPT) this.kept.clear();
    this.kept.set(key, { decision, at: now });
    return decision;
  }

  private async ask(check: AccessCheck, group: string, resource: string): Promise<AccessDecision> {
    const body = {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { verb: check.verb, group, resource, ...(check.namespace ? { namespace: check.namespace } : {}), ...(check.name ? { name: check.name } : {}) } },
    };
    try {
      const response = await this.transport.request('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { body });
      if (response.status !== 201 && response.status !== 200) return { allowed: false, reason: `the API server did not answer the access review (HTTP ${response.status})` };
      const allowed = field(response.body, 'status', 'allowed') === true;
      const reason = field(response.body, 'status', 'reason');
      if (typeof reason === 'string' && reason) return { allowed, reason };
      // kube-apiserver's RBAC gives a reason when it allows, none when it denies: say what was refused.
      const where = check.namespace ? ` in the namespace "${check.namespace}"` : ' cluster-wide';
      return { allowed, reason: allowed ? 'allowed' : `cannot ${check.verb} ${group ? `${resource}.${group}` : resource}${where}` };
    } catch (error) {
      return { allowed: false, reason: `access review failed: ${describeError(error)}` };
    }
  }
}
