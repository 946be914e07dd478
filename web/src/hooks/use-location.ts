// Client-side navigation on the History API: pages re-render when the URL changes, and a page with unsaved
// edits can hold navigation back while it asks (in a modal) whether to go on.
import { useSyncExternalStore } from 'react';
import { dropFlashUnless } from './use-flash.js';

const listeners = new Set<() => void>();
/** Answers whether to go now; when it holds navigation back, it calls `proceed` later if the person agrees. */
type Guard = (proceed: () => void) => boolean;
let guard: Guard | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const snapshot = (): string => window.location.pathname + window.location.search;

/** The current path and query, as one string so React compares it cheaply. */
export function useLocation(): { pathname: string; search: URLSearchParams } {
  const current = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(current, window.location.origin);
  return { pathname: url.pathname, search: url.searchParams };
}

/** While set, navigation asks the guard first; a page with unsaved edits sets it. */
export function setNavigationGuard(allow: Guard | undefined): void {
  guard = allow;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (guard && !guard(() => ((guard = undefined), navigate(to, options)))) return;
  dropFlashUnless(to);
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  for (const listener of listeners) listener();
  if (!options.replace) window.scrollTo(0, 0);
}
