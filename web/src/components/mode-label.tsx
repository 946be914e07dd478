// A lock with its mode word, as the overview and details pages show it: "🔒 Strict", with an inherited
// marker when the namespace has no policy of its own, and the explanation on hover.
import { Label, Tooltip } from '@patternfly/react-core';
import type { Lock, RollupMode, ServerMode } from '../../../src/api/schemas.js';
import { LOCKS, LockIcon } from './lock-icon.js';
import { decidedByText, MODE_LABELS } from './modes.js';

export interface ModeLabelProps {
  readonly lock: Lock;
  readonly mode: RollupMode | ServerMode;
  readonly decidedBy: string | null;
  readonly inherited?: boolean;
  /** Lines for the tooltip: a Kiali message, then the engine's explanation. */
  readonly details: readonly string[];
}

export function ModeLabel({ lock, mode, decidedBy, inherited = false, details }: ModeLabelProps) {
  const word = MODE_LABELS[mode];
  const alt = `${LOCKS[lock].label}: ${word}${inherited ? ', inherited from mesh' : ''}, ${decidedByText(decidedBy)}`;
  return (
    <Tooltip
      content={
        <div className="ml-tooltip">
          {details.map((line, i) => (
            <div key={i}>{line}</div>
          ))}
          <div>{decidedByText(decidedBy)}</div>
        </div>
      }
    >
      <Label variant="outline" icon={<LockIcon lock={lock} label={alt} />} className="ml-mode-label" data-lock={lock}>
        {word}
        {inherited ? <span className="ml-inherited"> ↓ inherited from mesh</span> : null}
      </Label>
    </Tooltip>
  );
}

/** The lock and mode word inline, as list rows show them: "🔒 Strict", the lock's name and mode on hover. */
export function InlineMode({ lock, mode }: { lock: Lock; mode: RollupMode | ServerMode }) {
  return (
    <span className="ml-port-mode">
      <LockIcon lock={lock} label={`${LOCKS[lock].label}: ${mode}`} /> {MODE_LABELS[mode]}
    </span>
  );
}
