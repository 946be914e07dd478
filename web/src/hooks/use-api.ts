// The one data hook: every page reads the server through it and gets the same state shape. It refetches
// when the input or the signed-in identity changes, or when /api/events announces a revision other than the
// one its data was made from (the answer's x-meshlock-revision), and keeps showing the last data while it does.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type CallInput, type CallOutput } from '../../../src/api/client.js';
import type { JsonRouteName } from '../../../src/api/routes.js';
import { api } from '../api.js';
import { useBearerToken } from '../auth.js';
import { useRevision } from './use-revision.js';

export interface ApiState<T> {
  readonly data: T | undefined;
  readonly error: ApiError | undefined;
  /** True while a request is in flight, also when older data is shown. */
  readonly loading: boolean;
  readonly reload: () => void;
}

interface Stored {
  readonly key: string;
  readonly data: unknown;
  readonly error: ApiError | undefined;
  readonly loading: boolean;
}

export function useApi<K extends JsonRouteName>(name: K, input: CallInput<K>): ApiState<CallOutput<K>> {
  const revision = useRevision();
  const token = useBearerToken();
  const key = JSON.stringify([name, input]);
  const [nonce, setNonce] = useState(0);
  const [stored, setStored] = useState<Stored>({ key, data: undefined, error: undefined, loading: true });
  // The revision announced last, and the one the last settled answer was made from (undefined while in flight).
  // A page opens before the event stream says hello (revision 0 until then): an answer made from the revision
  // the hello then announces is current, and asking again would double the cost of a large graph.
  const announced = useRef(revision);
  announced.current = revision;
  const answeredAt = useRef<number | undefined>(undefined);
  useEffect(() => {
    const controller = new AbortController();
    const askedAt = announced.current;
    let madeFrom: number | undefined;
    answeredAt.current = undefined;
    setStored((s) => ({ ...s, loading: true }));
    const [, parsedInput] = JSON.parse(key) as [K, CallInput<K>];
    // Newer than this answer already announced while it was on its way: ask again.
    const settled = () => {
      answeredAt.current = madeFrom ?? askedAt;
      if (answeredAt.current < announced.current) setNonce((n) => n + 1);
    };
    api.call(name, parsedInput, { signal: controller.signal, revision: (r) => (madeFrom = r) }).then(
      (data) => {
        setStored({ key, data, error: undefined, loading: false });
        settled();
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError = error instanceof ApiError ? error : new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
        setStored((s) => ({ key, data: s.key === key ? s.data : undefined, error: apiError, loading: false }));
        settled();
      },
    );
    return () => controller.abort();
  }, [name, key, nonce, token]);
  useEffect(() => {
    const at = answeredAt.current;
    if (at !== undefined && at !== revision) setNonce((n) => n + 1);
  }, [revision]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const current = stored.key === key;
  return {
    data: current ? (stored.data as CallOutput<K>) : undefined,
    error: current ? stored.error : undefined,
    loading: !current || stored.loading,
    reload,
  };
}
