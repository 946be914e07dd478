// The session: whether the console may edit, the CSRF token and where the objects come from.
import { createContext, useContext } from 'react';
import type { Session } from '../../../src/api/schemas.js';

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session | undefined {
  return useContext(SessionContext);
}

/** Why editing is off, or undefined when it is on (also while the session loads, edits wait for it). */
export function useReadOnlyReason(): string | undefined {
  const session = useSession();
  if (!session) return 'loading the session';
  return session.readOnly ? (session.readOnlyReason ?? 'read-only') : undefined;
}
