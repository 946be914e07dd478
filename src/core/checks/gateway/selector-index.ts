// Workloads of every namespace by pod label, so a selector finds its candidates without scanning them all.
import { pushTo } from '../../model/lists.js';
import { selectorMatches } from '../../model/labels.js';
import type { Labels, Workload } from '../../model/types.js';
import type { CheckContext } from '../context.js';


function byLabel(ctx: CheckContext): ReadonlyMap<string, readonly Workload[]> {
  const workloads = ctx.snapshot.workloads;
  return ctx.memoOn(workloads, 'workloads-by-label', () => {
    const built = new Map<string, Workload[]>();
    for (const w of workloads) {
      for (const [k, v] of Object.entries(w.podLabels)) {
        pushTo(built, `${k}=${v}`, w);
      }
    }
    return built;
  });
}

/** Whether any workload of any namespace has all the selector's labels; an empty selector matches any workload. */
export function anyWorkloadMatches(ctx: CheckContext, selector: Labels): boolean {
  const pairs = Object.entries(selector);
  if (pairs.length === 0) return ctx.snapshot.workloads.length > 0;
  const index = byLabel(ctx);
  let candidates: readonly Workload[] | undefined;
  for (const [k, v] of pairs) {
    const entries = index.get(`${k}=${v}`) ?? [];
    if (!candidates || entries.length < candidates.length) candidates = entries;
  }
  return (candidates ?? []).some((w) => selectorMatches(selector, w.podLabels));
}
