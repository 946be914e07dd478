// The config revision the server last announced on /api/events, and the cluster connection state it
// reports. Data hooks refetch when the revision changes, so open pages follow edits made elsewhere (another
// tab, a text editor, the lab, the cluster). The stream is read with fetch rather than EventSource, which
// cannot send a signed-in person's Authorization header; it reconnects after a pause when it ends.
import { createContext, createElement, useContext, useEffect, useState, type ReactNode } from 'react';
import { ChangeEvent, Connection } from '../../../src/api/schemas.js';
import { api } from '../api.js';
import { useBearerToken } from '../auth.js';

const RETRY_MS = 2_000;

interface Live {
  readonly revision: number;
  readonly connection: Connection | undefined;
}

const LiveContext = createContext<Live>({ revision: 0, connection: undefined });

interface StreamEvent {
  readonly event: string;
  readonly data: string;
}

/** The complete events in an event-stream buffer (blank-line separated), and the incomplete rest. */
function parseEvents(buffer: string): { events: StreamEvent[]; rest: string } {
  const blocks = buffer.replace(/\r\n/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  const events: StreamEvent[] = [];
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length > 0) events.push({ event, data: data.join('\n') });
  }
  return { events, rest };
}

function parsed(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

export function RevisionProvider({ children }: { children: ReactNode }) {
  const token = useBearerToken();
  const [live, setLive] = useState<Live>({ revision: 0, connection: undefined });
  useEffect(() => {
    const controller = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    const handle = ({ event, data }: StreamEvent) => {
      if (event === 'hello' || event === 'change') {
        const change = ChangeEvent.safeParse(parsed(data));
        if (change.success) setLive((l) => (l.revision === change.data.revision ? l : { ...l, revision: change.data.revision }));
      } else if (event === 'connection') {
        const connection = Connection.safeParse(parsed(data));
        if (connection.success) setLive((l) => ({ ...l, connection: connection.data }));
      }
    };
    const connect = () => {
      fetch('/api/events', { headers: { accept: 'text/event-stream', ...api.authHeaders() }, signal: controller.signal, credentials: 'same-origin' })
        .then(async (response) => {
          if (!response.ok || !response.body) return;
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          // Ends with the stream: the server closing it, the network, or this effect's cleanup aborting it.
          for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
            const split = parseEvents(buffer + chunk.value);
            buffer = split.rest;
            split.events.forEach(handle);
          }
        })
        .catch(() => undefined)
        .finally(() => {
          if (!controller.signal.aborted) retry = setTimeout(connect, RETRY_MS);
        });
    };
    connect();
    return () => {
      controller.abort();
      clearTimeout(retry);
    };
  }, [token]);
  return createElement(LiveContext.Provider, { value: live }, children);
}

export function useRevision(): number {
  return useContext(LiveContext).revision;
}

/** The connection state the event stream last reported; undefined before it did (and for files). */
export function useLiveConnection(): Connection | undefined {
  return useContext(LiveContext).connection;
}
