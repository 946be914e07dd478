// What carries a workload's traffic, as a badge with the server's reason: "Ambient" (ztunnel) with the label
// that enrolled it, "Sidecar", or "Missing Sidecar"; and the waypoint an ambient workload's traffic passes.
// Every word here is shaped from the API's dataplane, waypoint and reasons; nothing is decided in the page.
import { Label, Tooltip } from '@patternfly/react-core';
import type { Dataplane } from '../../../src/api/schemas.js';

/** A Record, so a new data plane does not compile until it has its words. */
export const DATAPLANES: Record<Dataplane, { readonly label: string; readonly color: 'blue' | 'grey' | 'red'; readonly title: string }> = {
  ambient: { label: 'Ambient', color: 'blue', title: 'ambient: its node’s ztunnel carries its traffic over HBONE' },
  sidecar: { label: 'Sidecar', color: 'grey', title: 'its own sidecar proxy carries its traffic' },
  none: { label: 'Missing Sidecar', color: 'red', title: 'no sidecar and not in ambient: nothing enforces mTLS' },
};

export function DataplaneBadge({ dataplane, reason }: { dataplane: Dataplane; reason: string | null }) {
  const words = DATAPLANES[dataplane];
  return (
    <Tooltip content={<div className="ml-tooltip">{reason ? `${dataplane}: ${reason}` : words.title}</div>}>
      <Label isCompact color={words.color} variant={dataplane === 'sidecar' ? 'outline' : 'filled'} data-testid="dataplane-badge" data-dataplane={dataplane} tabIndex={0}>
        {words.label}
      </Label>
    </Tooltip>
  );
}

export function WaypointBadge({ waypoint, reason }: { waypoint: string; reason: string | null }) {
  return (
    <Tooltip content={<div className="ml-tooltip">{reason ?? `its traffic passes through waypoint ${waypoint}`}</div>}>
      <Label isCompact color="purple" data-testid="waypoint-badge" data-waypoint={waypoint} tabIndex={0}>
        waypoint {waypoint}
      </Label>
    </Tooltip>
  );
}

/** "3 sidecar · 4 ambient · 1 none": how a namespace's workloads split by data plane, zeros left out. */
export function dataplaneCounts(counts: Readonly<Record<Dataplane, number>>): string {
  const parts = (['sidecar', 'ambient', 'none'] as const).filter((d) => counts[d] > 0).map((d) => `${counts[d]} ${d}`);
  return parts.length > 0 ? parts.join(' · ') : 'no workloads';
}
