// The bearer token a person signed in with (a console started with `--auth token`). It lives in
// sessionStorage: it is gone when the tab closes, and other sites cannot read it. Every API call and the
// event stream send it as `Authorization: Bearer`.
import { useSyncExternalStore } from 'react';

const KEY = 'meshlock.token';
const listeners = new Set<() => void>();

function stored(): string | undefined {
  try {
    return window.sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    // Storage can be switched off; then nobody is signed in.
    return undefined;
  }
}

let token = stored();

export function bearerToken(): string | undefined {
  return token;
}

/** Signs in with `value`, or out with undefined; every page and the event stream follow. */
export function setBearerToken(value: string | undefined): void {
  token = value?.trim() || undefined;
  try {
    if (token) window.sessionStorage.setItem(KEY, token);
    else window.sessionStorage.removeItem(KEY);
  } catch {
    // Kept in memory for this page only.
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useBearerToken(): string | undefined {
  return useSyncExternalStore(subscribe, bearerToken);
}
