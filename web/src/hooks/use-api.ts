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

/** A question asked before the page that needs it has loaded, and the revision its answer was made from. */
interface EarlyAnswer {
  readonly answer: Promise<unknown>;
  madeFrom: number | undefined;
}

const earlyAnswers = new Map<string, EarlyAnswer>();
const keyOf = (name: JsonRouteName, input: unknown) => JSON.stringify([name, input]);

/**
 * Asks now what a page will ask once its code has loaded (main.tsx, for a large graph): the server works
 * while the browser loads the page. The page's first useApi with the same input takes this answer.
 */
export function askEarly<K extends JsonRouteName>(name: K, input: CallInput<K>): void {
  const early: EarlyAnswer = { answer: api.call(name, input, { revision: (r) => (early.madeFrom = r) }), madeFrom: undefined };
  // Its failure is reported by the page that takes it.
  early.answer.catch(() => undefined);
  earlyAnswers.set(keyOf(name, input), early);
}

export function useApi<K extends JsonRouteName>(name: K, input: CallInput<K>): ApiState<CallOutput<K>> {
  const revision = useRevision();
  const token = useBearerToken();
  const key = keyOf(name, input);
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
    const early = earlyAnswers.get(key);
    earlyAnswers.delete(key);
    const answer = early
      ? early.answer.finally(() => (madeFrom = early.madeFrom))
      : api.call(name, parsedInput, { signal: controller.signal, revision: (r) => (madeFrom = r) });
    answer.then(
      (data) => {
        if (controller.signal.aborted) return;
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
