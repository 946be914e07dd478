// Whether an AuthorizationPolicy principal names a known service account (kiali-backend-reference §2.4.3).
import type { CheckContext } from '../context.js';

export type PrincipalStatus = 'known' | 'foreign' | 'missing';

/** `*` anywhere stands for any characters, anchored at both ends. */
function patternOf(principal: string): RegExp {
  return new RegExp(`^${principal.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`);
}

/**
 * known: matches `<trust domain or alias>/ns/<ns>/sa/<account>` of a loaded workload; foreign: names a
 * trust domain the mesh config does not know (so it cannot be verified); missing: otherwise.
 */
export function principalStatus(principal: string, ctx: CheckContext): PrincipalStatus {
  if (principal === '*') return 'known';
  const known = ctx.principals;
  if (principal.includes('*')) {
    const pattern = patternOf(principal);
    for (const candidate of known) if (pattern.test(candidate)) return 'known';
    return 'missing';
  }
  if (known.has(principal)) return 'known';
  const at = principal.indexOf('/ns/');
  if (at > 0 && !ctx.trustDomains.includes(principal.slice(0, at))) return 'foreign';
  return 'missing';
}
