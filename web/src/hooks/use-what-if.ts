// What-if of text that is not saved: the server applies it in memory and lists the edges whose outcome
// would change. Asked a moment after typing stops (like validation), and again when the config changes.
// Nothing to ask (text equal to the saved object, a form not filled in) is no comparison, not a pending one,
// and text that does not parse is not compared at all: the server would read it as the object removed.
import { useEffect, useMemo, useState } from 'react';
import { parseAllDocuments } from 'yaml';
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
  /** Why the text cannot be compared: it does not parse (with its line), or it is empty. */
  readonly unreadable?: string;
}

/** Why YAML text cannot be compared, or undefined when it parses into at least one document. */
export function unreadableYaml(text: string): string | undefined {
  if (text.trim() === '') return 'the text is empty';
  const documents = parseAllDocuments(text);
  const error = (Array.isArray(documents) ? documents : [documents]).flatMap((d) => d.errors)[0];
  if (!error) return undefined;
  const at = error.linePos?.[0];
  // yaml's message repeats the place and quotes the line; the place is already said.
  const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  return `the YAML does not parse${at ? ` (line ${at.line}, column ${at.col})` : ''}: ${message}`;
}

interface Answer {
  readonly key: string;
  readonly data?: WhatIfResponse;
  readonly error?: ApiError;
}

/** `yaml` undefined: nothing to ask yet (a form that is not filled in). */
export function useWhatIf(text: string | undefined, replaces?: ObjectRef): WhatIfState {
  const revision = useRevision();
  const unreadable = useMemo(() => (text === undefined ? undefined : unreadableYaml(text)), [text]);
  const yaml = unreadable === undefined ? text : undefined;
  const key = JSON.stringify([yaml, replaces, revision]);
  const [answer, setAnswer] = useState<Answer | undefined>();
  useEffect(() => {
    if (yaml === undefined) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.call('whatif', { body: { yaml, ...(replaces && { replaces }) } }, { signal: controller.signal }).then(
        // An answer landing as its text is replaced must not overwrite the newer text's answer.
        (data) => {
          if (!controller.signal.aborted) setAnswer({ key, data });
        },
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
  // No text to compare: no answer either (an earlier one would be stale, e.g. right after a save).
  if (yaml === undefined) return { data: undefined, error: undefined, pending: false, unreadable };
  return { data: answer?.data, error: answer?.key === key ? answer.error : undefined, pending: answer?.key !== key };
}
