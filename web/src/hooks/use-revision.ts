// The config revision the server last announced on /api/events. Data hooks refetch when it changes, so
// open pages follow edits made elsewhere (another tab, a text editor, the lab).
import { createContext, createElement, useContext, useEffect, useState, type ReactNode } from 'react';
import { ChangeEvent } from '../../../src/api/schemas.js';

const RevisionContext = createContext(0);

export function RevisionProvider({ children }: { children: ReactNode }) {
  const [revision, setRevision] = useState(0);
  useEffect(() => {
    const events = new EventSource('/api/events');
    const onEvent = (event: MessageEvent<string>) => {
      const parsed = ChangeEvent.safeParse(JSON.parse(event.data));
      if (parsed.success) setRevision(parsed.data.revision);
    };
    events.addEventListener('hello', onEvent);
    events.addEventListener('change', onEvent);
    return () => events.close();
  }, []);
  return createElement(RevisionContext.Provider, { value: revision }, children);
}

export function useRevision(): number {
  return useContext(RevisionContext);
}
