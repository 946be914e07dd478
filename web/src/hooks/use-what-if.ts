// What-if of text that is not saved: the server applies it in memory and lists the edges whose outcome
// would change. Asked a moment after typing stops (like validation), and again when the config changes.
import { useEffect, useState } from 'react';
import { ApiError } from '../../../src/api/client.js';
import type { ObjectRef, WhatIfResponse } from '../../../src/api/schemas.js';
import { api } from '../api.js';
import { useRevision } from './use-revision.js';

const DELAY_MS = 300;

export interface WhatIfState {
  /** The answer for the latest text, or for an earlier one while `pending`. */
  readonly data: WhatIfResponse | undefined;
  readonly error: ApiError | undefined;
  /** The text changed since `data` was computed. */
  readonly pending: boolean;
}

interface Answer {
  readonly key: string;
  readonly data?: WhatIfResponse;
  readonly error?: ApiError;
}

/** `yaml` undefined: nothing to ask yet (a form that is not filled in). */
export function useWhatIf(yaml: string | undefined, replaces?: ObjectRef): WhatIfState {
  const revision = useRevision();
  const key = JSON.stringify([yaml, replaces, revision]);
  const [answer, setAnswer] = useState<Answer | undefined>();
  useEffect(() => {
    if (yaml === undefined) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.call('whatif', { body: { yaml, ...(replaces && { replaces }) } }, { signal: controller.signal }).then(
        (data) => setAnswer({ key, data }),
        (error: unknown) => {
          if (!controller.signal.aborted) setAnswer({ key, error: error instanceof ApiError ? error : new ApiError(0, 'network', String(error)) });
        },
      );
    }, DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // `key` stands for yaml, replaces and revision: objects made anew each render would re-ask every time.
  }, [key]);
  return { data: answer?.data, error: answer?.key === key ? answer.error : undefined, pending: answer?.key !== key };
}
