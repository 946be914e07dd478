// "If you save this": the edges whose outcome would change, those that start failing first, with the
// traffic observed on them ("14 edges start failing, 0.6 req/s"). Shown next to unsaved text.
import { Alert, Label } from '@patternfly/react-core';
import type { WhatIfResponse } from '../../../src/api/schemas.js';
import type { WhatIfState } from '../hooks/use-what-if.js';
import { formatRate, formatWindow } from './format.js';
import { OUTCOMES } from './traffic-table.js';

/** Rows shown; the summary still counts every changed edge. */
const SHOWN = 12;

function headline(data: WhatIfResponse): { variant: 'danger' | 'warning' | 'info' | 'success'; title: string } {
  const s = data.summary;
  if (s.changed === 0) return { variant: 'success', title: 'No edge changes outcome' };
  const rate = s.failingRequestRate === null ? '' : `, ${formatRate(s.failingRequestRate)} observed on them`;
  if (s.failing > 0) return { variant: data.breaks && data.telemetry ? 'danger' : 'warning', title: `${s.failing} edge${s.failing === 1 ? '' : 's'} start${s.failing === 1 ? 's' : ''} failing${rate}` };
  return { variant: 'info', title: `${s.changed} edge${s.changed === 1 ? '' : 's'} change outcome${s.fixed > 0 ? `, ${s.fixed} stop failing` : ''}` };
}

function Transitions({ data }: { data: WhatIfResponse }) {
  const counts = new Map<string, number>();
  for (const e of data.changed) {
    const transition = `${OUTCOMES[e.before].label} → ${OUTCOMES[e.after].label}`;
    counts.set(transition, (counts.get(transition) ?? 0) + 1);
  }
  return <p className="ml-subtle">{[...counts].map(([t, n]) => `${n} ${t}`).join(', ')}</p>;
}

function telemetryNote(data: WhatIfResponse): string {
  const t = data.telemetry;
  if (!t) return 'No telemetry: every edge that starts failing counts.';
  if (t.error) return `Telemetry did not answer (${t.error}): every edge that starts failing counts.`;
  return `Observed traffic of the last ${formatWindow(t.windowSeconds)}, from ${t.source}.`;
}

/** `idle`: what to say before there is anything to compare. */
export function WhatIfPanel({ state, idle }: { state: WhatIfState; idle: string }) {
  const data = state.data;
  if (state.error) {
    return (
      <Alert variant="warning" isInline isPlain title="What-if is not available">
        {state.error.message}
      </Alert>
    );
  }
  if (state.unreadable) {
    return (
      <Alert variant="warning" isInline isPlain title="Cannot compare" data-what-if="unreadable">
        Nothing was compared: {state.unreadable}. Fix the text to see which edges would change outcome.
      </Alert>
    );
  }
  if (!data) return <p className="ml-subtle" data-what-if={state.pending ? 'pending' : 'idle'}>{state.pending ? 'Comparing the mesh with and without this change…' : idle}</p>;
  const { variant, title } = headline(data);
  return (
    <div className="ml-what-if" data-what-if={state.pending ? 'pending' : 'current'} aria-busy={state.pending}>
      <Alert variant={variant} isInline isPlain title={title} />
      {data.summary.changed > 0 ? (
        <>
          <Transitions data={data} />
          <ul className="ml-plain-list ml-what-if__edges" aria-label="Edges whose outcome changes">
            {data.changed.slice(0, SHOWN).map((e) => (
              <li key={`${e.source}>${e.destination.host}:${e.destination.port}>${e.destination.workload ?? ''}`} data-edge={`${e.source} > ${e.destination.workload ?? e.destination.host}`} title={e.reason}>
                <div>
                  <strong>{e.source === 'outside' ? 'outside the mesh' : e.source}</strong> → {e.destination.host.replace(/\.svc\.cluster\.local$/, '')}:{e.destination.port}
                </div>
                <div className="ml-transition">
                  <Label color={OUTCOMES[e.before].color} isCompact>
                    {OUTCOMES[e.before].label}
                  </Label>
                  →
                  <Label color={OUTCOMES[e.after].color} isCompact>
                    {OUTCOMES[e.after].label}
                  </Label>
                  <span className="ml-what-if__rate">
                    {e.requestRate === null ? <span className="ml-subtle">no traffic data</span> : e.requestRate > 0 ? <strong>{formatRate(e.requestRate)}</strong> : <span className="ml-subtle">no traffic seen</span>}
                    {e.observedAs && e.observedAs !== e.source ? <span className="ml-subtle"> (seen {e.observedAs === 'outside' ? 'without identity' : `as ${e.observedAs}`})</span> : null}
                  </span>
                </div>
              </li>
            ))}
          </ul>
          {data.changed.length > SHOWN ? <p className="ml-subtle">and {data.changed.length - SHOWN} more.</p> : null}
        </>
      ) : null}
      <p className="ml-subtle ml-what-if__note">{telemetryNote(data)}</p>
    </div>
  );
}
