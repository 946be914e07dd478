// The one data hook: every page reads the server through it and gets the same state shape. It refetches
// when the input, the config revision or the signed-in identity changes, and keeps showing the last data
// while it does.
import { useCallback, useEffect, useState } from 'react';
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
  useEffect(() => {
    const controller = new AbortController();
    setStored((s) => ({ ...s, loading: true }));
    const [, parsedInput] = JSON.parse(key) as [K, CallInput<K>];
    api.call(name, parsedInput, { signal: controller.signal }).then(
      (data) => setStored({ key, data, error: undefined, loading: false }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError = error instanceof ApiError ? error : new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
        setStored((s) => ({ key, data: s.key === key ? s.data : undefined, error: apiError, loading: false }));
      },
    );
    return () => controller.abort();
  }, [name, key, revision, nonce, token]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const current = stored.key === key;
  return {
    data: current ? (stored.data as CallOutput<K>) : undefined,
    error: current ? stored.error : undefined,
    loading: !current || stored.loading,
    reload,
  };
}
