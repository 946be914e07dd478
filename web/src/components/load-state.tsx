// Loading and error states shared by every page, so each page only renders its data.
import { Alert, Bullseye, Spinner } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import type { ApiState } from '../hooks/use-api.js';

export function LoadState<T>({ state, what, children }: { state: ApiState<T>; what: string; children: (data: T) => ReactNode }) {
  if (state.data !== undefined) return <>{children(state.data)}</>;
  if (state.error) {
    return (
      <Alert variant={state.error.status === 404 ? 'warning' : 'danger'} isInline title={state.error.status === 404 ? `${what} not found` : `Could not load ${what}`}>
        {state.error.message}
      </Alert>
    );
  }
  return (
    <Bullseye>
      <Spinner aria-label={`Loading ${what}`} />
    </Bullseye>
  );
}
